using NrmHub.Core.Actors;

namespace NrmHub.Core.WorkingGroups;

/// <summary>The error codes of working groups; the UI translates "Groups.Error.{code}" and names the field.</summary>
public static class GroupErrorCodes
{
    public const string Required = "Required";
    public const string TooLong = "TooLong";
    public const string TooMany = "TooMany";
    public const string UnknownActor = "UnknownActor";
    public const string UnknownUser = "UnknownUser";
    public const string UnknownRegion = "UnknownRegion";
    public const string RegionRequired = "RegionRequired";
    public const string ThemeRequired = "ThemeRequired";
    public const string NotMember = "NotMember";
    public const string EndBeforeStart = "EndBeforeStart";
    public const string NotFound = "NotFound";
    public const string Forbidden = "Forbidden";
    public const string Stale = "Stale";
    public const string Closed = "Closed";
    public const string UnknownKpi = "UnknownKpi";
    public const string TargetEqualsBaseline = "TargetEqualsBaseline";
    public const string NotANumber = "NotANumber";
    public const string Computed = "Computed";
}

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

/// <summary>A refusal or a warning, by field ("Decisions[0].Actions[1].Title"), with the limit where one applies.</summary>
public sealed record GroupError(string Field, string Code, string Message, int? Limit = null, int? Length = null);

/// <summary>The outcome of a change: saved (id, new version) or refused with reasons; warnings never refuse.</summary>
public sealed record GroupResult(IReadOnlyList<GroupError> Errors, int? Id = null, int? Version = null)
{
    public bool Succeeded => Errors.Count == 0;

    public IReadOnlyList<GroupError> Warnings { get; init; } = [];

    public static GroupResult Ok(int id, int version = 0, IReadOnlyList<GroupError>? warnings = null) => new([], id, version) { Warnings = warnings ?? [] };

    public static GroupResult Fail(string field, string code, string message) => new([new GroupError(field, code, message)]);

    public static readonly GroupResult NotFound = Fail("", GroupErrorCodes.NotFound, "No such group or item, or it is not yours to see.");

    public static readonly GroupResult Forbidden = Fail("", GroupErrorCodes.Forbidden, "You may see this but not change it.");
}

/// <summary>Collects refusals with the field and limit, the same way for every form of this feature.</summary>
internal sealed class GroupChecks
{
    public List<GroupError> Errors { get; } = [];

    public List<GroupError> Warnings { get; } = [];

    public bool Ok => Errors.Count == 0;

    public void Fail(string field, string code, string message, int? limit = null, int? length = null) =>
        Errors.Add(new GroupError(field, code, message, limit, length));

    public string? Text(string field, string? value, int limit, bool required = false, bool warnPersonalData = true)
    {
        var trimmed = TextRules.IsBlank(value) ? null : value!.Trim();
        if (trimmed is null)
        {
            if (required)
            {
                Fail(field, GroupErrorCodes.Required, $"{field} is required.");
            }

            return null;
        }

        if (trimmed.Length > limit)
        {
            Fail(field, GroupErrorCodes.TooLong, $"{field} is {trimmed.Length} characters; at most {limit}.", limit, trimmed.Length);
        }

        if (warnPersonalData && PersonalDataCheck.LooksLikeNameAndBirthDate(trimmed))
        {
            Warnings.Add(new GroupError(field, "PersonalData", $"{field} looks as if it holds a person's name and date of birth; refer to a case by its code only."));
        }

        return trimmed;
    }
}
