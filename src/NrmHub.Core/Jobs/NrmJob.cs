namespace NrmHub.Core.Jobs;

/// <summary>
/// A background job. Implementations are resolved from DI per run and should keep their state in the database,
/// so a restart or a double run repeats nothing. The returned text (may be null) is shown on the jobs dashboard.
/// </summary>
public interface INrmJob
{
    Task<string?> RunAsync(CancellationToken ct);
}

/// <param name="Key">Stable, used in configuration (<c>Jobs:&lt;Key&gt;:Cron</c>), the database and the dashboard.</param>
/// <param name="DefaultCron">Cron as Hangfire reads it (five fields, or six with seconds first), in the country's time zone.</param>
/// <param name="DescriptionKey">UI text key describing the job.</param>
public sealed record JobDefinition(string Key, Type JobType, string DefaultCron, string DescriptionKey);

/// <summary>Every background job of the app, in dashboard order. Hosts add to it at start-up; nothing is added later.</summary>
public sealed class JobRegistry
{
    private readonly List<JobDefinition> jobs = [];

    public IReadOnlyList<JobDefinition> All => jobs;

    public JobRegistry Add<TJob>(string key, string defaultCron, string descriptionKey)
        where TJob : class, INrmJob
    {
        if (jobs.Any(j => j.Key == key))
        {
            throw new InvalidOperationException($"Job '{key}' is registered twice.");
        }

        jobs.Add(new JobDefinition(key, typeof(TJob), defaultCron, descriptionKey));
        return this;
    }

    public JobDefinition? Find(string key) => jobs.FirstOrDefault(j => j.Key == key);
}

/// <summary>Retry policy of every job: attempts and the waits between them (exponential back-off by default).</summary>
public sealed class JobRetryOptions
{
    /// <summary>Waits before attempt 2, 3, …; the number of attempts is one more than the number of waits.</summary>
    public IReadOnlyList<TimeSpan> Backoff { get; set; } = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90)];

    public int Attempts => Backoff.Count + 1;
}
