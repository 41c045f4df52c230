using NrmHub.Core.Jobs;

namespace NrmHub.Core.Sop;

/// <summary>The recurring job that chases SOP deadlines. All its state lives on the step rows, so double runs repeat nothing.</summary>
public sealed class DeadlineSweepJob(DeadlineSweep sweep) : INrmJob
{
    public const string Key = "deadline-sweep";

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        var result = await sweep.RunAsync(ct);
        return $"{result.Reminders} reminder(s), {result.Escalations} escalation(s), {result.Overdue} step(s) newly overdue.";
    }
}
