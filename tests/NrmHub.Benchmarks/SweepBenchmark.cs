using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;
using NrmHub.Core.Notifications;
using NrmHub.Core.Sop;

namespace NrmHub.Benchmarks;

/// <summary>
/// DeadlineSweep.RunAsync over a SQLite file with 100,000 open step instances of which a few hundred are due.
/// A console mode, not BenchmarkDotNet: each run changes the data, so every repetition restores the due rows first.
/// Run: <c>dotnet run -c Release --project tests/NrmHub.Benchmarks -- sweep [open] [due] [repetitions]</c>.
/// </summary>
public static class SweepBenchmark
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var open = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var due = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 300;
        var repetitions = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var file = BenchDatabase.NewFile("sweep");
        var connectionString = $"Data Source={file}";
        var options = new DbContextOptionsBuilder<NrmDbContext>();
        DatabaseSetup.Configure(options, connectionString);
        var factory = new PooledDbContextFactory<NrmDbContext>(options.Options);
        var now = new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        try
        {
            var sw = Stopwatch.StartNew();
            await SeedAsync(factory, connectionString, open, due, now);
            Console.WriteLine($"Seeded {open:N0} open step instances ({due} due) in {file} in {sw.ElapsedMilliseconds} ms");

            await using (var db = await factory.CreateDbContextAsync())
            {
                var plan = await DeadlineSweep.ExplainDueAsync(db, now);
                Console.WriteLine($"Query plan: {plan}");
            }

            var sweep = new DeadlineSweep(factory, new FixedClock(now), new NoPush(), NullLogger<DeadlineSweep>.Instance);
            await sweep.RunAsync(); // warm-up: EF model, compiled queries, SQLite page cache
            var times = new List<double>();
            for (var i = 0; i < repetitions; i++)
            {
                await ResetAsync(connectionString, now);
                sw.Restart();
                var result = await sweep.RunAsync();
                times.Add(sw.Elapsed.TotalMilliseconds);
                if (result.Reminders != due)
                {
                    Console.Error.WriteLine($"Expected {due} reminders, got {result.Reminders}");
                    return 1;
                }
            }

            sw.Restart();
            var idle = await sweep.RunAsync();
            var idleMs = sw.Elapsed.TotalMilliseconds;
            times.Sort();
            Console.WriteLine($"Sweep with {due} due of {open:N0} open: median {times[times.Count / 2]:F1} ms, min {times[0]:F1} ms, max {times[^1]:F1} ms over {repetitions} runs");
            Console.WriteLine($"Sweep with nothing due: {idleMs:F1} ms ({idle.Reminders} reminders)");
            return 0;
        }
        finally
        {
            BenchDatabase.Delete(file);
        }
    }

    private static async Task SeedAsync(IDbContextFactory<NrmDbContext> factory, string connectionString, int open, int due, DateTime now)
    {
        await using (var db = await factory.CreateDbContextAsync())
        {
            await DatabaseSetup.MigrateAsync(db);
            var parent = new Actor { Code = "parent", ShortName = "Parent", NameEn = "Parent body", Kind = ActorKind.StateBody };
            db.Actors.Add(parent);
            await db.SaveChangesAsync();
            var owner = new Actor { Code = "owner", ShortName = "Owner", NameEn = "Owner", Kind = ActorKind.Ngo, ParentId = parent.Id };
            db.Actors.Add(owner);
            await db.SaveChangesAsync();
            for (var u = 0; u < 3; u++)
            {
                db.Users.Add(new NrmUser { UserName = $"u{u}@bench", Email = $"u{u}@bench", DisplayName = $"User {u}", ActorId = owner.Id });
            }

            db.SopSteps.Add(new SopStep
            {
                Id = "bench-step", NameEn = "Benchmark step", Owner = SopStep.Receiver, Source = "benchmark", DurationValue = 72,
                DurationUnit = DurationUnit.Hours, RemindAtPercent = 75, Escalation = [SopStep.OwnerParent],
            });
            await db.SaveChangesAsync();
        }

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        const int cases = 1_000;
        var caseCmd = connection.CreateCommand();
        caseCmd.Transaction = tx;
        caseCmd.CommandText = "INSERT INTO Cases (Code, OpenedByActorId, OpenedAtUtc) VALUES ($code, 2, '2026-05-01 00:00:00')";
        var code = caseCmd.Parameters.Add("$code", SqliteType.Text);
        for (var c = 1; c <= cases; c++)
        {
            code.Value = $"BN-2026-{c:000000}";
            await caseCmd.ExecuteNonQueryAsync();
        }

        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO StepInstances (StepId, CaseId, OwnerActorId, StartedAtUtc, DueAtUtc, RemindAtUtc, State, NextActionAtUtc, EscalationLevel, Version)
            VALUES ('bench-step', $case, 2, $start, $due, $remind, 'Open', $remind, 0, 0)
            """;
        var caseId = cmd.Parameters.Add("$case", SqliteType.Integer);
        var start = cmd.Parameters.Add("$start", SqliteType.Text);
        var dueAt = cmd.Parameters.Add("$due", SqliteType.Text);
        var remind = cmd.Parameters.Add("$remind", SqliteType.Text);
        var random = new Random(20_261_123);
        for (var i = 0; i < open; i++)
        {
            // The first `due` rows reached their reminder a little before now; all others lie hours to weeks ahead.
            var remindAt = i < due ? now.AddMinutes(-random.Next(1, 600)) : now.AddMinutes(random.Next(60, 60 * 24 * 30));
            caseId.Value = (i % cases) + 1;
            start.Value = Format(remindAt.AddHours(-54));
            dueAt.Value = Format(remindAt.AddHours(18));
            remind.Value = Format(remindAt);
            await cmd.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    /// <summary>Puts the due rows back before their reminder and drops the stored notifications.</summary>
    private static async Task ResetAsync(string connectionString, DateTime now)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var cmd = connection.CreateCommand();
        cmd.CommandText = "UPDATE StepInstances SET NextActionAtUtc = RemindAtUtc, RemindedAtUtc = NULL, Version = 0 WHERE RemindAtUtc <= $now; DELETE FROM Notifications;";
        cmd.Parameters.AddWithValue("$now", Format(now));
        await cmd.ExecuteNonQueryAsync();
    }

    private static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
