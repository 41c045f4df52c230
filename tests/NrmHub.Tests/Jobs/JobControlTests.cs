using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Jobs;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Infrastructure;
using NrmHub.Web.Jobs;

namespace NrmHub.Tests.Jobs;

public sealed class JobControlTests
{
    [Fact]
    public async Task Run_now_records_a_manual_run()
    {
        using var app = new NrmAppFactory();
        var control = app.Services.GetRequiredService<JobControl>();

        var hangfireId = control.RunNow(CaseRetention.Key);

        Assert.False(string.IsNullOrEmpty(hangfireId));
        var run = await WaitForRunAsync(app, CaseRetention.Key);
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        Assert.Equal(JobTrigger.Manual, run.Trigger);
        Assert.Equal("0 case(s) anonymised, 0 old idempotency key(s) forgotten.", run.Message);
        var status = (await control.StatusAsync()).Single(s => s.Job.Key == CaseRetention.Key);
        Assert.Equal(run.Id, status.LastRuns[0].Id);
    }

    [Fact]
    public async Task Deadline_sweep_runs_as_a_job_and_reports_what_it_did()
    {
        using var app = new NrmAppFactory();

        app.Services.GetRequiredService<JobControl>().RunNow(NrmHub.Core.Sop.DeadlineSweepJob.Key);

        var run = await WaitForRunAsync(app, NrmHub.Core.Sop.DeadlineSweepJob.Key);
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        Assert.Equal("0 reminder(s), 0 escalation(s), 0 step(s) newly overdue.", run.Message);
    }

    [Fact]
    public async Task Schedules_are_off_in_tests_so_no_job_fires_on_its_own()
    {
        using var app = new NrmAppFactory();
        var status = await app.Services.GetRequiredService<JobControl>().StatusAsync();

        Assert.Equal(["deadline-sweep", "actor-mapping", "retention", "kpi-recompute"], status.Select(s => s.Job.Key));
        Assert.All(status, s => Assert.False(s.Scheduled));
        Assert.All(status, s => Assert.Null(s.NextFireUtc));
    }

    [Fact]
    public async Task Pause_survives_a_restart_and_resume_clears_it()
    {
        using var first = new NrmAppFactory();
        await first.Services.GetRequiredService<JobControl>().SetPausedAsync(ActorMappingJobKey, true, AuditUser.System);

        // A second host on the same database, with schedules on (once a year, so nothing fires during the test):
        // Hangfire's in-memory storage starts empty, and the paused job is not put on a schedule again.
        using var second = new NrmAppFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Nrm"] = first.ConnectionString,
            ["Jobs:SchedulesEnabled"] = "true",
            ["Jobs:deadline-sweep:Cron"] = "0 0 1 1 *",
            ["Jobs:actor-mapping:Cron"] = "0 0 1 1 *",
            ["Jobs:retention:Cron"] = "0 0 1 1 *",
        });
        var control = second.Services.GetRequiredService<JobControl>();

        var status = (await control.StatusAsync()).ToDictionary(s => s.Job.Key);
        Assert.True(status[ActorMappingJobKey].Paused);
        Assert.False(status[ActorMappingJobKey].Scheduled);
        Assert.Null(status[ActorMappingJobKey].NextFireUtc);
        Assert.False(status["retention"].Paused);
        Assert.True(status["retention"].Scheduled);
        var next = status["retention"].NextFireUtc;
        Assert.NotNull(next);

        // The schedule is read in the country's time zone (Asia/Baku, UTC+4): midnight of 1 January there.
        var local = TimeZoneInfo.ConvertTimeFromUtc(next!.Value, control.TimeZone);
        Assert.Equal((1, 1, 0, 0), (local.Month, local.Day, local.Hour, local.Minute));
        Assert.True(next > DateTime.UtcNow);

        await control.SetPausedAsync(ActorMappingJobKey, false, AuditUser.System);

        var resumed = (await control.StatusAsync()).Single(s => s.Job.Key == ActorMappingJobKey);
        Assert.True(resumed.Scheduled);
        Assert.False(resumed.Paused);
        Assert.NotNull(resumed.NextFireUtc);
        await using var db = await second.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>().CreateDbContextAsync();
        Assert.False((await db.JobStates.SingleAsync(s => s.JobKey == ActorMappingJobKey)).Paused);
        Assert.Equal(["job.pause", "job.resume"], await db.AuditEntries.Where(a => a.EntityType == "Job").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    /// <summary>
    /// Hangfire's log provider is one per process: after a second host configured it and stopped, the first host's
    /// Hangfire objects made later (the client behind "run now") must still work. Found as a 500 on /admin/jobs.
    /// </summary>
    [Fact]
    public async Task Run_now_works_after_another_host_in_the_process_stopped()
    {
        using var first = new NrmAppFactory();
        _ = first.Services;
        using (var second = new NrmAppFactory())
        {
            _ = second.Services;
        }

        first.Services.GetRequiredService<JobControl>().RunNow(CaseRetention.Key);

        Assert.Equal(JobOutcome.Succeeded, (await WaitForRunAsync(first, CaseRetention.Key)).Outcome);
    }

    [Fact]
    public async Task Invalid_cron_in_settings_leaves_that_job_unscheduled_and_the_app_running()
    {
        using var app = new NrmAppFactory(new Dictionary<string, string?>
        {
            ["Jobs:SchedulesEnabled"] = "true",
            ["Jobs:deadline-sweep:Cron"] = "0 0 1 1 *",
            ["Jobs:actor-mapping:Cron"] = "0 0 1 1 *",
            ["Jobs:retention:Cron"] = "every night please",
        });
        var control = app.Services.GetRequiredService<JobControl>();

        var status = (await control.StatusAsync()).ToDictionary(s => s.Job.Key);

        Assert.False(status["retention"].Scheduled);
        Assert.Null(status["retention"].NextFireUtc);
        Assert.True(status[ActorMappingJobKey].Scheduled);
        control.RunNow(CaseRetention.Key);
        Assert.Equal(JobOutcome.Succeeded, (await WaitForRunAsync(app, CaseRetention.Key)).Outcome);
    }

    [Fact]
    public void Unknown_job_is_refused()
    {
        using var app = new NrmAppFactory();
        var control = app.Services.GetRequiredService<JobControl>();
        Assert.Throws<ArgumentException>(() => control.RunNow("no-such-job"));
    }

    private const string ActorMappingJobKey = "actor-mapping";

    internal static async Task<JobRun> WaitForRunAsync(NrmAppFactory app, string key)
    {
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>();
        // Generous: Hangfire's worker picks the job up on its own schedule, and the browser tests may share the two cores.
        for (var i = 0; i < 300; i++)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            if (await db.JobRuns.Where(r => r.JobKey == key).OrderByDescending(r => r.Id).FirstOrDefaultAsync() is { } run)
            {
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Job {key} recorded no run in 30 s.");
    }
}
