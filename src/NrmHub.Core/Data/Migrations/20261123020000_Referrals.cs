using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace NrmHub.Core.Data.Migrations;

/// <summary>Cases with their personal profile kept apart, referrals with their timeline, stored notifications.</summary>
[DbContext(typeof(NrmDbContext))]
[Migration("20261123020000_Referrals")]
public class Referrals : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "Cases",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Code = t.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                OpenedByActorId = t.Column<int>(type: "INTEGER", nullable: false),
                OpenedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: false),
                ClosedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Cases", x => x.Id);
                t.ForeignKey("FK_Cases_Actors_OpenedByActorId", x => x.OpenedByActorId, "Actors", "Id", onDelete: ReferentialAction.Restrict);
            });
        mb.CreateIndex(name: "IX_Cases_Code", table: "Cases", column: "Code", unique: true);
        mb.CreateIndex(name: "IX_Cases_OpenedByActorId", table: "Cases", column: "OpenedByActorId");

        mb.CreateTable(
            name: "CaseProfiles",
            columns: t => new
            {
                CaseId = t.Column<int>(type: "INTEGER", nullable: false),
                FullName = t.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                DateOfBirth = t.Column<DateOnly>(type: "TEXT", nullable: true),
                AgeGroup = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                Sex = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                Nationality = t.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                Languages = t.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                Contact = t.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                Vulnerabilities = t.Column<string>(type: "TEXT", nullable: false),
                ExploitationForm = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                RegionIdentified = t.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_CaseProfiles", x => x.CaseId);
                t.ForeignKey("FK_CaseProfiles_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            });

        mb.CreateTable(
            name: "Referrals",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                CaseId = t.Column<int>(type: "INTEGER", nullable: false),
                FromActorId = t.Column<int>(type: "INTEGER", nullable: false),
                ToActorId = t.Column<int>(type: "INTEGER", nullable: false),
                ParentReferralId = t.Column<int>(type: "INTEGER", nullable: true),
                Services = t.Column<string>(type: "TEXT", nullable: false),
                Urgency = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                ReasonText = t.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                Consent = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                ConsentOverrideReason = t.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                State = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                DeclineReason = t.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                DeclineNote = t.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                Outcome = t.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                UnsuccessfulReason = t.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                ServicesDelivered = t.Column<string>(type: "TEXT", nullable: false),
                CreatedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: false),
                SentAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
                AcknowledgedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
                AcceptedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
                DeclinedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
                StartedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
                DoneAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
                RevokedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
                Version = t.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Referrals", x => x.Id);
                t.ForeignKey("FK_Referrals_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_Referrals_Actors_FromActorId", x => x.FromActorId, "Actors", "Id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_Referrals_Actors_ToActorId", x => x.ToActorId, "Actors", "Id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_Referrals_Referrals_ParentReferralId", x => x.ParentReferralId, "Referrals", "Id", onDelete: ReferentialAction.Restrict);
            });
        mb.CreateIndex(name: "IX_Referrals_CaseId", table: "Referrals", column: "CaseId");
        mb.CreateIndex(name: "IX_Referrals_FromActorId_State", table: "Referrals", columns: ["FromActorId", "State"]);
        mb.CreateIndex(name: "IX_Referrals_ToActorId_State", table: "Referrals", columns: ["ToActorId", "State"]);
        mb.CreateIndex(name: "IX_Referrals_ParentReferralId", table: "Referrals", column: "ParentReferralId");
        mb.CreateIndex(name: "IX_Referrals_State", table: "Referrals", column: "State");

        mb.CreateTable(
            name: "ReferralEvents",
            columns: t => new
            {
                Id = t.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                ReferralId = t.Column<int>(type: "INTEGER", nullable: false),
                CaseId = t.Column<int>(type: "INTEGER", nullable: false),
                Type = t.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                AtUtc = t.Column<DateTime>(type: "TEXT", nullable: false),
                ByUserId = t.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                ByActorId = t.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_ReferralEvents", x => x.Id);
                t.ForeignKey("FK_ReferralEvents_Referrals_ReferralId", x => x.ReferralId, "Referrals", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex(name: "IX_ReferralEvents_CaseId", table: "ReferralEvents", column: "CaseId");
        mb.CreateIndex(name: "IX_ReferralEvents_ReferralId", table: "ReferralEvents", column: "ReferralId");

        mb.CreateTable(
            name: "Notifications",
            columns: t => new
            {
                Id = t.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                UserId = t.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                Type = t.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                ReferralId = t.Column<int>(type: "INTEGER", nullable: true),
                CaseCode = t.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                AtUtc = t.Column<DateTime>(type: "TEXT", nullable: false),
                ReadAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_Notifications", x => x.Id));
        mb.CreateIndex(name: "IX_Notifications_UserId_ReadAtUtc", table: "Notifications", columns: ["UserId", "ReadAtUtc"]);
    }

    protected override void Down(MigrationBuilder mb)
    {
        foreach (var table in new[] { "Notifications", "ReferralEvents", "Referrals", "CaseProfiles", "Cases" })
        {
            mb.DropTable(table);
        }
    }
}
