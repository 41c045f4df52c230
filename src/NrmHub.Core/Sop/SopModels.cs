using NrmHub.Core.Actors;

namespace NrmHub.Core.Sop;

/// <summary>What starts or closes a step. Referral events plus facts derived from them (first referral of a case, receiver is the police).</summary>
public enum SopTrigger
{
    CaseOpened,
    ReferralSent,
    ReferralSentToLawEnforcement,
    ReferralAcknowledged,
    ReferralAccepted,
    ReferralDeclined,
    ReferralStarted,
    ReferralDone,
    ReferralRevoked,

    /// <summary>Reasonable-grounds decision; no screen records it yet, so steps name it for when one does.</summary>
    IdentificationDecision,
}

public static class SopTriggers
{
    /// <summary>
    /// Events that are a referral action's own record of the work a step asks for (acknowledging is the acknowledgement
    /// step). A step they close is done only through that action; done, declined or revoked merely end other steps.
    /// </summary>
    public static readonly IReadOnlySet<SopTrigger> RecordedByReferralAction = new HashSet<SopTrigger>
    {
        SopTrigger.ReferralSentToLawEnforcement,
        SopTrigger.ReferralAcknowledged,
        SopTrigger.ReferralAccepted,
        SopTrigger.ReferralStarted,
    };

    public static bool ClosesOnlyByAction(IEnumerable<SopTrigger> closedBy) => closedBy.Any(RecordedByReferralAction.Contains);
}

public enum DurationUnit
{
    Hours,
    CalendarDays,
    WorkingDays,
}

/// <summary>Whether the events of one referral or of the whole case close a step.</summary>
public enum SopScope
{
    Referral,
    Case,
}

public enum StepState
{
    Open,
    Done,
    Overdue,
    Escalated,
}

/// <summary>
/// One step of the country's SOP template, loaded from <c>seed/&lt;country&gt;/sop.json</c> by stable id and kept
/// afterwards as the database has it (an administrator's edit survives a restart).
/// </summary>
public class SopStep
{
    /// <summary>Who owns a step: the referral's sender or receiver, the actor that opened the case, or a named actor.</summary>
    public const string Sender = "Sender", Receiver = "Receiver", CaseOpener = "CaseOpener", ActorPrefix = "actor:";

    /// <summary>Escalation to the owner actor's parent body; any other entry of the chain is an actor code.</summary>
    public const string OwnerParent = "OwnerParent";

    public required string Id { get; set; }
    public int Position { get; set; }
    public required string NameEn { get; set; }
    public string? NameAz { get; set; }
    public string? NameRu { get; set; }
    public SopTrigger Trigger { get; set; }
    public List<SopTrigger> ClosedBy { get; set; } = [];
    public SopScope Scope { get; set; }
    public required string Owner { get; set; }

    /// <summary>When not empty, the step applies only when the owner actor is of one of these kinds.</summary>
    public List<ActorKind> OwnerKinds { get; set; } = [];

    /// <summary>The step does not apply when the owner actor is of one of these kinds (the police need not refer to themselves).</summary>
    public List<ActorKind> ExceptOwnerKinds { get; set; } = [];

    public int DurationValue { get; set; }
    public DurationUnit DurationUnit { get; set; }
    public int RemindAtPercent { get; set; }
    public List<string> Escalation { get; set; } = [];

    /// <summary>Completing a recurring step (e.g. the case review) opens the next one.</summary>
    public bool Recurring { get; set; }

    public required string Source { get; set; }

    public string Name(string? language) => language switch
    {
        "az" when !string.IsNullOrWhiteSpace(NameAz) => NameAz!,
        "ru" when !string.IsNullOrWhiteSpace(NameRu) => NameRu!,
        _ => NameEn,
    };
}

/// <summary>What the sweep has to do next with a step instance.</summary>
public enum StepAction
{
    None,
    Remind,
    Escalate,
}

/// <summary>
/// One step of one case with its clock (<see cref="DeadlineClock"/>): the sweep reminds the owner and climbs the
/// step's escalation chain.
/// </summary>
public class StepInstance : DeadlineClock
{
    public long Id { get; set; }
    public required string StepId { get; set; }
    public int CaseId { get; set; }
    public int? ReferralId { get; set; }
    public int OwnerActorId { get; set; }

