using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace NrmHub.Core.Data.Migrations;

// Written by hand: Microsoft.EntityFrameworkCore.Design cannot be restored here (see CONTRIBUTING.md).
// SchemaDriftTests fails when this and the model disagree.
[DbContext(typeof(NrmDbContext))]
[Migration("20261123000000_InitialCreate")]
public class InitialCreate : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "Actors",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Code = t.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ShortName = t.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                NameEn = t.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                NameAz = t.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                NameRu = t.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                Kind = t.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                Level = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                Region = t.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                RegionsServed = t.Column<string>(type: "TEXT", nullable: false),
                ParentId = t.Column<int>(type: "INTEGER", nullable: true),
                IsActive = t.Column<bool>(type: "INTEGER", nullable: false),
                Address = t.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                AddressDisclosure = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                Contacts = t.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Actors", x => x.Id);
                t.ForeignKey("FK_Actors_Actors_ParentId", x => x.ParentId, "Actors", "Id", onDelete: ReferentialAction.Restrict);
            });
        mb.CreateIndex(name: "IX_Actors_Code", table: "Actors", column: "Code", unique: true);
        mb.CreateIndex(name: "IX_Actors_ParentId", table: "Actors", column: "ParentId");

        mb.CreateTable(
            name: "Mandates",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                ActorId = t.Column<int>(type: "INTEGER", nullable: false),
                Pillar = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                Services = t.Column<string>(type: "TEXT", nullable: false),
                LegalBasisText = t.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                LegalBasisReference = t.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                Capacity = t.Column<int>(type: "INTEGER", nullable: true),
                Occupancy = t.Column<int>(type: "INTEGER", nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Mandates", x => x.Id);
                t.ForeignKey("FK_Mandates_Actors_ActorId", x => x.ActorId, "Actors", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex(name: "IX_Mandates_ActorId", table: "Mandates", column: "ActorId");

        mb.CreateTable(
            name: "Channels",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                FromActorId = t.Column<int>(type: "INTEGER", nullable: false),
                ToActorId = t.Column<int>(type: "INTEGER", nullable: false),
                Services = t.Column<string>(type: "TEXT", nullable: false),
                Basis = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                TimeLimitNote = t.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                IsActive = t.Column<bool>(type: "INTEGER", nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Channels", x => x.Id);
                t.ForeignKey("FK_Channels_Actors_FromActorId", x => x.FromActorId, "Actors", "Id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_Channels_Actors_ToActorId", x => x.ToActorId, "Actors", "Id", onDelete: ReferentialAction.Restrict);
            });
        mb.CreateIndex(name: "IX_Channels_FromActorId_ToActorId", table: "Channels", columns: ["FromActorId", "ToActorId"], unique: true);
        mb.CreateIndex(name: "IX_Channels_ToActorId", table: "Channels", column: "ToActorId");

        mb.CreateTable(
            name: "AuditEntries",
            columns: t => new
            {
                Id = t.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                AtUtc = t.Column<DateTime>(type: "TEXT", nullable: false),
                UserId = t.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                UserActorId = t.Column<int>(type: "INTEGER", nullable: true),
                Action = t.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                EntityType = t.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                EntityKey = t.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                CaseCode = t.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                Before = t.Column<string>(type: "TEXT", nullable: true),
                After = t.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_AuditEntries", x => x.Id));
        mb.CreateIndex(name: "IX_AuditEntries_AtUtc", table: "AuditEntries", column: "AtUtc");
        mb.CreateIndex(name: "IX_AuditEntries_EntityType_EntityKey", table: "AuditEntries", columns: ["EntityType", "EntityKey"]);
        mb.CreateIndex(name: "IX_AuditEntries_CaseCode", table: "AuditEntries", column: "CaseCode");

        // Append-only even for someone who bypasses the app's context.
        mb.Sql("CREATE TRIGGER AuditEntries_no_update BEFORE UPDATE ON AuditEntries BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;");
        mb.Sql("CREATE TRIGGER AuditEntries_no_delete BEFORE DELETE ON AuditEntries BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;");

        mb.CreateTable(
            name: "AspNetRoles",
            columns: t => new
            {
                Id = t.Column<string>(type: "TEXT", nullable: false),
                Name = t.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                NormalizedName = t.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                ConcurrencyStamp = t.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_AspNetRoles", x => x.Id));
        mb.CreateIndex(name: "RoleNameIndex", table: "AspNetRoles", column: "NormalizedName", unique: true);

        mb.CreateTable(
            name: "AspNetUsers",
            columns: t => new
            {
                Id = t.Column<string>(type: "TEXT", nullable: false),
                DisplayName = t.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                ActorId = t.Column<int>(type: "INTEGER", nullable: false),
                UserName = t.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                NormalizedUserName = t.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                Email = t.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                NormalizedEmail = t.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                EmailConfirmed = t.Column<bool>(type: "INTEGER", nullable: false),
                PasswordHash = t.Column<string>(type: "TEXT", nullable: true),
                SecurityStamp = t.Column<string>(type: "TEXT", nullable: true),
                ConcurrencyStamp = t.Column<string>(type: "TEXT", nullable: true),
                PhoneNumber = t.Column<string>(type: "TEXT", nullable: true),
                PhoneNumberConfirmed = t.Column<bool>(type: "INTEGER", nullable: false),
                TwoFactorEnabled = t.Column<bool>(type: "INTEGER", nullable: false),
                LockoutEnd = t.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                LockoutEnabled = t.Column<bool>(type: "INTEGER", nullable: false),
                AccessFailedCount = t.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUsers", x => x.Id);
                t.ForeignKey("FK_AspNetUsers_Actors_ActorId", x => x.ActorId, "Actors", "Id", onDelete: ReferentialAction.Restrict);
            });
        mb.CreateIndex(name: "EmailIndex", table: "AspNetUsers", column: "NormalizedEmail");
        mb.CreateIndex(name: "UserNameIndex", table: "AspNetUsers", column: "NormalizedUserName", unique: true);
        mb.CreateIndex(name: "IX_AspNetUsers_ActorId", table: "AspNetUsers", column: "ActorId");

        mb.CreateTable(
            name: "AspNetRoleClaims",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                RoleId = t.Column<string>(type: "TEXT", nullable: false),
                ClaimType = t.Column<string>(type: "TEXT", nullable: true),
                ClaimValue = t.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                t.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex(name: "IX_AspNetRoleClaims_RoleId", table: "AspNetRoleClaims", column: "RoleId");

        mb.CreateTable(
            name: "AspNetUserClaims",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                UserId = t.Column<string>(type: "TEXT", nullable: false),
                ClaimType = t.Column<string>(type: "TEXT", nullable: true),
                ClaimValue = t.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                t.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex(name: "IX_AspNetUserClaims_UserId", table: "AspNetUserClaims", column: "UserId");

        mb.CreateTable(
            name: "AspNetUserLogins",
            columns: t => new
            {
                LoginProvider = t.Column<string>(type: "TEXT", nullable: false),
                ProviderKey = t.Column<string>(type: "TEXT", nullable: false),
                ProviderDisplayName = t.Column<string>(type: "TEXT", nullable: true),
                UserId = t.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                t.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex(name: "IX_AspNetUserLogins_UserId", table: "AspNetUserLogins", column: "UserId");

        mb.CreateTable(
            name: "AspNetUserRoles",
            columns: t => new
            {
                UserId = t.Column<string>(type: "TEXT", nullable: false),
                RoleId = t.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                t.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex(name: "IX_AspNetUserRoles_RoleId", table: "AspNetUserRoles", column: "RoleId");

        mb.CreateTable(
            name: "AspNetUserTokens",
            columns: t => new
            {
                UserId = t.Column<string>(type: "TEXT", nullable: false),
                LoginProvider = t.Column<string>(type: "TEXT", nullable: false),
                Name = t.Column<string>(type: "TEXT", nullable: false),
                Value = t.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                t.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder mb)
    {
        foreach (var table in new[] { "AspNetUserTokens", "AspNetUserRoles", "AspNetUserLogins", "AspNetUserClaims", "AspNetRoleClaims", "AspNetUsers", "AspNetRoles", "AuditEntries", "Channels", "Mandates", "Actors" })
        {
            mb.DropTable(table);
        }
    }
}
