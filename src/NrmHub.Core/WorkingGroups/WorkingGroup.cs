using NrmHub.Core.Actors;
using NrmHub.Core.Sop;

namespace NrmHub.Core.WorkingGroups;

public enum GroupKind
{
    ThematicWorkingGroup,
    TaskForce,
    RegionalTaskForce,
}

/// <summary>What a group is for; seed 004 asks task forces to "agree on the main purpose" among exactly these.</summary>
public enum GroupPurpose
{
    AwarenessRaising,
    Identification,
    Advocacy,
    Coordination,
    Other,
}

public enum GroupStatus
{
    Forming,
    Active,
    Dormant,
    Closed,
}

public enum BoardColumn
{
    ToDo,
    Doing,
    Blocked,
    Done,
}

public enum KpiDirection
{
    HigherIsBetter,
    LowerIsBetter,
}

/// <summary>KPIs NrmHub can compute from its own records; <see cref="None"/> means members enter the measurements.</summary>
public enum KpiComputation
{
    None,
    ReferralsAcceptedWithinSop,
    MemberActorsActive,
    ActionsDoneOnTime,
}

/// <summary>A thematic working group or task force of the NRM, with its chair and member actors.</summary>
public class WorkingGroup
{
    public int Id { get; set; }

    /// <summary>Stable key (seed id or made from the name); seeding inserts by it.</summary>
    public required string Code { get; set; }

    public required string NameEn { get; set; }
    public string? NameAz { get; set; }
    public string? NameRu { get; set; }
    public GroupKind Kind { get; set; }
    public Pillar? Pillar { get; set; }
    public string? Topic { get; set; }
    public GroupPurpose Purpose { get; set; }
    public string? PurposeText { get; set; }
    public int ChairActorId { get; set; }
    public string? Region { get; set; }
    public GroupStatus Status { get; set; }

    /// <summary>Markdown, rendered without raw HTML.</summary>
    public string? TermsOfReference { get; set; }

    public string? Source { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public int Version { get; set; }

    public List<GroupMember> Members { get; set; } = [];
    public List<GroupPerson> People { get; set; } = [];

    public string Name(string? language) => language switch
    {
        "az" when !string.IsNullOrWhiteSpace(NameAz) => NameAz!,
        "ru" when !string.IsNullOrWhiteSpace(NameRu) => NameRu!,
        _ => NameEn,
    };
}

/// <summary>A member actor (organisation). The chair is a member without a row here.</summary>
public class GroupMember
{
    public int GroupId { get; set; }
    public int ActorId { get; set; }
}

/// <summary>A member person: a user account, who may own action items and sees the group whatever their organisation.</summary>
public class GroupPerson
{
    public int GroupId { get; set; }
    public required string UserId { get; set; }
}

public class Meeting
{
    public int Id { get; set; }
    public int GroupId { get; set; }
    public DateTime StartsAtUtc { get; set; }
    public DateTime EndsAtUtc { get; set; }
    public string? Place { get; set; }
    public bool Online { get; set; }
    public List<string> Agenda { get; set; } = [];

    /// <summary>Markdown, rendered without raw HTML.</summary>
    public string? Minutes { get; set; }

    public DateTime CreatedAtUtc { get; set; }
    public List<MeetingAttendance> Attendance { get; set; } = [];
    public List<Decision> Decisions { get; set; } = [];
}

/// <summary>A member actor that came to a meeting; absence is a member actor without a row.</summary>
public class MeetingAttendance
{
    public int MeetingId { get; set; }
    public int ActorId { get; set; }
}

public class Decision
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public int Position { get; set; }
    public required string Text { get; set; }
}

/// <summary>A card on the group's board.</summary>
public class ActionItem
{
    public int Id { get; set; }
    public int GroupId { get; set; }
    public required string Title { get; set; }
    public string? Notes { get; set; }
    public BoardColumn Column { get; set; }
    public int OwnerActorId { get; set; }
    public string? OwnerUserId { get; set; }

    /// <summary>A day of the country's calendar; the item is due at the end of it.</summary>
    public DateOnly DueOn { get; set; }

    public int? MeetingId { get; set; }
    public int? DecisionId { get; set; }
    public int? KpiId { get; set; }

    /// <summary>An actor the item concerns (other than its owner), e.g. the body a letter goes to.</summary>
    public int? ConcernsActorId { get; set; }

    public DateTime CreatedAtUtc { get; set; }
    public DateTime? DoneAtUtc { get; set; }

    /// <summary>Concurrency token: of two moves made from the same card, the second is refused.</summary>
    public int Version { get; set; }

    public ActionItemDeadline? Deadline { get; set; }
}

/// <summary>
/// The deadline of an action item, on the same clock and sweep as SOP steps. A separate row so that the sweep's
/// bookkeeping never collides with a member moving the card.
/// </summary>
public class ActionItemDeadline : DeadlineClock
{
    public int Id { get; set; }
    public int ActionItemId { get; set; }
}

public class Kpi
{
    public int Id { get; set; }
    public int GroupId { get; set; }
    public string? Code { get; set; }
    public required string NameEn { get; set; }
    public string? NameAz { get; set; }
    public string? NameRu { get; set; }
    public string? Definition { get; set; }
    public required string Unit { get; set; }
    public double Baseline { get; set; }
    public double Target { get; set; }
    public DateOnly DueOn { get; set; }
    public KpiDirection Direction { get; set; }
    public KpiComputation Computation { get; set; }

    /// <summary>For <see cref="KpiComputation.ReferralsAcceptedWithinSop"/>: the region of identification counted; null counts all.</summary>
    public string? Region { get; set; }

    public int Version { get; set; }

    public string Name(string? language) => language switch
    {
        "az" when !string.IsNullOrWhiteSpace(NameAz) => NameAz!,
        "ru" when !string.IsNullOrWhiteSpace(NameRu) => NameRu!,
        _ => NameEn,
    };
}

public class KpiMeasurement
{
    public long Id { get; set; }
    public int KpiId { get; set; }
    public DateOnly On { get; set; }
    public double Value { get; set; }
    public string? Source { get; set; }

    /// <summary>Written by the recompute job (one per KPI and day, overwritten by a rerun), not by a member.</summary>
    public bool Computed { get; set; }

    public string? ByUserId { get; set; }
    public DateTime AtUtc { get; set; }
}
