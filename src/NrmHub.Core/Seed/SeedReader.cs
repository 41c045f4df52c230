using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using NrmHub.Core.Actors;

namespace NrmHub.Core.Seed;

/// <summary>
/// Reads and validates a country profile from <c>seed/&lt;country&gt;/</c> (profile.json, actors.json, channels.json).
/// Everything is validated before anything is written, so a bad file can never half-load.
/// </summary>
public static partial class SeedReader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    private static Regex CodePattern() => ActorRules.CodePattern();

    private static Regex EmailPattern() => ActorRules.EmailPattern();

    /// <summary>As long as an actor's region column (NrmDbContext) can hold.</summary>
    private const int RegionKeyMax = 100;

    public static SeedData Read(string seedRoot, string country)
    {
        var dir = Path.Combine(seedRoot, country);
        if (!Directory.Exists(dir))
        {
            throw new SeedValidationException(dir, "-", "-", $"no seed folder for country '{country}'");
        }

        var profileFile = Path.Combine(dir, "profile.json");
        var profile = ValidateProfile(profileFile, Deserialize<ProfileDto>(profileFile), country);

        var actorsFile = Path.Combine(dir, "actors.json");
        var actors = ValidateActors(actorsFile, Deserialize<List<ActorDto?>>(actorsFile), profile);

        var channelsFile = Path.Combine(dir, "channels.json");
        var channels = File.Exists(channelsFile)
            ? ValidateChannels(channelsFile, Deserialize<List<ChannelDto?>>(channelsFile), actors)
            : [];

        return new SeedData(profile, actors, channels);
    }

    private static T Deserialize<T>(string file) where T : class
    {
        if (!File.Exists(file))
        {
            throw new SeedValidationException(file, "-", "-", "file is missing");
        }

        try
        {
            using var stream = File.OpenRead(file);
            return JsonSerializer.Deserialize<T>(stream, Json)
                ?? throw new SeedValidationException(file, "-", "-", "file is empty (null)");
        }
        catch (JsonException e)
        {
            var (record, field) = SplitPath(e.Path);
            var detail = e.Message.Split(" Path:", 2)[0];
            throw new SeedValidationException(file, record, field, $"{detail} (line {e.LineNumber + 1})");
        }
    }

    // "$[3].kind" -> ("#4", "kind"); "$.name.en" -> ("-", "name.en")
    private static (string Record, string Field) SplitPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return ("-", "-");
        }

        var match = Regex.Match(path, @"^\$\[(\d+)\]\.?(.*)$");
        if (match.Success)
        {
            var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
            var field = match.Groups[2].Value;
            return ($"#{index}", field.Length == 0 ? "-" : field);
        }

        return ("-", path.TrimStart('$', '.'));
    }

    private static CountryProfile ValidateProfile(string file, ProfileDto dto, string country)
    {
        if (!string.Equals(dto.Code, country, StringComparison.Ordinal))
        {
            throw new SeedValidationException(file, "profile", "code", $"is '{dto.Code}' but the folder is '{country}'");
        }

        var name = RequireText(file, "profile", "name", dto.Name);
        if (string.IsNullOrWhiteSpace(dto.TimeZone))
        {
            throw new SeedValidationException(file, "profile", "timeZone", "is required");
        }

        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(dto.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new SeedValidationException(file, "profile", "timeZone", $"'{dto.TimeZone}' is not a known time zone");
        }

        var keys = new List<string>();
        var names = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        foreach (var (region, n) in (dto.Regions ?? []).Select((r, n) => (r, n)))
        {
            var field = $"regions[{n}]";
            if (region is null)
            {
                throw new SeedValidationException(file, "profile", field, "is null; a region is { \"key\": ..., \"name\": { \"en\": ..., \"az\": ..., \"ru\": ... } }");
            }

            if (string.IsNullOrWhiteSpace(region.Key))
            {
                throw new SeedValidationException(file, "profile", $"{field}.key", "is required: the English name that actors and cases store for the region");
            }

            var key = region.Key.Trim();
            if (key.Length > RegionKeyMax)
            {
                throw new SeedValidationException(file, "profile", $"{field}.key", $"'{key}' is longer than {RegionKeyMax} characters");
            }

            if (keys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new SeedValidationException(file, "profile", $"{field}.key", $"'{key}' is listed twice");
            }

            if (string.IsNullOrWhiteSpace(region.Name?.En))
            {
                throw new SeedValidationException(file, "profile", $"{field}.name.en", $"is required: the English name of region '{key}'");
            }

            keys.Add(key);
            names[key] = RequireText(file, "profile", $"{field}.name", region.Name);
        }

        var nationals = new List<string>();
        foreach (var (national, i) in (dto.Nationals ?? []).Select((n, i) => (n, i)))
        {
            if (string.IsNullOrWhiteSpace(national) || national.Trim().Length > 100)
            {
                throw new SeedValidationException(file, "profile", $"nationals[{i}]", "must be a name of the country's nationality of 1 to 100 characters");
            }

            nationals.Add(national.Trim());
        }

        return new CountryProfile(dto.Code!, name, dto.TimeZone, keys, names, nationals);
    }

    private static List<ActorSeed> ValidateActors(string file, List<ActorDto?> dtos, CountryProfile profile)
    {
        var result = new List<ActorSeed>(dtos.Count);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < dtos.Count; i++)
        {
            var dto = dtos[i];
            var record = $"#{i + 1}";
            if (dto is null)
            {
                throw new SeedValidationException(file, record, "-", "record is null");
            }

            if (string.IsNullOrWhiteSpace(dto.Code) || !CodePattern().IsMatch(dto.Code))
            {
                throw new SeedValidationException(file, record, "code", "must be 2-64 characters of a-z, 0-9 and '-'");
            }

            record = $"#{i + 1} ('{dto.Code}')";
            if (!codes.Add(dto.Code))
            {
                throw new SeedValidationException(file, record, "code", "is used by an earlier record");
            }

            var shortName = RequireShortName(file, record, dto.ShortName);
            var name = RequireText(file, record, "name", dto.Name);
            if (dto.Kind is null)
            {
                throw new SeedValidationException(file, record, "kind", $"is required; one of {string.Join(", ", Enum.GetNames<ActorKind>())}");
            }

            RequireRegion(file, record, "region", dto.Region, profile);
            var served = dto.RegionsServed ?? [];
            foreach (var region in served)
            {
                RequireRegion(file, record, "regionsServed", region, profile);
            }

            var disclosure = dto.AddressDisclosure ?? (dto.Kind == ActorKind.Shelter ? Disclosure.Restricted : Disclosure.Public);
            if (dto.Kind == ActorKind.Shelter && dto.Address is not null && disclosure != Disclosure.Restricted)
            {
                throw new SeedValidationException(file, record, "addressDisclosure", "a shelter's address must be Restricted");
            }

            var contacts = new List<ContactSeed>();
            foreach (var (contact, n) in (dto.Contacts ?? []).Select((c, n) => (c, n)))
            {
                var field = $"contacts[{n}]";
                if (contact is null || string.IsNullOrWhiteSpace(contact.Role) || string.IsNullOrWhiteSpace(contact.Value) || contact.Kind is null)
                {
                    throw new SeedValidationException(file, record, field, "needs role, kind and value");
                }

                if (contact.Kind == ContactKind.Email && !EmailPattern().IsMatch(contact.Value))
                {
                    throw new SeedValidationException(file, record, $"{field}.value", $"'{contact.Value}' is not an e-mail address");
                }

                contacts.Add(new ContactSeed(contact.Role.Trim(), contact.Kind.Value, contact.Value.Trim()));
            }

            var mandates = new List<MandateSeed>();
            foreach (var (mandate, n) in (dto.Mandates ?? []).Select((m, n) => (m, n)))
            {
                var field = $"mandates[{n}]";
                if (mandate?.Pillar is null)
                {
                    throw new SeedValidationException(file, record, $"{field}.pillar", $"is required; one of {string.Join(", ", Enum.GetNames<Pillar>())}");
                }

                if (mandate.Services is not { Count: > 0 })
                {
                    throw new SeedValidationException(file, record, $"{field}.services", $"needs at least one of {string.Join(", ", Enum.GetNames<ServiceType>())}");
                }

                if (mandate.Capacity is < 0 || mandate.Occupancy is < 0 || (mandate.Occupancy is not null && mandate.Capacity is null)
                    || mandate.Occupancy > mandate.Capacity)
                {
                    throw new SeedValidationException(file, record, $"{field}.occupancy", "capacity and occupancy must be 0 or more, with occupancy at most capacity");
                }

                mandates.Add(new MandateSeed(mandate.Pillar.Value, mandate.Services.Distinct().ToList(), mandate.LegalBasis?.Trim(), mandate.LegalReference?.Trim(), mandate.Capacity, mandate.Occupancy));
            }

            result.Add(new ActorSeed(
                dto.Code, shortName, name, dto.Kind.Value, dto.Level ?? ActorLevel.National, dto.Region,
                dto.Parent, served, dto.Address?.Trim(), disclosure, contacts, mandates));
        }

        // Parents are checked once every code is known, so order in the file does not matter.
        var byCode = result.ToDictionary(a => a.Code);
        foreach (var (actor, i) in result.Select((a, i) => (a, i)))
        {
            if (actor.Parent is null)
            {
                continue;
            }

            var record = $"#{i + 1} ('{actor.Code}')";
            if (!byCode.ContainsKey(actor.Parent))
            {
                throw new SeedValidationException(file, record, "parent", $"'{actor.Parent}' is not an actor of this profile");
            }

            var seen = new HashSet<string> { actor.Code };
            for (var p = actor.Parent; p is not null; p = byCode[p].Parent)
            {
                if (!seen.Add(p))
                {
                    throw new SeedValidationException(file, record, "parent", "the parent chain loops back to itself");
                }
            }
        }

        return result;
    }

    private static List<ChannelSeed> ValidateChannels(string file, List<ChannelDto?> dtos, List<ActorSeed> actors)
    {
        var byCode = actors.ToDictionary(a => a.Code);
        var pairs = new HashSet<(string, string)>();
        var result = new List<ChannelSeed>(dtos.Count);
        for (var i = 0; i < dtos.Count; i++)
        {
            var dto = dtos[i];
            var record = dto is null ? $"#{i + 1}" : $"#{i + 1} ('{dto.From}' -> '{dto.To}')";
            if (dto is null)
            {
                throw new SeedValidationException(file, record, "-", "record is null");
            }

            foreach (var (field, code) in new[] { ("from", dto.From), ("to", dto.To) })
            {
                if (code is null || !byCode.ContainsKey(code))
                {
                    throw new SeedValidationException(file, record, field, $"'{code}' is not an actor of this profile");
                }
            }

            if (dto.From == dto.To)
            {
                throw new SeedValidationException(file, record, "to", "a channel cannot lead back to the same actor");
            }

            if (!pairs.Add((dto.From!, dto.To!)))
            {
                throw new SeedValidationException(file, record, "to", "an earlier record already connects these two actors; list all services in one channel");
            }

            if (dto.Services is not { Count: > 0 })
            {
                throw new SeedValidationException(file, record, "services", "needs at least one service");
            }

            var mandated = byCode[dto.To!].Mandates.SelectMany(m => m.Services).ToHashSet();
            var unmandated = dto.Services.Where(s => !mandated.Contains(s)).ToList();
            if (unmandated.Count > 0)
            {
                throw new SeedValidationException(file, record, "services", $"'{dto.To}' has no mandate for {string.Join(", ", unmandated)}");
            }

            if (dto.Basis is null)
            {
                throw new SeedValidationException(file, record, "basis", $"is required; one of {string.Join(", ", Enum.GetNames<ChannelBasis>())}");
            }

            result.Add(new ChannelSeed(dto.From!, dto.To!, dto.Services.Distinct().ToList(), dto.Basis.Value, dto.TimeLimit?.Trim()));
        }

        return result;
    }

    private static void RequireRegion(string file, string record, string field, string? region, CountryProfile profile)
    {
        if (region is not null && !profile.Regions.Contains(region, StringComparer.Ordinal))
        {
            throw new SeedValidationException(file, record, field, $"'{region}' is not a region of the profile ({string.Join(", ", profile.Regions)})");
        }
    }

    // A shortName is either a string (English only) or { "en", "az", "ru" }.
    private static LocalizedText RequireShortName(string file, string record, TextDto? dto)
    {
        if (dto is null)
        {
            throw new SeedValidationException(file, record, "shortName", $"is required: a string or {{ \"en\", \"az\", \"ru\" }} (at most {ActorRules.ShortNameMax} characters each)");
        }

        if (string.IsNullOrWhiteSpace(dto.En))
        {
            throw new SeedValidationException(file, record, "shortName.en", "is required");
        }

        foreach (var (lang, value) in new[] { ("en", dto.En), ("az", dto.Az), ("ru", dto.Ru) })
        {
            if (value?.Trim() is { Length: > ActorRules.ShortNameMax })
            {
                throw new SeedValidationException(file, record, $"shortName.{lang}", $"is longer than {ActorRules.ShortNameMax} characters");
            }
        }

        return new LocalizedText(dto.En.Trim(), Blank(dto.Az), Blank(dto.Ru));

        static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static LocalizedText RequireText(string file, string record, string field, TextDto? dto)
    {
        if (dto is null || string.IsNullOrWhiteSpace(dto.En))
        {
            throw new SeedValidationException(file, record, $"{field}.en", "is required");
        }

        foreach (var (lang, value) in new[] { ("en", dto.En), ("az", dto.Az), ("ru", dto.Ru) })
        {
            if (value is { Length: > 300 })
            {
                throw new SeedValidationException(file, record, $"{field}.{lang}", "is longer than 300 characters");
            }
        }

        return new LocalizedText(dto.En.Trim(), dto.Az?.Trim(), dto.Ru?.Trim());
    }

    private sealed record TextDto(string? En, string? Az, string? Ru);

    private sealed record RegionDto(string? Key, TextDto? Name);

    private sealed record ProfileDto(string? Code, TextDto? Name, string? TimeZone, List<RegionDto?>? Regions, List<string?>? Nationals = null);

    /// <summary>Reads a string as English-only text, or an object as { en, az, ru }.</summary>
    private sealed class StringOrTextConverter : JsonConverter<TextDto>
    {
        public override TextDto? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => new TextDto(reader.GetString(), null, null),
            JsonTokenType.StartObject => JsonSerializer.Deserialize<TextDto>(ref reader, options),
            _ => throw new JsonException("must be a string or { \"en\": ..., \"az\": ..., \"ru\": ... }"),
        };

        public override void Write(Utf8JsonWriter writer, TextDto value, JsonSerializerOptions options) =>
            throw new NotSupportedException();
    }

    private sealed record ContactDto(string? Role, ContactKind? Kind, string? Value);

    private sealed record MandateDto(Pillar? Pillar, List<ServiceType>? Services, string? LegalBasis, string? LegalReference, int? Capacity, int? Occupancy);

    private sealed record ActorDto(
        string? Code,
        [property: JsonConverter(typeof(StringOrTextConverter))] TextDto? ShortName,
        TextDto? Name,
        ActorKind? Kind,
        ActorLevel? Level,
        string? Region,
        string? Parent,
        List<string>? RegionsServed,
        string? Address,
        Disclosure? AddressDisclosure,
        List<ContactDto?>? Contacts,
        List<MandateDto?>? Mandates);

    private sealed record ChannelDto(string? From, string? To, List<ServiceType>? Services, ChannelBasis? Basis, string? TimeLimit);
}
