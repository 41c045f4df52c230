using NrmHub.Core.Actors;

namespace NrmHub.Core.WorkingGroups;

/// <summary>What a coordinator fills in to create or edit a group.</summary>
public sealed class GroupForm
{
    public int? Id { get; set; }
    public string NameEn { get; set; } = "";
    public string? NameAz { get; set; }
    public string? NameRu { get; set; }
    public GroupKind? Kind { get; set; }
    public Pillar? Pillar { get; set; }
    public string? Topic { get; set; }
    public GroupPurpose? Purpose { get; set; }
    public string? PurposeText { get; set; }
    public int? ChairActorId { get; set; }
    public List<int> MemberActorIds { get; set; } = [];
    public List<string> MemberUserIds { get; set; } = [];
    public string? Region { get; set; }
    public GroupStatus? Status { get; set; } = GroupStatus.Forming;
    public string? TermsOfReference { get; set; }

    /// <summary>The version the editor loaded, to detect a concurrent change.</summary>
    public int Version { get; set; }
}

/// <summary>A meeting as recorded after it took place, with its decisions and the action items they create.</summary>
public sealed class MeetingForm
{
    /// <summary>Local time of the country profile's time zone, as the chair reads it on the agenda.</summary>
    public DateTime? StartsLocal { get; set; }

    public DateTime? EndsLocal { get; set; }
    public string? Place { get; set; }
    public bool Online { get; set; }
    public List<string> Agenda { get; set; } = [];
    public List<int> AttendedActorIds { get; set; } = [];
    public string? Minutes { get; set; }
    public List<DecisionForm> Decisions { get; set; } = [];
}

public sealed class DecisionForm
{
    public string Text { get; set; } = "";

    /// <summary>The action items this decision becomes, created with it in one step.</summary>
    public List<ActionForm> Actions { get; set; } = [];
}

public sealed class ActionForm
{
    public string Title { get; set; } = "";
    public string? Notes { get; set; }
    public int? OwnerActorId { get; set; }
    public string? OwnerUserId { get; set; }
    public DateOnly? DueOn { get; set; }
    public int? KpiId { get; set; }
    public int? ConcernsActorId { get; set; }
    public BoardColumn Column { get; set; } = BoardColumn.ToDo;
}

public sealed class KpiForm
{
    public int? Id { get; set; }
    public string NameEn { get; set; } = "";
    public string? NameAz { get; set; }
    public string? NameRu { get; set; }
    public string? Definition { get; set; }
    public string Unit { get; set; } = "";
    public double? Baseline { get; set; }
    public double? Target { get; set; }
    public DateOnly? DueOn { get; set; }
    public KpiDirection Direction { get; set; } = KpiDirection.HigherIsBetter;
    public KpiComputation Computation { get; set; } = KpiComputation.None;
    public string? Region { get; set; }
    public int Version { get; set; }
}

public sealed class MeasurementForm
{
    public DateOnly? On { get; set; }
    public double? Value { get; set; }
    public string? Source { get; set; }
}
