using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using NrmHub.Core.Notifications;
using NrmHub.Core.Sop;
using NrmHub.Testing;
using Xunit.Abstractions;

namespace NrmHub.Tests.Sop;

/// <summary>
/// Kills the real app process (<c>NrmHub.Web --run-job deadline-sweep</c>) in the middle of a sweep over a SQLite
/// file, runs it again, and checks that every due step got its reminder exactly once and the file is intact.
/// </summary>
public sealed class SweepCrashTests(ITestOutputHelper output) : IDisposable
{
    // Ten batches of 500: enough for the kill to land between batch commits (startup takes ~4 s, each batch ~0.3 s).
    private const int Steps = 5_000;
    // Liveness bounds, not speed targets: these processes share two cores with the rest of the suite. A fresh
    // database's migrate-and-seed run once took more than 40 s there (fresh clone, 2026-12-07).
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(120);

    private readonly string databaseFile = Path.Combine(Path.GetTempPath(), $"nrmhub-crash-{Guid.NewGuid():N}.db");

    private string ConnectionString => $"Data Source={databaseFile};Pooling=False";

    [Fact]
    public async Task Killing_the_process_mid_sweep_loses_and_duplicates_no_reminder()
    {
        // An empty file: the command migrates and seeds it, and the sweep finds nothing to do.
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, await RunToEndAsync());
        output.WriteLine($"{clock.Elapsed:mm\\:ss} migrated and seeded by the first run");
        var (owner, users) = await InsertDueStepsAsync();
        output.WriteLine($"{clock.Elapsed:mm\\:ss} {Steps} due steps inserted");

        using var first = StartSweep();
        var (killed, seenBeforeKill) = await KillMidSweepAsync(first);
        var (remindedAtKill, storedAtKill) = await CountsAsync(owner);
        output.WriteLine(killed
            ? $"Killed mid-sweep after {seenBeforeKill} notifications were seen; after the kill {remindedAtKill} of {Steps} steps are marked reminded and {storedAtKill} reminders stored."
            : $"The sweep finished before it could be killed ({storedAtKill} reminders stored); the restart below only checks idempotence.");

        // What a batch committed is all there: marks and notification rows together, never one without the other.
        Assert.Equal(remindedAtKill * users, storedAtKill);

        output.WriteLine($"{clock.Elapsed:mm\\:ss} first run over");
        Assert.Equal(0, await RunToEndAsync());
        output.WriteLine($"{clock.Elapsed:mm\\:ss} restarted run finished");
        Assert.Equal(0, await RunToEndAsync());
        output.WriteLine($"{clock.Elapsed:mm\\:ss} a further run finished");

