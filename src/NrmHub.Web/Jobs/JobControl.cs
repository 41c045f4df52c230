using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Jobs;
using Quartz;

namespace NrmHub.Web.Jobs;

public sealed record JobStatus(JobDefinition Job, string Cron, bool Scheduled, bool Paused, DateTimeOffset? NextFireUtc, IReadOnlyList<JobRun> LastRuns);

/// <summary>What the jobs dashboard does: read each job's state, start one now, pause and resume (audited).</summary>
public sealed class JobControl(JobScheduler host, JobRegistry registry, IDbContextFactory<NrmDbContext> dbFactory, TimeProvider clock)
{
    public IReadOnlyList<JobDefinition> Jobs => registry.All;

    public TimeZoneInfo TimeZone => host.TimeZone;

    public async Task<IReadOnlyList<JobStatus>> StatusAsync(int lastRuns = 5, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var paused = (await db.JobStates.Where(s => s.Paused).Select(s => s.JobKey).ToListAsync(ct)).ToHashSet();
        var result = new List<JobStatus>();
        foreach (var job in registry.All)
        {
            var runs = await db.JobRuns.AsNoTracking().Where(r => r.JobKey == job.Key)
                .OrderByDescending(r => r.StartedAtUtc).ThenByDescending(r => r.Id).Take(lastRuns).ToListAsync(ct);
            var trigger = await host.Scheduler.GetTrigger(JobScheduler.TriggerOf(job.Key), ct);
            var isPaused = paused.Contains(job.Key);
            result.Add(new JobStatus(job, host.CronFor(job), trigger is not null, isPaused, isPaused ? null : trigger?.GetNextFireTimeUtc(), runs));
        }

        return result;
    }

    public async Task RunNowAsync(string key, CancellationToken ct = default)
    {
        Known(key);
        await host.Scheduler.TriggerJob(new JobKey(key), new JobDataMap { [QuartzJobAdapter.TriggerKey] = nameof(JobTrigger.Manual) }, ct);
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

        if (paused)
        {
            await host.Scheduler.PauseJob(new JobKey(key), ct);
        }
        else
        {
            await host.Scheduler.ResumeJob(new JobKey(key), ct);
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
