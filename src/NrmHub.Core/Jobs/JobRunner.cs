using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NrmHub.Core.Data;

namespace NrmHub.Core.Jobs;

/// <summary>
/// Runs one job with retries, recording every attempt as a <see cref="JobRun"/>. A throwing job is retried after
/// each back-off and marked failed after the last attempt; nothing it throws leaves this method, so a failing job
/// never takes the host down. Retries wait in-process rather than as Hangfire retries, so that every attempt is
/// recorded here with its own outcome; Hangfire's in-memory storage would drop a pending retry on restart anyway,
/// and the job's next schedule (or "run now") picks up from the database state.
/// </summary>
public sealed class JobRunner(
    IServiceScopeFactory scopes,
    IDbContextFactory<NrmDbContext> dbFactory,
    JobRegistry registry,
    JobRetryOptions retry,
    TimeProvider clock,
    ILogger<JobRunner> log)
{
    public async Task<JobOutcome> RunAsync(string key, JobTrigger trigger, CancellationToken ct)
    {
        var definition = registry.Find(key) ?? throw new ArgumentException($"Unknown job '{key}'.", nameof(key));
        if (trigger == JobTrigger.Schedule && await IsPausedAsync(key, ct))
        {
            // The scheduler pauses the trigger too; this covers a trigger that fired before the pause reached it.
            return JobOutcome.Succeeded;
        }

        for (var attempt = 1; ; attempt++)
        {
            var started = clock.GetUtcNow();
            var watch = Stopwatch.StartNew();
            string? message;
            JobOutcome outcome;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var job = (INrmJob)scope.ServiceProvider.GetRequiredService(definition.JobType);
                message = await job.RunAsync(ct);
                outcome = JobOutcome.Succeeded;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                log.LogInformation("Job {JobKey} stopped by shutdown during attempt {Attempt}", key, attempt);
                return JobOutcome.Failed;
            }
            catch (Exception e)
            {
                outcome = attempt < retry.Attempts ? JobOutcome.Retrying : JobOutcome.Failed;
                message = JobRun.Truncate($"{e.GetType().Name}: {e.Message}");
                log.LogError("Job {JobKey} attempt {Attempt} of {Attempts} failed with {ErrorType}", key, attempt, retry.Attempts, e.GetType().Name);
            }

            watch.Stop();
            await RecordAsync(new JobRun
            {
                JobKey = key,
                Trigger = trigger,
                Attempt = attempt,
                StartedAtUtc = started.UtcDateTime,
                FinishedAtUtc = clock.GetUtcNow().UtcDateTime,
                DurationMs = watch.ElapsedMilliseconds,
                Outcome = outcome,
                Message = message is null ? null : JobRun.Truncate(message),
            });

            if (outcome != JobOutcome.Retrying)
            {
                return outcome;
            }

            try
            {
                await Task.Delay(retry.Backoff[attempt - 1], clock, ct);
            }
            catch (OperationCanceledException)
            {
                return JobOutcome.Failed;
            }
        }
    }

    private async Task<bool> IsPausedAsync(string key, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.JobStates.AnyAsync(s => s.JobKey == key && s.Paused, ct);
    }

    private async Task RecordAsync(JobRun run)
    {
        try
        {
            // Not the job's token: a run that finished is recorded even while the host shuts down.
            await using var db = await dbFactory.CreateDbContextAsync();
            db.JobRuns.Add(run);
            await db.SaveChangesAsync();
        }
        catch (Exception e)
        {
            log.LogError("Recording a run of job {JobKey} failed with {ErrorType}", run.JobKey, e.GetType().Name);
        }
    }
}
