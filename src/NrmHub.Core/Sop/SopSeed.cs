using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;

namespace NrmHub.Core.Sop;

public sealed record HolidaySeed(DateOnly Date, string Name);

public sealed record CalendarSeed(IReadOnlyList<DayOfWeek> Weekend, IReadOnlyList<HolidaySeed> Holidays, string? Source);

/// <summary>The SOP template and working calendar of one country, validated like the rest of its seed.</summary>
public sealed record SopSeedData(IReadOnlyList<SopStep> Steps, CalendarSeed Calendar)
{
    public WorkingCalendar CalendarIn(CountryProfile profile) => new(
        TimeZoneInfo.FindSystemTimeZoneById(profile.TimeZone), Calendar.Weekend, Calendar.Holidays.Select(h => h.Date));
}

/// <summary>
/// Reads <c>sop.json</c> and <c>calendar.json</c> next to a country's other seed files. A country without them gets no
/// SOP steps and a Saturday–Sunday weekend; a file that is there but wrong stops start-up with file, record and field.
/// </summary>
public static partial class SopSeedReader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    public static SopSeedData Read(string seedRoot, SeedData seed)
    {
        var dir = Path.Combine(seedRoot, seed.Profile.Code);
        var actorCodes = seed.Actors.Select(a => a.Code).ToHashSet(StringComparer.Ordinal);

        var calendarFile = Path.Combine(dir, "calendar.json");
        var calendar = File.Exists(calendarFile)
            ? ValidateCalendar(calendarFile, Deserialize<CalendarDto>(calendarFile))
            : new CalendarSeed([DayOfWeek.Saturday, DayOfWeek.Sunday], [], null);

        var sopFile = Path.Combine(dir, "sop.json");
        var steps = File.Exists(sopFile)
            ? ValidateSteps(sopFile, Deserialize<List<StepDto?>>(sopFile), actorCodes)
            : [];
        return new SopSeedData(steps, calendar);
    }

    /// <summary>Reads one seed file with the seed rules (no unknown fields, enum names only); errors name record and field.</summary>
    internal static T Deserialize<T>(string file) where T : class
    {
        try
        {
            using var stream = File.OpenRead(file);
            return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new SeedValidationException(file, "-", "-", "file is empty (null)");
        }
        catch (JsonException e)
        {
            var match = JsonPath().Match(e.Path ?? "");
            var record = match.Success ? $"#{int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1}" : "-";
            var field = match.Success ? match.Groups[2].Value : (e.Path ?? "-").TrimStart('$', '.');
            throw new SeedValidationException(file, record, field.Length == 0 ? "-" : field, $"{e.Message.Split(" Path:", 2)[0]} (line {e.LineNumber + 1})");
        }
    }

    private static CalendarSeed ValidateCalendar(string file, CalendarDto dto)
    {
        var weekend = dto.Weekend ?? [];
        if (weekend.Distinct().Count() != weekend.Count || weekend.Count > 6)
        {
            throw new SeedValidationException(file, "calendar", "weekend", "lists a day twice or leaves no working day");
        }

        var holidays = new List<HolidaySeed>();
        var seen = new HashSet<DateOnly>();
        foreach (var (h, i) in (dto.Holidays ?? []).Select((h, i) => (h, i)))
        {
            var record = $"holidays #{i + 1}";
            if (h is null || !DateOnly.TryParseExact(h.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new SeedValidationException(file, record, "date", $"'{h?.Date}' is not a date like 2026-01-01");
            }

            if (string.IsNullOrWhiteSpace(h.Name))
            {
                throw new SeedValidationException(file, $"{record} ({h.Date})", "name", "is required");
            }

            if (!seen.Add(date))
            {
                throw new SeedValidationException(file, $"{record} ({h.Date})", "date", "is listed twice");
            }

            holidays.Add(new HolidaySeed(date, h.Name.Trim()));
        }

        return new CalendarSeed(weekend, holidays, dto.Source?.Trim());
    }

    private static List<SopStep> ValidateSteps(string file, List<StepDto?> dtos, HashSet<string> actorCodes)
    {
        var result = new List<SopStep>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (dto, i) in dtos.Select((d, i) => (d, i)))
        {
            var record = $"#{i + 1}";
            if (dto is null)
            {
                throw new SeedValidationException(file, record, "-", "record is null");
            }

            if (string.IsNullOrWhiteSpace(dto.Id) || !ActorRules.CodePattern().IsMatch(dto.Id))
            {
                throw new SeedValidationException(file, record, "id", "must be 2-64 characters of a-z, 0-9 and '-'");
            }

            record = $"#{i + 1} ('{dto.Id}')";
            if (!ids.Add(dto.Id))
            {
                throw new SeedValidationException(file, record, "id", "is used by an earlier record");
            }

            if (dto.Name is null || string.IsNullOrWhiteSpace(dto.Name.En))
            {
                throw new SeedValidationException(file, record, "name.en", "is required");
            }

            if (dto.Trigger is null)
            {
                throw new SeedValidationException(file, record, "trigger", $"is required; one of {string.Join(", ", Enum.GetNames<SopTrigger>())}");
            }

            var owner = dto.Owner?.Trim();
            var ownerOk = owner is SopStep.Sender or SopStep.Receiver or SopStep.CaseOpener
                || (owner is not null && owner.StartsWith(SopStep.ActorPrefix, StringComparison.Ordinal) && actorCodes.Contains(owner[SopStep.ActorPrefix.Length..]));
            if (!ownerOk)
            {
                throw new SeedValidationException(file, record, "owner", $"'{owner}' is not Sender, Receiver, CaseOpener or actor:<code of an actor of this profile>");
            }

            if (dto.Duration is null || !SopRules.DurationOk(dto.Duration.Value) || dto.Duration.Unit is null)
            {
                throw new SeedValidationException(file, record, "duration", "needs a value from 1 to 366 and a unit (Hours, CalendarDays, WorkingDays)");
            }

            if (!SopRules.RemindAtOk(dto.RemindAt))
            {
                throw new SeedValidationException(file, record, "remindAt", "must be a percentage of the duration from 1 to 99");
            }

            foreach (var (target, n) in (dto.Escalation ?? []).Select((t, n) => (t, n)))
            {
                if (!SopRules.EscalationTargetOk(target, actorCodes))
                {
                    throw new SeedValidationException(file, record, $"escalation[{n}]", $"'{target}' is neither OwnerParent nor an actor of this profile");
                }
            }

            if (string.IsNullOrWhiteSpace(dto.Source))
            {
                throw new SeedValidationException(file, record, "source", "cite where the time limit comes from");
            }

            result.Add(new SopStep
            {
                Id = dto.Id,
                Position = i + 1,
                NameEn = dto.Name.En.Trim(),
                NameAz = dto.Name.Az?.Trim(),
                NameRu = dto.Name.Ru?.Trim(),
                Trigger = dto.Trigger.Value,
                ClosedBy = [.. (dto.ClosedBy ?? []).Distinct()],
                Scope = dto.Scope ?? SopScope.Referral,
                Owner = owner!,
                OwnerKinds = [.. (dto.OwnerKinds ?? []).Distinct()],
                ExceptOwnerKinds = [.. (dto.ExceptOwnerKinds ?? []).Distinct()],
                DurationValue = dto.Duration.Value!.Value,
                DurationUnit = dto.Duration.Unit.Value,
                RemindAtPercent = dto.RemindAt!.Value,
                Escalation = [.. dto.Escalation ?? []],
                Recurring = dto.Recurring ?? false,
                Source = dto.Source.Trim(),
            });
        }

        return result;
    }

    [GeneratedRegex(@"^\$\[(\d+)\]\.?(.*)$")]
    private static partial Regex JsonPath();

    private sealed record TextDto(string? En, string? Az, string? Ru);

    private sealed record DurationDto(int? Value, DurationUnit? Unit);

    private sealed record StepDto(
        string? Id,
        TextDto? Name,
        SopTrigger? Trigger,
        List<SopTrigger>? ClosedBy,
        SopScope? Scope,
        string? Owner,
        List<ActorKind>? OwnerKinds,
        List<ActorKind>? ExceptOwnerKinds,
        DurationDto? Duration,
        int? RemindAt,
        List<string>? Escalation,
        bool? Recurring,
        string? Source);

    private sealed record HolidayDto(string? Date, string? Name);

    private sealed record CalendarDto(List<DayOfWeek>? Weekend, List<HolidayDto?>? Holidays, string? Source);
}

/// <summary>Inserts the seed's SOP steps the database does not have yet, by stable id; existing steps are kept as edited.</summary>
public sealed class SopLoader(IDbContextFactory<NrmDbContext> dbFactory)
{
    public async Task<int> ApplyAsync(SopSeedData seed, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.SopSteps.Select(s => s.Id).ToListAsync(ct);
        var added = seed.Steps.Where(s => !existing.Contains(s.Id)).ToList();
        db.SopSteps.AddRange(added);
        await db.SaveChangesAsync(ct);
        return added.Count;
    }
}
