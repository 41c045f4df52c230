using NrmHub.Core.Seed;
using static NrmHub.Core.Actors.AdminErrorCodes;

namespace NrmHub.Core.Actors;

/// <summary>
/// The rules of the seed files (<see cref="SeedReader"/>) applied to administrators' edits. Pure: what needs the
/// database (unique code, parent chain, channels) is passed in, so the same rules run inside the saving transaction.
/// </summary>
internal static class AdminValidation
{
    /// <summary>
    /// Trims text and turns blank optional text into null, so "  " is never stored as a name. Blank means nothing
    /// visible (<see cref="TextRules.IsBlank"/>): a required name of zero-width spaces is as missing as an empty one.
    /// </summary>
    public static void Normalise(ActorForm f)
    {
        ArgumentNullException.ThrowIfNull(f);
        f.Code = (f.Code ?? "").Trim();
        f.ShortName = Required(f.ShortName);
        f.ShortNameAz = Optional(f.ShortNameAz);
        f.ShortNameRu = Optional(f.ShortNameRu);
        f.NameEn = Required(f.NameEn);
        f.NameAz = Optional(f.NameAz);
        f.NameRu = Optional(f.NameRu);
        f.Region = Optional(f.Region);
        f.RegionsServed = (f.RegionsServed ?? []).Where(r => !TextRules.IsBlank(r)).Select(r => r.Trim()).Distinct().ToList();
        f.Address = Optional(f.Address);
        f.Contacts = (f.Contacts ?? []).Select(c => new ContactForm { Role = Required(c?.Role), Kind = c?.Kind ?? ContactKind.Phone, Value = Required(c?.Value) }).ToList();
        f.Mandates = (f.Mandates ?? []).Select(m => m ?? new MandateForm()).ToList();
        foreach (var m in f.Mandates)
        {
            m.Services = (m.Services ?? []).Distinct().ToList();
            m.LegalBasisText = Optional(m.LegalBasisText);
            m.LegalBasisReference = Optional(m.LegalBasisReference);
        }
    }

    public static void Normalise(ChannelForm f)
    {
        ArgumentNullException.ThrowIfNull(f);
        f.Services = (f.Services ?? []).Distinct().ToList();
        f.TimeLimitNote = Optional(f.TimeLimitNote);
    }

    public static List<AdminError> Actor(ActorForm f, CountryProfile profile)
    {
        var errors = new List<AdminError>();
        if (!ActorRules.CodePattern().IsMatch(f.Code))
        {
            errors.Add(new(nameof(f.Code), CodeInvalid, "The code must be 2-64 characters of a-z, 0-9 and '-', starting with a letter or digit."));
        }

        if (f.ShortName.Length is 0 or > ActorRules.ShortNameMax)
        {
            errors.Add(new(nameof(f.ShortName), ShortNameRequired, "A short name is required (at most 64 characters)."));
        }

        if (f.NameEn.Length == 0)
        {
            errors.Add(new(nameof(f.NameEn), NameRequired, "The English name is required."));
        }

        MaxLength(errors, nameof(f.ShortNameAz), f.ShortNameAz, ActorRules.ShortNameMax);
        MaxLength(errors, nameof(f.ShortNameRu), f.ShortNameRu, ActorRules.ShortNameMax);
        MaxLength(errors, nameof(f.NameEn), f.NameEn, ActorRules.NameMax);
        MaxLength(errors, nameof(f.NameAz), f.NameAz, ActorRules.NameMax);
        MaxLength(errors, nameof(f.NameRu), f.NameRu, ActorRules.NameMax);
        Known(errors, nameof(f.Kind), f.Kind);
        Known(errors, nameof(f.Level), f.Level);
        Known(errors, nameof(f.AddressDisclosure), f.AddressDisclosure);

        if (f.Region is not null && !profile.Regions.Contains(f.Region, StringComparer.Ordinal))
        {
            errors.Add(new(nameof(f.Region), RegionUnknown, $"'{f.Region}' is not a region of the country profile.", f.Region));
        }

        foreach (var region in f.RegionsServed.Where(r => !profile.Regions.Contains(r, StringComparer.Ordinal)))
        {
            errors.Add(new(nameof(f.RegionsServed), RegionUnknown, $"'{region}' is not a region of the country profile.", region));
        }

        MaxLength(errors, nameof(f.Address), f.Address, ActorRules.AddressMax);
        if (f.Kind == ActorKind.Shelter && f.Address is not null && f.AddressDisclosure != Disclosure.Restricted)
        {
            errors.Add(new(nameof(f.AddressDisclosure), ShelterAddress, "A shelter's address must be Restricted."));
        }

        for (var i = 0; i < f.Contacts.Count; i++)
        {
            var c = f.Contacts[i];
            var field = $"Contacts[{i}]";
            if (c.Role.Length == 0 || c.Value.Length == 0 || !Enum.IsDefined(c.Kind))
            {
                errors.Add(new($"{field}.Value", ContactIncomplete, "A contact needs a role, a kind and a value."));
            }
            else if (c.Kind == ContactKind.Email && !ActorRules.EmailPattern().IsMatch(c.Value))
            {
                errors.Add(new($"{field}.Value", ContactEmail, "This is not an e-mail address."));
            }

            MaxLength(errors, $"{field}.Role", c.Role, ActorRules.ContactTextMax);
            MaxLength(errors, $"{field}.Value", c.Value, ActorRules.ContactTextMax);
        }

        for (var i = 0; i < f.Mandates.Count; i++)
        {
            var m = f.Mandates[i];
            var field = $"Mandates[{i}]";
            Known(errors, $"{field}.Pillar", m.Pillar);
            if (m.Services.Count == 0)
            {
                errors.Add(new($"{field}.Services", MandateServices, "A mandate needs at least one service."));
            }
            else if (m.Services.Any(s => !Enum.IsDefined(s)))
            {
                errors.Add(new($"{field}.Services", UnknownValue, "This value is not one of the known choices."));
            }

            if (m.Capacity is < 0 || m.Occupancy is < 0 || (m.Occupancy is not null && m.Capacity is null) || m.Occupancy > m.Capacity)
            {
                errors.Add(new($"{field}.Occupancy", MandateCapacity, "Capacity and occupancy must be 0 or more, with occupancy at most capacity."));
            }

            MaxLength(errors, $"{field}.LegalBasisText", m.LegalBasisText, ActorRules.LegalBasisTextMax);
            MaxLength(errors, $"{field}.LegalBasisReference", m.LegalBasisReference, ActorRules.LegalBasisReferenceMax);
        }

        return errors;
    }