        await AssertEveryStepRemindedOnceAsync(users);
    }

    /// <summary>
    /// The same crash on the scheduled path: the app runs as a server, Hangfire starts the sweep on its recurring
    /// schedule (every two seconds here), the process is killed while the sweep commits, and a restarted server's
    /// Hangfire (its in-memory storage empty again) finishes the work from the database with no reminder twice.
    /// </summary>
    [Fact]
    public async Task Killing_the_server_while_Hangfire_runs_the_scheduled_sweep_loses_and_duplicates_no_reminder()
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, await RunToEndAsync());
        var (owner, users) = await InsertDueStepsAsync();
        output.WriteLine($"{clock.Elapsed:mm\\:ss} migrated, seeded, {Steps} due steps inserted");

        using (var first = StartScheduledServer())
        {
            var (killed, seen) = await KillMidSweepAsync(first);
            Assert.True(killed, $"The server exited before it could be killed mid-sweep:\n{first.Output}");
            var (reminded, stored) = await CountsAsync(owner);
            output.WriteLine($"{clock.Elapsed:mm\\:ss} server killed while Hangfire's sweep ran: {seen} notifications seen, {reminded} steps reminded, {stored} reminders stored");
            Assert.Equal(reminded * users, stored);
        }

        using (var second = StartScheduledServer())
        {
            // A liveness bound, not a speed target: on CI the browser tests share the two cores with this server
            // (once, locally, 40 s were not enough for its start-up plus nine batches).
            var deadline = DateTime.UtcNow + RestartTimeout;
            await using (var db = await OpenAsync())
            {
                long left;
                while ((left = await ScalarAsync<long>(db, "SELECT COUNT(*) FROM StepInstances WHERE RemindedAtUtc IS NULL")) > 0)
                {
                    if (DateTime.UtcNow >= deadline)
                    {
                        Assert.Fail($"The restarted server's schedule did not finish the sweep in {RestartTimeout.TotalSeconds} s: {left} steps not reminded; its job runs: {await JobRunsAsync(db)}\n{second.Output}");
                    }

                    await Task.Delay(200);
                }
            }

            // Let further scheduled sweeps run over the finished work: they must add nothing.
            await Task.Delay(TimeSpan.FromSeconds(5));
            await using var runs = await OpenAsync();
            var scheduled = await ScalarAsync<long>(runs, $"SELECT COUNT(*) FROM JobRuns WHERE JobKey = '{DeadlineSweepJob.Key}' AND Trigger = 'Schedule' AND Outcome = 'Succeeded'");
            output.WriteLine($"{scheduled} scheduled sweeps succeeded on the restarted server");
            Assert.True(scheduled >= 2, $"Expected the schedule to keep running the sweep, saw {scheduled} run(s):\n{second.Output}");
        }

        output.WriteLine($"{clock.Elapsed:mm\\:ss} restarted server finished the sweep");
        await AssertEveryStepRemindedOnceAsync(users);
    }

    private AppProcess StartScheduledServer() => AppProcess.Start(
        databaseFile,
        [],
        new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{AppProcess.FreePort()}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Jobs__SchedulesEnabled"] = "true",
            ["Jobs__PollingSeconds"] = "1",
            ["Jobs__deadline-sweep__Cron"] = "*/2 * * * * *",
            ["Jobs__actor-mapping__Cron"] = "0 0 1 1 *",
            ["Jobs__retention__Cron"] = "0 0 1 1 *",
        });

    private async Task AssertEveryStepRemindedOnceAsync(long users)
    {
        await using var db = await OpenAsync();
        Assert.Equal("ok", await ScalarAsync<string>(db, "PRAGMA integrity_check"));
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT COUNT(*) FROM StepInstances WHERE RemindedAtUtc IS NULL"));
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT COUNT(*) FROM StepInstances WHERE NextActionAtUtc <> DueAtUtc"));
        Assert.Equal(0L, await ScalarAsync<long>(db, $"SELECT COUNT(*) FROM Notifications WHERE Type <> '{NotificationTypes.SopReminder}'"));

        // Each step has a case of its own, so the case code ties a reminder to its step: exactly one per user of the owner.
        var perStep = await ScalarAsync<long>(db, $"""
            SELECT COUNT(*) FROM StepInstances s JOIN Cases c ON c.Id = s.CaseId
            WHERE (SELECT COUNT(*) FROM Notifications n WHERE n.CaseCode = c.Code AND n.Type = '{NotificationTypes.SopReminder}') <> {users}
            """);
        Assert.Equal(0L, perStep);
        Assert.Equal(0L, await ScalarAsync<long>(db, """
            SELECT COUNT(*) FROM (SELECT UserId, CaseCode FROM Notifications GROUP BY UserId, CaseCode HAVING COUNT(*) > 1)
            """));
        Assert.Equal((long)Steps * users, await ScalarAsync<long>(db, "SELECT COUNT(*) FROM Notifications"));
        output.WriteLine($"After the restart: {Steps} of {Steps} steps reminded, {Steps * users} reminders stored, none twice; integrity_check ok.");
    }

    /// <summary>One case and one open step per row, all past their reminder time and far from due, owned by an actor with users.</summary>
    private async Task<(int Owner, int Users)> InsertDueStepsAsync()
    {
        await using var db = await OpenAsync();
        var owner = await ScalarAsync<long>(db, "SELECT ActorId FROM AspNetUsers WHERE ActorId IS NOT NULL GROUP BY ActorId ORDER BY COUNT(*) LIMIT 1");
        var users = await ScalarAsync<long>(db, $"SELECT COUNT(*) FROM AspNetUsers WHERE ActorId = {owner}");
        var step = await ScalarAsync<string>(db, "SELECT Id FROM SopSteps ORDER BY Id LIMIT 1");
        var now = DateTime.UtcNow;
        static string Text(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

        await using var tx = await db.BeginTransactionAsync();
        await using var cases = db.CreateCommand();
        cases.CommandText = "INSERT INTO Cases (Code, OpenedByActorId, OpenedAtUtc) VALUES ($code, $owner, $at)";
        var code = cases.Parameters.Add("$code", SqliteType.Text);
        cases.Parameters.AddWithValue("$owner", owner);
        cases.Parameters.AddWithValue("$at", Text(now.AddDays(-2)));
        await using var steps = db.CreateCommand();
        steps.CommandText = """
            INSERT INTO StepInstances (StepId, CaseId, OwnerActorId, StartedAtUtc, DueAtUtc, RemindAtUtc, State, NextActionAtUtc, EscalationLevel, Version)
            VALUES ($step, last_insert_rowid(), $owner, $started, $due, $remind, 'Open', $remind, 0, 0)
            """;
        steps.Parameters.AddWithValue("$step", step);
        steps.Parameters.AddWithValue("$owner", owner);
        steps.Parameters.AddWithValue("$started", Text(now.AddDays(-2)));
        steps.Parameters.AddWithValue("$due", Text(now.AddDays(30)));
        var remind = steps.Parameters.Add("$remind", SqliteType.Text);
        for (var i = 0; i < Steps; i++)
        {
            code.Value = $"CRASH-{i:D6}";
            await cases.ExecuteNonQueryAsync();
            // Distinct times, so the sweep's order (by next action time) is well defined.
            remind.Value = Text(now.AddDays(-1).AddMilliseconds(i));
            await steps.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        return ((int)owner, (int)users);
    }

    /// <summary>Kills the process as soon as some, but not all, reminders are committed.</summary>
    private async Task<(bool Killed, long Seen)> KillMidSweepAsync(AppProcess app)
    {
        var sweep = app.Process;
        var deadline = DateTime.UtcNow + CommandTimeout;
        await using var db = await OpenAsync();
        long seen = 0;
        while (!sweep.HasExited && DateTime.UtcNow < deadline)
        {
            seen = await ScalarAsync<long>(db, "SELECT COUNT(*) FROM Notifications");
            if (seen > 0)
            {
                app.Kill();
                return (true, seen);
            }

            await Task.Delay(10);
        }

        Assert.True(sweep.HasExited, $"The sweep neither finished nor started storing reminders in time:\n{app.Output}");
        return (false, seen);
    }

    private async Task<(long Reminded, long Stored)> CountsAsync(int owner)
    {
        await using var db = await OpenAsync();
        return (await ScalarAsync<long>(db, $"SELECT COUNT(*) FROM StepInstances WHERE OwnerActorId = {owner} AND RemindedAtUtc IS NOT NULL"),
            await ScalarAsync<long>(db, "SELECT COUNT(*) FROM Notifications"));
    }

    private async Task<int> RunToEndAsync()
    {
        using var app = StartSweep();
        var exit = await app.WaitForExitAsync(CommandTimeout);
        Assert.True(exit == 0, $"--run-job deadline-sweep exited with {exit}:\n{app.Output}");
        return exit;
    }

    private AppProcess StartSweep() => AppProcess.Start(
        databaseFile,
        ["--run-job", DeadlineSweepJob.Key],
        new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });

    private async Task<SqliteConnection> OpenAsync()
    {
        var db = new SqliteConnection(ConnectionString);
        await db.OpenAsync();
        await using var pragma = db.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync();
        return db;
    }

    /// <summary>What the job table says, for a failure message: every run with its trigger, outcome and text.</summary>
    private static async Task<string> JobRunsAsync(SqliteConnection db)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT JobKey, Trigger, Outcome, StartedAtUtc, DurationMs, Message FROM JobRuns ORDER BY Id";
        await using var reader = await cmd.ExecuteReaderAsync();
        var runs = new List<string>();
        while (await reader.ReadAsync())
        {
            runs.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "-" : reader.GetValue(i).ToString())));
        }

        return runs.Count == 0 ? "none" : "\n  " + string.Join("\n  ", runs);
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection db, string sql)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public void Dispose() => AppProcess.DeleteDatabase(databaseFile);
}
