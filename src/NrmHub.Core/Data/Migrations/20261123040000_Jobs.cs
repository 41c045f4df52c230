using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace NrmHub.Core.Data.Migrations;

/// <summary>Background jobs: their runs and pause switches, and the actor-mapping job's snapshots.</summary>
[DbContext(typeof(NrmDbContext))]
[Migration("20261123040000_Jobs")]
public class Jobs : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "JobRuns",
            columns: t => new
            {
                Id = t.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                JobKey = t.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                Trigger = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                Attempt = t.Column<int>(type: "INTEGER", nullable: false),
                StartedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: false),
                FinishedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: false),
                DurationMs = t.Column<long>(type: "INTEGER", nullable: false),
                Outcome = t.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                Message = t.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_JobRuns", x => x.Id));
        mb.CreateIndex(name: "IX_JobRuns_JobKey_StartedAtUtc", table: "JobRuns", columns: ["JobKey", "StartedAtUtc"]);

        mb.CreateTable(
            name: "JobStates",
            columns: t => new
            {
                JobKey = t.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                Paused = t.Column<bool>(type: "INTEGER", nullable: false),
                ChangedAtUtc = t.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_JobStates", x => x.JobKey));

        mb.CreateTable(
            name: "MappingSnapshots",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                TakenAtUtc = t.Column<DateTime>(type: "TEXT", nullable: false),
                Country = t.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                ContentHash = t.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ActorCount = t.Column<int>(type: "INTEGER", nullable: false),
                ChannelCount = t.Column<int>(type: "INTEGER", nullable: false),
                GapCount = t.Column<int>(type: "INTEGER", nullable: false),
                GraphJson = t.Column<string>(type: "TEXT", nullable: false),
                DirectoryCsv = t.Column<string>(type: "TEXT", nullable: false),
                HsdsZip = t.Column<byte[]>(type: "BLOB", nullable: false),
                CoverageJson = t.Column<string>(type: "TEXT", nullable: false),
                ActivityJson = t.Column<string>(type: "TEXT", nullable: false),
                PosterEn = t.Column<string>(type: "TEXT", nullable: false),
                PosterAz = t.Column<string>(type: "TEXT", nullable: false),
                PosterRu = t.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_MappingSnapshots", x => x.Id));
        mb.CreateIndex(name: "IX_MappingSnapshots_TakenAtUtc", table: "MappingSnapshots", column: "TakenAtUtc");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("MappingSnapshots");
        mb.DropTable("JobStates");
        mb.DropTable("JobRuns");
    }
}