    public static StepInstance Start(string stepId, int caseId, int? referralId, int ownerActorId, DateTime startedAt, DateTime dueAt, int remindAtPercent)
    {
        var instance = new StepInstance { StepId = stepId, CaseId = caseId, ReferralId = referralId, OwnerActorId = ownerActorId };
        instance.StartClock(startedAt, dueAt, RemindAtPercentOf(startedAt, dueAt, remindAtPercent));
        return instance;
    }
}

/// <summary>
/// The deadline machinery shared by everything that has a due time someone chases (SOP steps, working-group action
/// items). Every action the sweep takes is recorded on the row (reminded at, escalation level) in the same
/// transaction as the notifications it sends, and <see cref="NextActionAtUtc"/> moves past it, so a second run or a
/// restart finds nothing left to do and a crash before commit loses nothing. Not an entity of its own: each table
/// that derives from it carries these columns and its own (State, NextActionAtUtc) index.
/// </summary>
public abstract class DeadlineClock
{
    public DateTime StartedAtUtc { get; set; }
    public DateTime DueAtUtc { get; set; }
    public DateTime RemindAtUtc { get; set; }
    public StepState State { get; private set; } = StepState.Open;

    /// <summary>When the sweep must look at this row next; null once nothing is left to do. Indexed with State.</summary>
    public DateTime? NextActionAtUtc { get; private set; }

    public DateTime? RemindedAtUtc { get; private set; }
    public int EscalationLevel { get; private set; }
    public DateTime? EscalatedAtUtc { get; private set; }
    public DateTime? ClosedAtUtc { get; private set; }
    public int Version { get; private set; }

    public bool IsOpen => State != StepState.Done;

    public static DateTime RemindAtPercentOf(DateTime startedAt, DateTime dueAt, int percent) =>
        startedAt + TimeSpan.FromTicks((dueAt - startedAt).Ticks / 100 * Math.Clamp(percent, 1, 100));

    /// <summary>(Re)starts the clock: a changed due date gets a fresh reminder and escalation, as a new deadline would.</summary>
    public void StartClock(DateTime startedAt, DateTime dueAt, DateTime remindAt)
    {
        StartedAtUtc = startedAt;
        DueAtUtc = dueAt;
        RemindAtUtc = remindAt < startedAt ? startedAt : remindAt > dueAt ? dueAt : remindAt;
        State = StepState.Open;
        NextActionAtUtc = RemindAtUtc;
        RemindedAtUtc = null;
        EscalationLevel = 0;
        EscalatedAtUtc = null;
        ClosedAtUtc = null;
        Version++;
    }

    public StepAction NextAction(DateTime now)
    {
        if (!IsOpen || NextActionAtUtc is not { } next || next > now)
        {
            return StepAction.None;
        }

        return RemindedAtUtc is null && now < DueAtUtc ? StepAction.Remind : StepAction.Escalate;
    }

    /// <summary>A reminder went out (or became pointless because the step is already due); next comes the due time.</summary>
    public void MarkReminded(DateTime at)
    {
        RemindedAtUtc ??= at;
        NextActionAtUtc = DueAtUtc;
        Version++;
    }

    /// <summary>
    /// Overdue: escalated to chain level <paramref name="level"/> (1-based), or merely overdue when nobody is left to
    /// escalate to. Each further level waits one more step duration.
    /// </summary>
    public void MarkEscalated(int? level, int chainLength, DateTime at)
    {
        if (level is { } reached)
        {
            EscalationLevel = reached;
            EscalatedAtUtc = at;
            State = StepState.Escalated;
        }
        else if (State == StepState.Open)
        {
            State = StepState.Overdue;
        }

        var span = DueAtUtc - StartedAtUtc;
        if (span < TimeSpan.FromHours(1))
        {
            span = TimeSpan.FromHours(1);
        }

        NextActionAtUtc = level is { } l && l < chainLength ? DueAtUtc + (span * l) : null;
        Version++;
    }

    public void Close(DateTime at)
    {
        if (!IsOpen)
        {
            return;
        }

        State = StepState.Done;
        ClosedAtUtc = at;
        NextActionAtUtc = null;
        Version++;
    }
}
