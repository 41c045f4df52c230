using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using NrmHub.Core.Actors;

namespace NrmHub.Core.Seed;

/// <summary>
/// Reads and validates a country profile from <c>seed/&lt;country&gt;/</c>. Everything is validated before
/// anything is written, so a bad file can never half-load.
/// </summary>
public static partial class SeedReader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex CodePattern();

    public static SeedData Read(string seedRoot, string country)
    {
        var dir = Path.Combine(seedRoot, country);
        if (!Directory.Exists(dir))
        {
            throw new SeedValidationException(dir, "-", "-", $"no seed folder for country '{country}'");
        }

        var profileFile = Path.Combine(dir, "profile.json");
        var profileDto = Deserialize<ProfileDto>(profileFile);
        var profile = ValidateProfile(profileFile, profileDto, country);

        var actorsFile = Path.Combine(dir, "actors.json");
        var actorDtos = Deserialize<List<ActorDto?>>(actorsFile);
        var actors = ValidateActors(actorsFile, actorDtos, profile);

        return new SeedData(profile, actors);
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
            var index = int.Parse(match.Groups[1].Value) + 1;
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

        var regions = dto.Regions ?? [];
        var duplicate = regions.GroupBy(r => r, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SeedValidationException(file, "profile", "regions", $"'{duplicate.Key}' is listed twice");
        }

        return new CountryProfile(dto.Code!, name, dto.TimeZone, regions);
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

            if (string.IsNullOrWhiteSpace(dto.ShortName) || dto.ShortName.Length > 64)
            {
                throw new SeedValidationException(file, record, "shortName", "is required (at most 64 characters)");
            }

            var name = RequireText(file, record, "name", dto.Name);
            if (dto.Kind is null)
            {
                throw new SeedValidationException(file, record, "kind", $"is required; one of {string.Join(", ", Enum.GetNames<ActorKind>())}");
            }

            if (dto.Region is not null && !profile.Regions.Contains(dto.Region, StringComparer.Ordinal))
            {
                throw new SeedValidationException(file, record, "region", $"'{dto.Region}' is not a region of the profile ({string.Join(", ", profile.Regions)})");
            }

            result.Add(new ActorSeed(dto.Code, dto.ShortName.Trim(), name, dto.Kind.Value, dto.Level ?? ActorLevel.National, dto.Region));
        }

        return result;
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

    private sealed record ProfileDto(string? Code, TextDto? Name, string? TimeZone, List<string>? Regions);

    private sealed record ActorDto(string? Code, string? ShortName, TextDto? Name, ActorKind? Kind, ActorLevel? Level, string? Region);
}
