using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;

namespace NrmHub.Core.WorkingGroups;

public sealed record ActionSeed(string Title, string Owner, DateOnly Due, BoardColumn Column, string? Kpi);

public sealed record DecisionSeed(string Text, IReadOnlyList<ActionSeed> Actions);

public sealed record MeetingSeed(DateTime StartsLocal, DateTime EndsLocal, string? Place, bool Online, IReadOnlyList<string> Agenda, IReadOnlyList<string> Attended, string? Minutes, IReadOnlyList<DecisionSeed> Decisions);

public sealed record MeasurementSeed(DateOnly On, double Value, string Source);

public sealed record KpiSeed(string Id, LocalizedText Name, string? Definition, string Unit, double Baseline, double Target, DateOnly Due, KpiDirection Direction, KpiComputation Computed, string? Region, IReadOnlyList<MeasurementSeed> Measurements);

public sealed record GroupSeed(
    string Id, LocalizedText Name, GroupKind Kind, Pillar? Pillar, string? Topic, GroupPurpose Purpose, string? PurposeText, string Chair,
    IReadOnlyList<string> Members, string? Region, GroupStatus Status, string? TermsOfReference, string Source, IReadOnlyList<MeetingSeed> Meetings, IReadOnlyList<KpiSeed> Kpis);

/// <summary>
/// Reads <c>seed/&lt;country&gt;/groups.json</c>: the working groups and task forces a country's documents imply.
/// Validated entirely before anything is written, like the other seed files: a wrong file stops start-up with
/// file, record and field. A country without the file has no groups.
/// </summary>
public static class GroupSeedReader
{
    public static IReadOnlyList<GroupSeed> Read(string seedRoot, SeedData seed)
    {
        var file = Path.Combine(seedRoot, seed.Profile.Code, "groups.json");
        return File.Exists(file) ? Validate(file, SopSeedReader.Deserialize<List<GroupDto?>>(file), seed) : [];
    }

