namespace NrmHub.Core.Sop;

/// <summary>The rules an SOP step's clock must keep, shared by the seed reader and the administration page.</summary>
public static class SopRules
{
    public const int MaxDuration = 366;

    public static bool DurationOk(int? value) => value is > 0 and <= MaxDuration;

    public static bool RemindAtOk(int? percent) => percent is >= 1 and <= 99;

    /// <summary>An escalation entry is <see cref="SopStep.OwnerParent"/> or the code of an actor of this profile.</summary>
    public static bool EscalationTargetOk(string? target, IReadOnlySet<string> actorCodes) =>
        target == SopStep.OwnerParent || (target is not null && actorCodes.Contains(target));
}
