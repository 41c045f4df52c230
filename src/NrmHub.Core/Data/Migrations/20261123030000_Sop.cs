using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace NrmHub.Core.Data.Migrations;

/// <summary>SOP steps (seeded per country) and their instances per case with the sweep's bookkeeping.</summary>
[DbContext(typeof(NrmDbContext))]
[Migration("20261123030000_Sop")]
public class Sop : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "SopSteps",
            columns: t => new
            {
                Id = t.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Position = t.Column<int>(type: "INTEGER", nullable: false),
                NameEn = t.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                NameAz = t.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                NameRu = t.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                Trigger = t.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                ClosedBy = t.Column<string>(type: "TEXT", nullable: false),
                Scope = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                Owner = t.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                OwnerKinds = t.Column<string>(type: "TEXT", nullable: false),
                ExceptOwnerKinds = t.Column<string>(type: "TEXT", nullable: false),
                DurationValue = t.Column<int>(type: "INTEGER", nullable: false),
                DurationUnit = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                RemindAtPercent = t.Column<int>(type: "INTEGER", nullable: false),
                Escalation = t.Column<string>(type: "TEXT", nullable: false),
                Recurring = t.Column<bool>(type: "INTEGER", nullable: false),
                Source = t.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_SopSteps", x => x.Id));

        mb.CreateTable(
            name: "StepInstances",
            columns: t => new
            {
                Id = t.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                StepId = t.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                CaseId = t.Column<int>(type: "INTEGER", nullable: false),
                ReferralId = t.Column<int>(type: "INTEGER", nullable: true),
                OwnerActorId = t.Column<int>(type: "INTEGER", nullable: false),
                StartedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: false),
                DueAtUtc = t.Column<DateTime>(type: "TEXT", nullable: false),
                RemindAtUtc = t.Column<DateTime>(type: "TEXT", nullable: false),
                State = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                NextActionAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
                RemindedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
                EscalationLevel = t.Column<int>(type: "INTEGER", nullable: false),
                EscalatedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
                ClosedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: true),
                Version = t.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_StepInstances", x => x.Id);
                t.ForeignKey("FK_StepInstances_SopSteps_StepId", x => x.StepId, "SopSteps", "Id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_StepInstances_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_StepInstances_Referrals_ReferralId", x => x.ReferralId, "Referrals", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_StepInstances_Actors_OwnerActorId", x => x.OwnerActorId, "Actors", "Id", onDelete: ReferentialAction.Restrict);
            });
        mb.CreateIndex(name: "IX_StepInstances_State_NextActionAtUtc", table: "StepInstances", columns: ["State", "NextActionAtUtc"]);
        mb.CreateIndex(name: "IX_StepInstances_StepId", table: "StepInstances", column: "StepId");
        mb.CreateIndex(name: "IX_StepInstances_CaseId", table: "StepInstances", column: "CaseId");
        mb.CreateIndex(name: "IX_StepInstances_ReferralId", table: "StepInstances", column: "ReferralId");
        mb.CreateIndex(name: "IX_StepInstances_OwnerActorId", table: "StepInstances", column: "OwnerActorId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("StepInstances");
        mb.DropTable("SopSteps");
    }
}
