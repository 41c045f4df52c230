using System.Collections.Specialized;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.Jobs;
using NrmHub.Core.Seed;
using Quartz;
using Quartz.Impl;

namespace NrmHub.Web.Jobs;

/// <summary>
/// Starts and stops the Quartz scheduler with the host (Quartz.Extensions.Hosting is not obtainable here). Jobs
/// live in the RAM store; what they act on, and whether a job is paused, lives in the database. With
/// <c>Jobs:SchedulesEnabled=false</c> (the tests) no job fires on its own, but "run now" still works.
/// </summary>
public sealed class JobScheduler(
    IServiceProvider services,
    JobRegistry registry,
    IConfiguration settings,
    CountryProfile country,
    IDbContextFactory<NrmDbContext> dbFactory,
    ILogger<JobScheduler> log) : IHostedService
{
    private IScheduler? scheduler;

    public IScheduler Scheduler => scheduler ?? throw new InvalidOperationException("The job scheduler has not started.");

    public bool SchedulesEnabled => settings.GetValue("Jobs:SchedulesEnabled", true);

    public TimeZoneInfo TimeZone => TimeZoneInfo.TryFindSystemTimeZoneById(country.TimeZone, out var tz) ? tz : TimeZoneInfo.Utc;

    public string CronFor(JobDefinition job) => settings[$"Jobs:{job.Key}:Cron"] is { Length: > 0 } cron ? cron : job.DefaultCron;

    public static TriggerKey TriggerOf(string jobKey) => new($"{jobKey}-schedule");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A name of its own per host: Quartz keeps schedulers in a process-wide repository by name, and test
        // hosts share one process.
        var factory = new StdSchedulerFactory(new NameValueCollection
        {
            ["quartz.scheduler.instanceName"] = $"nrmhub-{Guid.NewGuid():N}",
            ["quartz.jobStore.type"] = "Quartz.Simpl.RAMJobStore, Quartz",
            ["quartz.threadPool.maxConcurrency"] = "4",
        });
        var s = await factory.GetScheduler(cancellationToken);
        s.JobFactory = new ServiceProviderJobFactory(services);

        var paused = await PausedJobsAsync(cancellationToken);
        foreach (var job in registry.All)
        {
            var detail = JobBuilder.Create<QuartzJobAdapter>().WithIdentity(job.Key).StoreDurably().Build();
            await s.AddJob(detail, replace: true, cancellationToken);
            var cron = CronFor(job);
            if (!SchedulesEnabled)
            {
                continue;
            }

            if (!CronExpression.IsValidExpression(cron))
            {
                log.LogError("Job {JobKey} has an invalid cron expression {Cron}; it runs only when started by hand", job.Key, cron);
                continue;
            }

            await s.ScheduleJob(
                TriggerBuilder.Create().WithIdentity(TriggerOf(job.Key)).ForJob(detail)
                    .WithCronSchedule(cron, b => b.InTimeZone(TimeZone).WithMisfireHandlingInstructionDoNothing())
                    .Build(),
                cancellationToken);
            if (paused.Contains(job.Key))
            {
                await s.PauseJob(detail.Key, cancellationToken);
            }
        }

        await s.Start(cancellationToken);
        scheduler = s;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (scheduler is { } s)
        {
            // Running jobs see their token cancelled and record how far they got.
            await s.Shutdown(waitForJobsToComplete: false, cancellationToken);
        }
    }

    private async Task<HashSet<string>> PausedJobsAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return (await db.JobStates.Where(j => j.Paused).Select(j => j.JobKey).ToListAsync(ct)).ToHashSet();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Before the first migration there is no table yet; the runner checks the pause again before each scheduled run.
            log.LogWarning("Job pause states could not be read at start-up ({ErrorType})", e.GetType().Name);
            return [];
        }
    }
}
