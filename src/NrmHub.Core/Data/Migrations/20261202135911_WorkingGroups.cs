using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NrmHub.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class WorkingGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ActionItemId",
                table: "Notifications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "GroupId",
                table: "Notifications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WorkingGroups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameAz = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    NameRu = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Pillar = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    PurposeText = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ChairActorId = table.Column<int>(type: "INTEGER", nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TermsOfReference = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkingGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkingGroups_Actors_ChairActorId",
                        column: x => x.ChairActorId,
                        principalTable: "Actors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "GroupMembers",
                columns: table => new
                {
                    GroupId = table.Column<int>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GroupMembers", x => new { x.GroupId, x.ActorId });
                    table.ForeignKey(
                        name: "FK_GroupMembers_Actors_ActorId",
                        column: x => x.ActorId,
                        principalTable: "Actors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GroupMembers_WorkingGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "WorkingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GroupPeople",
                columns: table => new
                {
                    GroupId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GroupPeople", x => new { x.GroupId, x.UserId });
                    table.ForeignKey(
                        name: "FK_GroupPeople_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_GroupPeople_WorkingGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "WorkingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Kpis",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GroupId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameAz = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    NameRu = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Definition = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Baseline = table.Column<double>(type: "REAL", nullable: false),
                    Target = table.Column<double>(type: "REAL", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Computation = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Kpis", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Kpis_WorkingGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "WorkingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Meetings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GroupId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Online = table.Column<bool>(type: "INTEGER", nullable: false),
                    Agenda = table.Column<string>(type: "TEXT", nullable: false),
                    Minutes = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Meetings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Meetings_WorkingGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "WorkingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KpiMeasurements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    KpiId = table.Column<int>(type: "INTEGER", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Computed = table.Column<bool>(type: "INTEGER", nullable: false),
                    ByUserId = table.Column<string>(type: "TEXT", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KpiMeasurements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KpiMeasurements_Kpis_KpiId",
                        column: x => x.KpiId,
                        principalTable: "Kpis",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Decisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Decisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Decisions_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeetingAttendance",
                columns: table => new
                {
                    MeetingId = table.Column<int>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingAttendance", x => new { x.MeetingId, x.ActorId });
                    table.ForeignKey(
                        name: "FK_MeetingAttendance_Actors_ActorId",
                        column: x => x.ActorId,
                        principalTable: "Actors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeetingAttendance_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ActionItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GroupId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Column = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OwnerActorId = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerUserId = table.Column<string>(type: "TEXT", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    MeetingId = table.Column<int>(type: "INTEGER", nullable: true),
                    DecisionId = table.Column<int>(type: "INTEGER", nullable: true),
                    KpiId = table.Column<int>(type: "INTEGER", nullable: true),
                    ConcernsActorId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DoneAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActionItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActionItems_Actors_ConcernsActorId",
                        column: x => x.ConcernsActorId,
                        principalTable: "Actors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ActionItems_Actors_OwnerActorId",
                        column: x => x.OwnerActorId,
                        principalTable: "Actors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ActionItems_AspNetUsers_OwnerUserId",
                        column: x => x.OwnerUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ActionItems_Decisions_DecisionId",
                        column: x => x.DecisionId,
                        principalTable: "Decisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ActionItems_Kpis_KpiId",
                        column: x => x.KpiId,
                        principalTable: "Kpis",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ActionItems_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ActionItems_WorkingGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "WorkingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ActionItemDeadlines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ActionItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RemindAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NextActionAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RemindedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EscalationLevel = table.Column<int>(type: "INTEGER", nullable: false),
                    EscalatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActionItemDeadlines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActionItemDeadlines_ActionItems_ActionItemId",
                        column: x => x.ActionItemId,
                        principalTable: "ActionItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ActionItemDeadlines_ActionItemId",
                table: "ActionItemDeadlines",
                column: "ActionItemId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ActionItemDeadlines_State_NextActionAtUtc",
                table: "ActionItemDeadlines",
                columns: new[] { "State", "NextActionAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_ConcernsActorId",
                table: "ActionItems",
                column: "ConcernsActorId");

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_DecisionId",
                table: "ActionItems",
                column: "DecisionId");

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_GroupId_Column",
                table: "ActionItems",
                columns: new[] { "GroupId", "Column" });

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_KpiId",
                table: "ActionItems",
                column: "KpiId");

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_MeetingId",
                table: "ActionItems",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_OwnerActorId",
                table: "ActionItems",
                column: "OwnerActorId");

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_OwnerUserId",
                table: "ActionItems",
                column: "OwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Decisions_MeetingId",
                table: "Decisions",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_GroupMembers_ActorId",
                table: "GroupMembers",
                column: "ActorId");

            migrationBuilder.CreateIndex(
                name: "IX_GroupPeople_UserId",
                table: "GroupPeople",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_KpiMeasurements_Computed_Day",
                table: "KpiMeasurements",
                columns: new[] { "KpiId", "On" },
                unique: true,
                filter: "\"Computed\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_KpiMeasurements_KpiId_On",
                table: "KpiMeasurements",
                columns: new[] { "KpiId", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_Kpis_Code",
                table: "Kpis",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Kpis_GroupId",
                table: "Kpis",
                column: "GroupId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingAttendance_ActorId",
                table: "MeetingAttendance",
                column: "ActorId");

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_GroupId_StartsAtUtc",
                table: "Meetings",
                columns: new[] { "GroupId", "StartsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkingGroups_ChairActorId",
                table: "WorkingGroups",
                column: "ChairActorId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkingGroups_Code",
                table: "WorkingGroups",
                column: "Code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActionItemDeadlines");

            migrationBuilder.DropTable(
                name: "GroupMembers");

            migrationBuilder.DropTable(
                name: "GroupPeople");

            migrationBuilder.DropTable(
                name: "KpiMeasurements");

            migrationBuilder.DropTable(
                name: "MeetingAttendance");

            migrationBuilder.DropTable(
                name: "ActionItems");

            migrationBuilder.DropTable(
                name: "Decisions");

            migrationBuilder.DropTable(
                name: "Kpis");

            migrationBuilder.DropTable(
                name: "Meetings");

            migrationBuilder.DropTable(
                name: "WorkingGroups");

            migrationBuilder.DropColumn(
                name: "ActionItemId",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "GroupId",
                table: "Notifications");
        }
    }
}
