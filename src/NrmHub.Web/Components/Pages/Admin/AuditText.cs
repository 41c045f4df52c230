using System.Globalization;
using Microsoft.Extensions.Localization;
using NrmHub.Core.Audit;
using NrmHub.Core.Seed;
using NrmHub.Web.Localization;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Components.Pages.Admin;

/// <summary>
/// Audit JSON in the reader's terms: ids of actors become their names, enum values their texts. Snapshots are written
/// PascalCase by some writers and camelCase by others, so field names are matched without case. A value with no
/// known text stays as it is stored: the audit viewer never hides what was recorded.
/// </summary>
public sealed class AuditText(IStringLocalizer<UiText> text, CountryProfile profile, IReadOnlyDictionary<int, string> actorsById, IReadOnlyDictionary<string, string> actorsByCode)
{
    // Leaf field -> resource prefix of its enum's values.
    private static readonly Dictionary<string, string> EnumPrefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["services"] = "Service", ["servicesDelivered"] = "Service", ["service"] = "Service",
        ["state"] = "State", ["urgency"] = "Urgency", ["consent"] = "Consent", ["outcome"] = "Outcome",
        ["basis"] = "Basis", ["level"] = "ActorLevel", ["addressDisclosure"] = "Admin.Disclosure", ["pillar"] = "Pillar",
        ["durationUnit"] = "Sop.Admin.Unit", ["exploitationForm"] = "Exploitation", ["sex"] = "Sex", ["ageGroup"] = "AgeGroup",
        ["trigger"] = "Sop.Trigger", ["scope"] = "Sop.Scope",
    };

    // Leaf field -> its label, for the fields whose label the UI already has.
    private static readonly Dictionary<string, string> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fromActorId"] = "Referral.From", ["toActorId"] = "Referral.To", ["from"] = "Admin.Channels.From", ["to"] = "Admin.Channels.To",
        ["services"] = "Actors.Services", ["basis"] = "Admin.Channels.Basis", ["timeLimitNote"] = "Admin.Channels.TimeLimit",
        ["state"] = "Referral.State", ["urgency"] = "Referral.Urgency", ["isActive"] = "Admin.Status", ["kind"] = "Workspace.Kind",
        ["shortName"] = "Admin.Actors.ShortName", ["shortNameAz"] = "Admin.Actors.ShortNameAz", ["shortNameRu"] = "Admin.Actors.ShortNameRu",
        ["nameEn"] = "Admin.Actors.NameEn", ["nameAz"] = "Admin.Actors.NameAz", ["nameRu"] = "Admin.Actors.NameRu",
        ["code"] = "Admin.Actors.Code", ["level"] = "Admin.Actors.Level", ["region"] = "Admin.Actors.Region", ["regionsServed"] = "Actors.Regions",
        ["parent"] = "Actors.Parent", ["address"] = "Actors.Address", ["addressDisclosure"] = "Admin.Actors.Disclosure", ["pillar"] = "Map.Pillar",
        ["durationValue"] = "Sop.Admin.Duration", ["durationUnit"] = "Sop.Admin.Unit", ["remindAtPercent"] = "Sop.Admin.RemindAt", ["escalation"] = "Sop.Admin.Escalation",
    };

    /// <summary>The last name of a path: "mandates[0].services" -> "services".</summary>
    public static string Leaf(string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? name : name[..bracket];
    }

    /// <summary>A field's label in the UI language, with its path when it sits in a list; the path itself otherwise.</summary>
    public string Field(string path)
    {
        var leaf = Leaf(path);
        if (!Labels.TryGetValue(leaf, out var key) || Found(key) is not { } label)
        {
            return path;
        }

        return path.Length == leaf.Length ? label : $"{label} ({path})";
    }

    public string? Value(string path, string? value)
    {
        if (value is null)
        {
            return null;
        }

        var leaf = Leaf(path);
        var parts = value.Split(", ");
        if (leaf.EndsWith("ActorId", StringComparison.OrdinalIgnoreCase) || leaf.Equals("parentId", StringComparison.OrdinalIgnoreCase))
        {
            return string.Join(", ", parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && actorsById.TryGetValue(id, out var name) ? name : p));
        }

        if (leaf.ToLowerInvariant() is "from" or "to" or "parent")
        {
            return string.Join(", ", parts.Select(p => actorsByCode.GetValueOrDefault(p) ?? p));
        }

        if (leaf.Equals("region", StringComparison.OrdinalIgnoreCase) || leaf.Equals("regionsServed", StringComparison.OrdinalIgnoreCase))
        {
            return string.Join(", ", parts.Select(p => profile.RegionName(p, Cultures.Current)));
        }

        // "kind" names an actor's kind, but a contact's kind inside an actor's contacts.
        var prefix = leaf.Equals("kind", StringComparison.OrdinalIgnoreCase)
            ? path.Contains("contacts", StringComparison.OrdinalIgnoreCase) ? "ContactKind" : "ActorKind"
            : EnumPrefixes.GetValueOrDefault(leaf);
        return prefix is null ? value : string.Join(", ", parts.Select(p => Found($"{prefix}.{p}") ?? p));
    }

    /// <summary>An entity type ("SopStep") as the user reads it.</summary>
    public static string EntityType(IStringLocalizer<UiText> text, string type)
    {
        var found = text[$"Audit.Entity.{type}"];
        return found.ResourceNotFound ? type : found.Value;
    }

    private string? Found(string key)
    {
        var found = text[key];
        return found.ResourceNotFound ? null : found.Value;
    }
}
