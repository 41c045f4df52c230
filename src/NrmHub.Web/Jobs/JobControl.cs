using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Jobs;
using Hangfire;

namespace NrmHub.Web.Jobs;

public sealed record JobStatus(JobDefinition Job, string Cron, bool Scheduled, bool Paused, DateTime? NextFireUtc, IReadOnlyList<JobRun> LastRuns);

/// <summary>What the jobs dashboard does: read each job's state, start one now, pause and resume (audited).</summary>
public sealed class JobControl(JobScheduler host, IBackgroundJobClient hangfire, JobRegistry registry, IDbContextFactory<NrmDbContext> dbFactory, TimeProvider clock)
{
    public IReadOnlyList<JobDefinition> Jobs => registry.All;

    public TimeZoneInfo TimeZone => host.TimeZone;

    public async Task<IReadOnlyList<JobStatus>> StatusAsync(int lastRuns = 5, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var paused = (await db.JobStates.Where(s => s.Paused).Select(s => s.JobKey).ToListAsync(ct)).ToHashSet();
        var next = host.NextRuns();
        var result = new List<JobStatus>();
        foreach (var job in registry.All)
        {
            var runs = await db.JobRuns.AsNoTracking().Where(r => r.JobKey == job.Key)
                .OrderByDescending(r => r.StartedAtUtc).ThenByDescending(r => r.Id).Take(lastRuns).ToListAsync(ct);
            var isPaused = paused.Contains(job.Key);
            var scheduled = next.TryGetValue(job.Key, out var at);
            result.Add(new JobStatus(job, host.CronFor(job), scheduled, isPaused, scheduled && !isPaused ? at : null, runs));
        }

        return result;
    }

    /// <summary>Queues one manual run on Hangfire; returns its Hangfire job id (shown in the Hangfire dashboard).</summary>
    public string RunNow(string key)
    {
        Known(key);
        return hangfire.Enqueue<HangfireJob>(j => j.RunAsync(key, JobTrigger.Manual, CancellationToken.None));
    }

    public async Task SetPausedAsync(string key, bool paused, AuditUser by, CancellationToken ct = default)
    {
        Known(key);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var state = await db.JobStates.SingleOrDefaultAsync(s => s.JobKey == key, ct);
            if (state is null)
            {
                state = new JobState { JobKey = key };
                db.JobStates.Add(state);
            }

            if (state.Paused == paused && db.Entry(state).State != EntityState.Added)
            {
                return;
            }

            state.Paused = paused;
            state.ChangedAtUtc = now;
            AuditLog.Record(db, now, by, paused ? "job.pause" : "job.resume", "Job", key);
            await db.SaveChangesAsync(ct);
        }

        // Hangfire has no paused state for a recurring job: pausing removes the schedule, resuming puts it back.
        if (paused)
        {
            host.Unschedule(key);
        }
        else
        {
            host.Schedule(key);
        }
    }

    private void Known(string key)
    {
        if (registry.Find(key) is null)
        {
            throw new ArgumentException($"Unknown job '{key}'.", nameof(key));
        }
    }
}
