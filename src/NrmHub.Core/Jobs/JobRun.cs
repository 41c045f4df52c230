namespace NrmHub.Core.Jobs;

public enum JobOutcome
{
    Succeeded,

    /// <summary>This attempt threw; another attempt follows after a back-off.</summary>
    Retrying,

    /// <summary>The last attempt threw; the job waits for its next schedule or a "run now".</summary>
    Failed,
}

public enum JobTrigger
{
    Schedule,
    Manual,
}

/// <summary>
/// One attempt of a background job, for the jobs dashboard. Holds no personal data: the error text is the
/// exception's type and message, truncated, and jobs never put case data in their messages.
/// </summary>
public class JobRun
{
    public const int MaxErrorLength = 1000;

    public long Id { get; set; }
    public required string JobKey { get; set; }
    public JobTrigger Trigger { get; set; }
    public int Attempt { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime FinishedAtUtc { get; set; }
    public long DurationMs { get; set; }
    public JobOutcome Outcome { get; set; }

    /// <summary>What the job reported on success (e.g. "snapshot 12"), or the error of a failed attempt.</summary>
    public string? Message { get; set; }

    public static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..(MaxErrorLength - 1)] + "…";
}

/// <summary>Per-job switches an administrator sets; kept in the database so a paused job stays paused after a restart.</summary>
public class JobState
{
    public required string JobKey { get; set; }
    public bool Paused { get; set; }
    public DateTime ChangedAtUtc { get; set; }
}
