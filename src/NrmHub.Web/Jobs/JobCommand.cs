using NrmHub.Core.Jobs;

namespace NrmHub.Web.Jobs;

/// <summary>
/// <c>--run-job &lt;key&gt;</c>: runs one registered job once, without retries, in this process and records the run
/// like the scheduler does. Exit code 0 on success, 1 when the job failed, 2 for an unknown key.
/// </summary>
public static class JobCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string key, CancellationToken ct = default)
    {
        var registry = services.GetRequiredService<JobRegistry>();
        if (registry.Find(key) is null)
        {
            Console.Error.WriteLine($"Unknown job '{key}'. Registered jobs: {string.Join(", ", registry.All.Select(j => j.Key))}.");
            return 2;
        }

        var runner = ActivatorUtilities.CreateInstance<JobRunner>(services, new JobRetryOptions { Backoff = [] });
        var outcome = await runner.RunAsync(key, JobTrigger.Manual, ct);
        if (outcome != JobOutcome.Succeeded)
        {
            Console.Error.WriteLine($"Job '{key}' failed; see the log and the jobs dashboard.");
            return 1;
        }

        Console.WriteLine($"Job '{key}' finished.");
        return 0;
    }
}
