using System.Collections.Concurrent;
using Hangfire;
using NrmHub.Core.Jobs;

namespace NrmHub.Web.Jobs;

/// <summary>
/// What Hangfire runs, for every registered job: it hands the key to <see cref="JobRunner"/>, which records each
/// attempt in NrmHub's database and retries with back-off. Hangfire's own retry is off so that a failing job is not
/// retried by two mechanisms at once; JobRunner never throws.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class HangfireJob(JobRunner runner, JobGate gate)
{
    public async Task RunAsync(string key, JobTrigger trigger, CancellationToken ct)
    {
        // One run of a job at a time: a schedule that fires while the job still runs is skipped (the next one
        // comes soon); a "run now" waits for the running one, so the administrator's request is never lost.
        var slot = gate.For(key);
        if (trigger == JobTrigger.Schedule)
        {
            if (!await slot.WaitAsync(TimeSpan.Zero, ct))
            {
                return;
            }
        }
        else
        {
            await slot.WaitAsync(ct);
        }

        try
        {
            await runner.RunAsync(key, trigger, ct);
        }
        finally
        {
            slot.Release();
        }
    }
}

/// <summary>One slot per job key, shared by the host's Hangfire workers.</summary>
public sealed class JobGate
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> slots = new();

    public SemaphoreSlim For(string key) => slots.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
}