    private static List<GroupSeed> Validate(string file, List<GroupDto?> dtos, SeedData seed)
    {
        var actors = seed.Actors.Select(a => a.Code).ToHashSet(StringComparer.Ordinal);
        var regions = seed.Profile.Regions.ToHashSet(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var kpiIds = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<GroupSeed>();
        foreach (var (dto, i) in dtos.Select((d, i) => (d, i)))
        {
            var record = $"#{i + 1}";
            void Fail(string field, string problem) => throw new SeedValidationException(file, record, field, problem);
            string? Text(string field, string? value, int limit, bool required = false)
            {
                if (TextRules.IsBlank(value))
                {
                    if (required)
                    {
                        Fail(field, "is required");
                    }

                    return null;
                }

                var trimmed = value!.Trim();
                if (trimmed.Length > limit)
                {
                    Fail(field, $"is {trimmed.Length} characters; at most {limit}");
                }

                return trimmed;
            }

            LocalizedText Names(string field, NameDto? name)
            {
                var en = Text($"{field}.en", name?.En, GroupLimits.Name, required: true)!;
                return new LocalizedText(en, Text($"{field}.az", name?.Az, GroupLimits.Name), Text($"{field}.ru", name?.Ru, GroupLimits.Name));
            }

            DateOnly Day(string field, string? value)
            {
                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    Fail(field, $"'{value}' is not a date like 2026-12-31");
                }

                return day;
            }

            if (dto is null)
            {
                Fail("-", "record is null");
            }

            if (string.IsNullOrWhiteSpace(dto!.Id) || dto.Id.Length > GroupLimits.Code || !ActorRules.CodePattern().IsMatch(dto.Id))
            {
                Fail("id", "must be 2-64 characters of a-z, 0-9 and '-'");
            }

            record = $"#{i + 1} ('{dto.Id}')";
            if (!ids.Add(dto.Id!))
            {
                Fail("id", "is used by an earlier record");
            }

            var name = Names("name", dto.Name);
            if (dto.Kind is null)
            {
                Fail("kind", $"is required; one of {string.Join(", ", Enum.GetNames<GroupKind>())}");
            }

            if (dto.Purpose is null)
            {
                Fail("purpose", $"is required; one of {string.Join(", ", Enum.GetNames<GroupPurpose>())}");
            }

            if (dto.Status is null)
            {
                Fail("status", $"is required; one of {string.Join(", ", Enum.GetNames<GroupStatus>())}");
            }

            var topic = Text("topic", dto.Topic, GroupLimits.Topic);
            if (dto.Pillar is null && topic is null)
            {
                Fail("pillar", "a group needs a 4P pillar or a topic");
            }

            if (dto.Chair is null || !actors.Contains(dto.Chair))
            {
                Fail("chair", $"'{dto.Chair}' is not an actor of this profile");
            }

            var members = dto.Members ?? [];
            foreach (var (m, n) in members.Select((m, n) => (m, n)))
            {
                if (m is null || !actors.Contains(m))
                {
                    Fail($"members[{n}]", $"'{m}' is not an actor of this profile");
                }

                if (m == dto.Chair)
                {
                    Fail($"members[{n}]", "is the chair; the chair is a member already");
                }
            }

            if (members.Distinct().Count() != members.Count)
            {
                Fail("members", "lists an actor twice");
            }

            if (dto.Region is not null && !regions.Contains(dto.Region))
            {
                Fail("region", $"'{dto.Region}' is not a region of this profile");
            }

            if (dto.Kind == GroupKind.RegionalTaskForce && dto.Region is null)
            {
                Fail("region", "a regional task force needs its region");
            }

            var groupActors = members.Append(dto.Chair!).ToHashSet(StringComparer.Ordinal);
            var groupKpis = new HashSet<string>(StringComparer.Ordinal);
            var kpis = new List<KpiSeed>();
            foreach (var (k, n) in (dto.Kpis ?? []).Select((k, n) => (k, n)))
            {
                var at = $"kpis[{n}]";
                if (k is null)
                {
                    Fail(at, "is null");
                }

                if (string.IsNullOrWhiteSpace(k!.Id) || k.Id.Length > GroupLimits.Code || !ActorRules.CodePattern().IsMatch(k.Id))
                {
                    Fail($"{at}.id", "must be 2-64 characters of a-z, 0-9 and '-'");
                }

                if (!kpiIds.Add(k.Id!))
                {
                    Fail($"{at}.id", $"'{k.Id}' is used by an earlier KPI");
                }

                groupKpis.Add(k.Id!);
                if (k.Baseline is null || k.Target is null || k.Baseline == k.Target)
                {
                    Fail($"{at}.target", "baseline and target are required and must differ");
                }

                var computed = k.Computed ?? KpiComputation.None;
                if (k.Region is not null && (computed != KpiComputation.ReferralsAcceptedWithinSop || !regions.Contains(k.Region)))
                {
                    Fail($"{at}.region", "applies only to ReferralsAcceptedWithinSop and must be a region of this profile");
                }

                if (computed != KpiComputation.None && k.Measurements is { Count: > 0 })
                {
                    Fail($"{at}.measurements", "a computed KPI takes no entered measurements");
                }

                var measurements = (k.Measurements ?? []).Select((m, j) => m is null
                    ? throw new SeedValidationException(file, record, $"{at}.measurements[{j}]", "is null")
                    : new MeasurementSeed(
                        Day($"{at}.measurements[{j}].on", m.On),
                        m.Value ?? throw new SeedValidationException(file, record, $"{at}.measurements[{j}].value", "is required"),
                        Text($"{at}.measurements[{j}].source", m.Source, GroupLimits.MeasurementSource, required: true)!)).ToList();
                kpis.Add(new KpiSeed(
                    k.Id!, Names($"{at}.name", k.Name), Text($"{at}.definition", k.Definition, GroupLimits.KpiDefinition),
                    Text($"{at}.unit", k.Unit, GroupLimits.Unit, required: true)!, k.Baseline!.Value, k.Target!.Value, Day($"{at}.due", k.Due),
                    k.Direction ?? KpiDirection.HigherIsBetter, computed, k.Region, measurements));
            }

            var meetings = new List<MeetingSeed>();
            foreach (var (m, n) in (dto.Meetings ?? []).Select((m, n) => (m, n)))
            {
                var at = $"meetings[{n}]";
                if (m is null)
                {
                    Fail(at, "is null");
                }

                DateTime Time(string field, string? value) =>
                    DateTime.TryParseExact(value, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
                        ? t
                        : throw new SeedValidationException(file, record, field, $"'{value}' is not a local time like 2026-10-14T10:00");
                var starts = Time($"{at}.startsAt", m!.StartsAt);
                var ends = Time($"{at}.endsAt", m.EndsAt);
                if (ends <= starts)
                {
                    Fail($"{at}.endsAt", "must be after startsAt");
                }

                var place = Text($"{at}.place", m.Place, GroupLimits.Place);
                if (place is null && m.Online != true)
                {
                    Fail($"{at}.place", "is required unless the meeting is online");
                }

                var agenda = (m.Agenda ?? []).Select((a, j) => Text($"{at}.agenda[{j}]", a, GroupLimits.AgendaItem, required: true)!).ToList();
                foreach (var (a, j) in (m.Attended ?? []).Select((a, j) => (a, j)))
                {
                    if (a is null || !groupActors.Contains(a))
                    {
                        Fail($"{at}.attended[{j}]", $"'{a}' is not the chair or a member of this group");
                    }
                }

                var decisions = new List<DecisionSeed>();
                foreach (var (d, j) in (m.Decisions ?? []).Select((d, j) => (d, j)))
                {
                    var dat = $"{at}.decisions[{j}]";
                    var text = Text($"{dat}.text", d?.Text, GroupLimits.Decision, required: true)!;
                    var actions = new List<ActionSeed>();
                    foreach (var (a, q) in (d!.Actions ?? []).Select((a, q) => (a, q)))
                    {
                        var aat = $"{dat}.actions[{q}]";
                        var title = Text($"{aat}.title", a?.Title, GroupLimits.ActionTitle, required: true)!;
                        if (a!.Owner is null || !groupActors.Contains(a.Owner))
                        {
                            Fail($"{aat}.owner", $"'{a.Owner}' is not the chair or a member of this group");
                        }

                        if (a.Kpi is not null && !(dto.Kpis ?? []).Any(x => x?.Id == a.Kpi))
                        {
                            Fail($"{aat}.kpi", $"'{a.Kpi}' is not a KPI of this group");
                        }

                        actions.Add(new ActionSeed(title, a.Owner!, Day($"{aat}.due", a.Due), a.Column ?? BoardColumn.ToDo, a.Kpi));
                    }

                    decisions.Add(new DecisionSeed(text, actions));
                }

                meetings.Add(new MeetingSeed(starts, ends, place, m.Online ?? false, agenda, (m.Attended ?? []).Distinct().ToList()!, Text($"{at}.minutes", m.Minutes, GroupLimits.LongText), decisions));
            }

            result.Add(new GroupSeed(
                dto.Id!, name, dto.Kind!.Value, dto.Pillar, topic, dto.Purpose!.Value, Text("purposeText", dto.PurposeText, GroupLimits.PurposeText),
                dto.Chair!, members!, dto.Region, dto.Status!.Value, Text("termsOfReference", dto.TermsOfReference, GroupLimits.LongText),
                Text("source", dto.Source, GroupLimits.Source, required: true)!, meetings, kpis));
        }

        return result;
    }

    private sealed record NameDto(string? En, string? Az, string? Ru);

    private sealed record ActionDto(string? Title, string? Owner, string? Due, BoardColumn? Column, string? Kpi);

    private sealed record DecisionDto(string? Text, List<ActionDto?>? Actions);

    private sealed record MeetingDto(string? StartsAt, string? EndsAt, string? Place, bool? Online, List<string?>? Agenda, List<string?>? Attended, string? Minutes, List<DecisionDto?>? Decisions);

    private sealed record MeasurementDto(string? On, double? Value, string? Source);

    private sealed record KpiDto(string? Id, NameDto? Name, string? Definition, string? Unit, double? Baseline, double? Target, string? Due, KpiDirection? Direction, KpiComputation? Computed, string? Region, List<MeasurementDto?>? Measurements);

    private sealed record GroupDto(
        string? Id, NameDto? Name, GroupKind? Kind, Pillar? Pillar, string? Topic, GroupPurpose? Purpose, string? PurposeText, string? Chair,
        List<string?>? Members, string? Region, GroupStatus? Status, string? TermsOfReference, string? Source, List<MeetingDto?>? Meetings, List<KpiDto?>? Kpis);
}

/// <summary>
/// Inserts the seed's groups the database does not have yet, by code, with their first meeting, action items
/// (on the deadline sweep) and KPIs, in one transaction. A group already there is kept as its members edited it.
/// </summary>
public sealed class GroupSeedLoader(IDbContextFactory<NrmDbContext> dbFactory, TimeProvider clock, WorkingCalendar calendar, Board board)
{
    public async Task<int> ApplyAsync(IReadOnlyList<GroupSeed> groups, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = (await db.WorkingGroups.Select(g => g.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var missing = groups.Where(g => !existing.Contains(g.Id)).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }

        var actors = await db.Actors.ToDictionaryAsync(a => a.Code, a => a.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var seeder = new GroupViewer("", 0, IsCoordinator: true, IsAdmin: true);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var s in missing)
        {
            var group = new WorkingGroup
            {
                Code = s.Id,
                NameEn = s.Name.En,
                NameAz = s.Name.Az,
                NameRu = s.Name.Ru,
                Kind = s.Kind,
                Pillar = s.Pillar,
                Topic = s.Topic,
                Purpose = s.Purpose,
                PurposeText = s.PurposeText,
                ChairActorId = actors[s.Chair],
                Region = s.Region,
                Status = s.Status,
                TermsOfReference = s.TermsOfReference,
                Source = s.Source,
                CreatedAtUtc = now,
                Members = s.Members.Select(m => new GroupMember { ActorId = actors[m] }).ToList(),
            };
            db.WorkingGroups.Add(group);
            var kpis = s.Kpis.ToDictionary(k => k.Id, k => new Kpi
            {
                Code = k.Id,
                NameEn = k.Name.En,
                NameAz = k.Name.Az,
                NameRu = k.Name.Ru,
                Definition = k.Definition,
                Unit = k.Unit,
                Baseline = k.Baseline,
                Target = k.Target,
                DueOn = k.Due,
                Direction = k.Direction,
                Computation = k.Computed,
                Region = k.Region,
            });
            await db.SaveChangesAsync(ct);
            foreach (var kpi in kpis.Values)
            {
                kpi.GroupId = group.Id;
                db.Kpis.Add(kpi);
            }

            await db.SaveChangesAsync(ct);
            db.KpiMeasurements.AddRange(s.Kpis.SelectMany(k => k.Measurements.Select(m => new KpiMeasurement { KpiId = kpis[k.Id].Id, On = m.On, Value = m.Value, Source = m.Source, AtUtc = now })));
            foreach (var m in s.Meetings)
            {
                var meeting = new Meeting
                {
                    GroupId = group.Id,
                    StartsAtUtc = calendar.ToUtc(m.StartsLocal),
                    EndsAtUtc = calendar.ToUtc(m.EndsLocal),
                    Place = m.Place,
                    Online = m.Online,
                    Agenda = [.. m.Agenda],
                    Minutes = m.Minutes,
                    CreatedAtUtc = now,
                    Attendance = m.Attended.Select(a => new MeetingAttendance { ActorId = actors[a] }).ToList(),
                    Decisions = m.Decisions.Select((d, i) => new Decision { Text = d.Text, Position = i + 1 }).ToList(),
                };
                db.Meetings.Add(meeting);
                await db.SaveChangesAsync(ct);
                foreach (var (d, i) in m.Decisions.Select((d, i) => (d, i)))
                {
                    foreach (var a in d.Actions)
                    {
                        var form = new ActionForm { Title = a.Title, OwnerActorId = actors[a.Owner], DueOn = a.Due, Column = a.Column, KpiId = a.Kpi is null ? null : kpis[a.Kpi].Id };
                        board.Add(db, group.Id, form, meeting.Id, meeting.Decisions[i].Id, seeder, now);
                    }
                }
            }

            await db.SaveChangesAsync(ct);
            AuditLog.Record(db, now, AuditUser.System, "group.seeded", GroupService.GroupEntity, group.Id.ToString(CultureInfo.InvariantCulture), after: new { group.Code, s.Source });
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return missing.Count;
    }
}
