using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.Jobs;

namespace NrmHub.Web.Jobs;

/// <summary>
/// Keeps Hangfire's recurring jobs in line with the registry and the pause flags. Hangfire's in-memory storage
/// forgets everything on restart, so at every start-up each job not paused in the database is registered again
/// with its cron and the country's time zone. With <c>Jobs:SchedulesEnabled=false</c> (the tests) no job fires on
/// its own, but "run now" still works.
/// </summary>
public sealed class JobScheduler(
    IRecurringJobManager recurring,
    JobStorage storage,
    JobRegistry registry,
    IConfiguration settings,
    NrmHub.Web.Localization.CountryTime countryTime,
    IDbContextFactory<NrmDbContext> dbFactory,
    ILogger<JobScheduler> log) : IHostedService
{
    public bool SchedulesEnabled => settings.GetValue("Jobs:SchedulesEnabled", true);

    public TimeZoneInfo TimeZone => countryTime.Zone;

    public string CronFor(JobDefinition job) => settings[$"Jobs:{job.Key}:Cron"] is { Length: > 0 } cron ? cron : job.DefaultCron;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var paused = await PausedJobsAsync(cancellationToken);
        foreach (var job in registry.All)
        {
            if (paused.Contains(job.Key))
            {
                Unschedule(job.Key);
            }
            else
            {
                Schedule(job.Key);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Registers (or updates) the job's recurring schedule; does nothing while schedules are off.</summary>
    public void Schedule(string key)
    {
        var job = registry.Find(key) ?? throw new ArgumentException($"Unknown job '{key}'.", nameof(key));
        if (!SchedulesEnabled)
        {
            recurring.RemoveIfExists(key);
            return;
        }

        var cron = CronFor(job);
        try
        {
            recurring.AddOrUpdate<HangfireJob>(
                key,
                j => j.RunAsync(key, JobTrigger.Schedule, CancellationToken.None),
                cron,
                new RecurringJobOptions { TimeZone = TimeZone, MisfireHandling = MisfireHandlingMode.Ignorable });
        }
        catch (ArgumentException)
        {
            // Hangfire refuses a cron it cannot parse; the job stays available through "run now".
            recurring.RemoveIfExists(key);
            log.LogError("Job {JobKey} has an invalid cron expression {Cron}; it runs only when started by hand", key, cron);
        }
    }

    public void Unschedule(string key) => recurring.RemoveIfExists(key);

    /// <summary>When Hangfire will next start each scheduled job (UTC); a job without a schedule is absent.</summary>
    public IReadOnlyDictionary<string, DateTime> NextRuns()
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs(registry.All.Select(j => j.Key))
            .Where(r => !r.Removed && r.NextExecution is not null)
            .ToDictionary(r => r.Id, r => DateTime.SpecifyKind(r.NextExecution!.Value, DateTimeKind.Utc));
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