    /// <summary>Parent rules: it exists, is not the actor itself, and following parents never leads back to it.</summary>
    public static AdminError? Parent(int? actorId, int? parentId, IReadOnlyDictionary<int, int?> parents)
    {
        if (parentId is not { } start)
        {
            return null;
        }

        if (!parents.ContainsKey(start))
        {
            return new(nameof(ActorForm.ParentId), ParentUnknown, "The parent is not an actor of this profile.");
        }

        if (start == actorId)
        {
            return new(nameof(ActorForm.ParentId), ParentSelf, "An actor cannot be its own parent.");
        }

        var seen = new HashSet<int>();
        for (int? p = start; p is { } id && seen.Add(id); p = parents.GetValueOrDefault(id))
        {
            if (id == actorId)
            {
                return new(nameof(ActorForm.ParentId), ParentLoop, "The parent chain would loop back to this actor.");
            }
        }

        return null;
    }

    public static List<AdminError> Channel(ChannelForm f, IReadOnlyDictionary<int, Actor> actors)
    {
        var errors = new List<AdminError>();
        foreach (var (field, id) in new[] { (nameof(f.FromActorId), f.FromActorId), (nameof(f.ToActorId), f.ToActorId) })
        {
            if (!actors.ContainsKey(id))
            {
                errors.Add(new(field, ChannelActorUnknown, "Choose an actor of this profile."));
            }
        }

        if (f.FromActorId == f.ToActorId && actors.ContainsKey(f.ToActorId))
        {
            errors.Add(new(nameof(f.ToActorId), ChannelSelfLoop, "A channel cannot lead back to the same actor."));
        }

        Known(errors, nameof(f.Basis), f.Basis);
        MaxLength(errors, nameof(f.TimeLimitNote), f.TimeLimitNote, ActorRules.TimeLimitNoteMax);
        if (f.Services.Count == 0)
        {
            errors.Add(new(nameof(f.Services), ChannelServices, "A channel needs at least one service."));
        }
        else if (f.Services.Any(s => !Enum.IsDefined(s)))
        {
            errors.Add(new(nameof(f.Services), UnknownValue, "This value is not one of the known choices."));
        }
        else if (actors.TryGetValue(f.ToActorId, out var receiver) && Unmandated(f.Services, receiver) is { Count: > 0 } missing)
        {
            var list = string.Join(", ", missing);
            errors.Add(new(nameof(f.Services), ChannelNotMandated, $"The receiving actor has no mandate for: {list}.", list));
        }

        return errors;
    }

    public static List<ServiceType> Unmandated(IEnumerable<ServiceType> services, Actor receiver)
    {
        var mandated = receiver.Mandates.SelectMany(m => m.Services).ToHashSet();
        return services.Where(s => !mandated.Contains(s)).ToList();
    }

    private static void MaxLength(List<AdminError> errors, string field, string? value, int max)
    {
        if (value is { Length: var n } && n > max)
        {
            errors.Add(new(field, TooLong, $"At most {max} characters.", max.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private static void Known<T>(List<AdminError> errors, string field, T value) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            errors.Add(new(field, UnknownValue, "This value is not one of the known choices."));
        }
    }

    private static string? Optional(string? text) => TextRules.IsBlank(text) ? null : text!.Trim();

    private static string Required(string? text) => Optional(text) ?? "";
}
