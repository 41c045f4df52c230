using NrmHub.Core.WorkingGroups;

namespace NrmHub.Core;

/// <summary>The error codes of the forms of working groups and activities; the UI translates "Groups.Error.{code}" and names the field.</summary>
public static class FormErrorCodes
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
    public const string InFuture = "InFuture";
    public const string TooOld = "TooOld";
    public const string NotApplicable = "NotApplicable";
    public const string Duplicate = "Duplicate";
    public const string OutOfRange = "OutOfRange";
}

/// <summary>A refusal or a warning, by field ("Decisions[0].Actions[1].Title"), with the limit where one applies.</summary>
public sealed record FormError(string Field, string Code, string Message, int? Limit = null, int? Length = null);

/// <summary>The outcome of a change: saved (id, new version) or refused with reasons; warnings never refuse.</summary>
public sealed record FormResult(IReadOnlyList<FormError> Errors, int? Id = null, int? Version = null)
{
    public bool Succeeded => Errors.Count == 0;

    public IReadOnlyList<FormError> Warnings { get; init; } = [];

    public static FormResult Ok(int id, int version = 0, IReadOnlyList<FormError>? warnings = null) => new([], id, version) { Warnings = warnings ?? [] };

    public static FormResult Fail(string field, string code, string message) => new([new FormError(field, code, message)]);

    public static readonly FormResult NotFound = Fail("", FormErrorCodes.NotFound, "No such group or item, or it is not yours to see.");

    public static readonly FormResult Forbidden = Fail("", FormErrorCodes.Forbidden, "You may see this but not change it.");
}

/// <summary>Collects refusals with the field and limit, the same way for every form that uses them.</summary>
internal sealed class FormChecks
{
    public List<FormError> Errors { get; } = [];

    public List<FormError> Warnings { get; } = [];

    public bool Ok => Errors.Count == 0;

    public void Fail(string field, string code, string message, int? limit = null, int? length = null) =>
        Errors.Add(new FormError(field, code, message, limit, length));

    public string? Text(string field, string? value, int limit, bool required = false, bool warnPersonalData = true)
    {
        var trimmed = TextRules.IsBlank(value) ? null : value!.Trim();
        if (trimmed is null)
        {
            if (required)
            {
                Fail(field, FormErrorCodes.Required, $"{field} is required.");
            }

            return null;
        }

        if (trimmed.Length > limit)
        {
            Fail(field, FormErrorCodes.TooLong, $"{field} is {trimmed.Length} characters; at most {limit}.", limit, trimmed.Length);
        }

        if (warnPersonalData && PersonalDataCheck.LooksLikeNameAndBirthDate(trimmed))
        {
            Warnings.Add(new FormError(field, "PersonalData", $"{field} looks as if it holds a person's name and date of birth; refer to a case by its code only."));
        }

        return trimmed;
    }
}
