using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NrmHub.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Indicators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Disability",
                table: "CaseProfiles",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Migrant",
                table: "CaseProfiles",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "NationalityGroup",
                table: "CaseProfiles",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            // Cases opened before this migration: the markers come from the vulnerabilities still on record. Whether a
            // stated nationality is the country's own is not decided here (the migration does not know the country), so
            // those cases count as "unknown" nationality group.
            migrationBuilder.Sql("""
                UPDATE CaseProfiles SET
                  NationalityGroup = 'Unknown',
                  Disability = EXISTS (SELECT 1 FROM json_each(CaseProfiles.Vulnerabilities) v WHERE v.value = 'Disability'),
                  Migrant = EXISTS (SELECT 1 FROM json_each(CaseProfiles.Vulnerabilities) v WHERE v.value = 'MigrantWorker');
                """);

            migrationBuilder.CreateTable(
                name: "Activities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ActorId = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    OnDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Sector = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WithdrawnAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Activities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Activities_Actors_ActorId",
                        column: x => x.ActorId,
                        principalTable: "Actors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PublishedIndicators",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PublishedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    PublishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublishedIndicators", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "ActivityParticipants",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ActivityId = table.Column<int>(type: "INTEGER", nullable: false),
                    InstitutionActorId = table.Column<int>(type: "INTEGER", nullable: true),
                    Female = table.Column<int>(type: "INTEGER", nullable: false),
                    Male = table.Column<int>(type: "INTEGER", nullable: false),
                    Other = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivityParticipants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActivityParticipants_Activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "Activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ActivityParticipants_Actors_InstitutionActorId",
                        column: x => x.InstitutionActorId,
                        principalTable: "Actors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_ActorId_OnDate",
                table: "Activities",
                columns: new[] { "ActorId", "OnDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_OnDate_Kind",
                table: "Activities",
                columns: new[] { "OnDate", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_SubmissionId",
                table: "Activities",
                column: "SubmissionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ActivityParticipants_ActivityId",
                table: "ActivityParticipants",
                column: "ActivityId");

            migrationBuilder.CreateIndex(
                name: "IX_ActivityParticipants_InstitutionActorId",
                table: "ActivityParticipants",
                column: "InstitutionActorId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivityParticipants");

            migrationBuilder.DropTable(
                name: "PublishedIndicators");

            migrationBuilder.DropTable(
                name: "Activities");

            migrationBuilder.DropColumn(
                name: "Disability",
                table: "CaseProfiles");

            migrationBuilder.DropColumn(
                name: "Migrant",
                table: "CaseProfiles");

            migrationBuilder.DropColumn(
                name: "NationalityGroup",
                table: "CaseProfiles");
        }
    }
}
