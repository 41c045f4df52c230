using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;

namespace NrmHub.Core.Indicators;

/// <summary>
/// Computes the indicators of <see cref="IndicatorCatalog"/> in the database: one GROUP BY per indicator and
/// breakdown, never rows into memory (100,000 referrals stay in SQLite). Every number leaves through the same
/// disclosure rules: counts of people through <see cref="Suppression"/>, times over fewer referrals than the threshold
/// hidden. The SQL is assembled only from this class's own fragments; every value is a parameter.
/// </summary>
public sealed partial class IndicatorEngine(IDbContextFactory<NrmDbContext> dbFactory, CountryProfile profile, WorkingCalendar calendar, TimeProvider clock, IConfiguration settings)
{
    public const int MaxThreshold = 100;

    /// <summary>Indicators:Threshold, the smallest number of persons a published cell may count (default 5).</summary>
    public int Threshold
    {
        get
        {
            var value = settings.GetValue("Indicators:Threshold", Suppression.DefaultThreshold);
            return value is >= 1 and <= MaxThreshold
                ? value
                : throw new InvalidOperationException($"Indicators:Threshold is {value}; it must be a whole number from 1 to {MaxThreshold}.");
        }
    }

    public async Task<IndicatorTable> ComputeAsync(IndicatorSpec spec, IndicatorFilter filter, Dimension? by = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ComputeAsync(db, spec, filter, by, ct);
    }

    /// <summary>On a context the caller owns, so a whole framework is computed over one connection.</summary>
    public async Task<IndicatorTable> ComputeAsync(NrmDbContext db, IndicatorSpec spec, IndicatorFilter filter, Dimension? by = null, CancellationToken ct = default)
    {
        var definition = IndicatorCatalog.Find(spec.Indicator) ?? throw new ArgumentException($"No indicator '{spec.Indicator}'.", nameof(spec));
        if (by is { } d && !definition.Dimensions.Contains(d))
        {
            throw new ArgumentException($"{definition.Key} cannot be broken down by {d}.", nameof(by));
        }

        var threshold = Threshold;
        var rows = await RunAsync(db, definition, spec, filter, by, ct);
        var sumSafe = by is null
            || (!definition.MultiValued(by.Value) && definition.Unit is IndicatorUnit.Referrals or IndicatorUnit.Persons or IndicatorUnit.Steps
                or IndicatorUnit.Activities or IndicatorUnit.Participants or IndicatorUnit.Organisations);
        var overall = by is null ? rows : sumSafe ? null : await RunAsync(db, definition, spec, filter, null, ct);
        var categories = by is { } dim ? Domain(definition, dim, filter, rows) : [""];
        var byCategory = rows.ToDictionary(r => r.Category ?? "", StringComparer.Ordinal);

        if (definition.CountsPersons)
        {
            return Counted(definition, spec, filter, by, categories, byCategory, overall, threshold);
        }

        var cells = categories.Select(c => byCategory.TryGetValue(c, out var r) ? Cell(definition, c, r, threshold) : Cell(definition, c, null, threshold)).ToList();
        var total = overall is null
            ? new IndicatorCell("", cells.Sum(c => c.Value ?? 0), CellState.Shown, cells.Sum(c => c.Base))
            : Cell(definition, "", overall.FirstOrDefault(), threshold);
        return new IndicatorTable(definition, spec, filter, by, by is null ? [] : cells, total, threshold);
    }

    private static IndicatorTable Counted(IndicatorDefinition definition, IndicatorSpec spec, IndicatorFilter filter, Dimension? by,
        IReadOnlyList<string> categories, Dictionary<string, Row> byCategory, List<Row>? overall, int threshold)
    {
        var counts = new int[categories.Count, 1];
        for (var i = 0; i < categories.Count; i++)
        {
            counts[i, 0] = byCategory.TryGetValue(categories[i], out var r) ? (int)Math.Round(r.Value ?? 0) : 0;
        }

        var table = Suppression.Apply(categories, ["value"], counts, threshold);
        var cells = categories.Select((c, i) => CountCell(c, table, i, 0)).ToList();
        IndicatorCell total;
        if (overall is null)
        {
            total = CountCell("", table, table.TotalRow, 0);
        }
        else
        {
            // A multi-valued breakdown (services) counts a person in each row, so the rows do not add up to the
            // persons; the total is its own count, hidden below the threshold and hidden with an empty table.
            var n = (int)Math.Round(overall.FirstOrDefault()?.Value ?? 0);
            var hidden = table.Empty || (n > 0 && n < threshold);
            total = new IndicatorCell("", hidden ? null : n, hidden ? CellState.Primary : CellState.Shown, hidden ? 0 : n);
        }

        return new IndicatorTable(definition, spec, filter, by, by is null ? [] : cells, total, threshold);
    }

    private static IndicatorCell CountCell(string category, SuppressedTable table, int row, int column)
    {
        var value = table.Value(row, column);
        return new IndicatorCell(category, value, table.State(row, column), value ?? 0);
    }

    private static IndicatorCell Cell(IndicatorDefinition definition, string category, Row? row, int threshold)
    {
        var n = row?.N ?? 0;
        if (definition.RestsOnReferrals && n > 0 && n < threshold)
        {
            return new IndicatorCell(category, null, CellState.Primary, 0);
        }

        var value = row?.Value;
        if (value is null && definition.Unit is not (IndicatorUnit.Hours or IndicatorUnit.Percent or IndicatorUnit.KpiUnit))
        {
            value = 0;
        }

        return new IndicatorCell(category, value is { } v ? Math.Round(v, 2) : null, CellState.Shown, n, row?.P90 is { } p ? Math.Round(p, 2) : null);
    }

    /// <summary>Every category a breakdown can have, so a zero shows as a zero and not as a missing row.</summary>
    private IReadOnlyList<string> Domain(IndicatorDefinition definition, Dimension by, IndicatorFilter filter, List<Row> rows)
    {
        IEnumerable<string> known = by switch
        {
            Dimension.Month => filter.Months(),
            Dimension.Region => profile.Regions,
            Dimension.SenderKind or Dimension.ActorKind => Enum.GetNames<ActorKind>(),
            Dimension.Service => Enum.GetNames<ServiceType>(),
            Dimension.DeclineReason => Enum.GetNames<DeclineReason>(),
            Dimension.UnsuccessfulReason => Enum.GetNames<UnsuccessfulReason>(),
            // Participants are counted as women, men and others; a case's sex may also be unknown.
            Dimension.Sex => definition.Family == IndicatorFamily.Activities ? ParticipantSexes : Enum.GetNames<Sex>(),
            Dimension.AgeGroup => AgeBands,
            Dimension.Disability or Dimension.Migrant => YesNo,
            Dimension.NationalityGroup => Enum.GetNames<NationalityGroup>(),
            Dimension.ExploitationForm => Enum.GetNames<ExploitationForm>(),
            Dimension.ActivityKind => Enum.GetNames<ActivityKind>(),
            Dimension.Sector => Enum.GetNames<Sector>(),
            _ => [],
        };
        var list = known.ToList();
        foreach (var r in rows)
        {
            if (!list.Contains(r.Category ?? "", StringComparer.Ordinal))
            {
                list.Add(r.Category ?? "");
            }
        }

        return list;
    }

    public static readonly string[] AgeBands = ["Child", "Adult", "Unknown"];
    public static readonly string[] YesNo = ["Yes", "No"];
    public static readonly string[] ParticipantSexes = [nameof(Sex.Female), nameof(Sex.Male), nameof(Sex.Other)];

    private sealed class Row
    {
        public string? Category { get; init; }

        public double? Value { get; init; }

        public long N { get; init; }

        public double? P90 { get; init; }
    }

    private async Task<List<Row>> RunAsync(NrmDbContext db, IndicatorDefinition d, IndicatorSpec spec, IndicatorFilter filter, Dimension? by, CancellationToken ct)
    {
        if (d.Key == "wg.kpi")
        {
            return await KpiRowsAsync(db, spec, filter, by, ct);
        }

        var q = new Query(calendar, filter);
        var sql = d.Family switch
        {
            IndicatorFamily.Referrals => ReferralCounts(q, d.Key, by),
            IndicatorFamily.Timeliness => Timeliness(q, d.Key, by),
            IndicatorFamily.Persons => Persons(q, spec, by),
            IndicatorFamily.Sop => Steps(q, d.Key, by),
            IndicatorFamily.Activities => Activities(q, d.Key, spec, by),
            IndicatorFamily.Partnership => Partnership(q, d.Key, spec, by),
            _ => throw new InvalidOperationException(d.Key),
        };
        return await db.Database.SqlQueryRaw<Row>(sql, [.. q.Parameters]).ToListAsync(ct);
    }

    /// <summary>The parameters of one statement, and the fragments every statement shares.</summary>
    private sealed class Query(WorkingCalendar calendar, IndicatorFilter filter)
    {
        public List<SqliteParameter> Parameters { get; } = [];

        public IndicatorFilter Filter => filter;

        public DateTime FromUtc { get; } = calendar.EndOfDayUtc(filter.From.AddDays(-1));

        public DateTime ToUtc { get; } = calendar.EndOfDayUtc(filter.To);

        public string P(object value)
        {
            var name = $"@p{Parameters.Count}";
            Parameters.Add(new SqliteParameter(name, value));
            return name;
        }

        public string Between(string column) => $"{column} >= {P(FromUtc)} AND {column} < {P(ToUtc)}";

        public string In<T>(string column, IEnumerable<T> values) where T : struct, Enum =>
            $"{column} IN ({string.Join(", ", values.Select(v => P(v.ToString())))})";

        public string Region(string column) => filter.Region is { } region ? $" AND {column} = {P(region)}" : "";

        /// <summary>The local month of a UTC timestamp, by comparisons with the months' first instants (exact across DST).</summary>
        public string Month(string column) => Month(column, filter.Months());

        public string Month(string column, IReadOnlyList<string> months)
        {
            var sb = new StringBuilder("CASE");
            foreach (var month in months)
            {
                var next = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1);
                sb.Append($" WHEN {column} < {P(calendar.EndOfDayUtc(next.AddDays(-1)))} THEN {P(month)}");
            }

            return sb.Append(" END").ToString();
        }
    }

    private const string ReferralFrom = "FROM Referrals r JOIN Actors fa ON fa.Id = r.FromActorId JOIN CaseProfiles p ON p.CaseId = r.CaseId";

    private static string ReferralCategory(Query q, Dimension? by, string dateColumn) => by switch
    {
        null => "''",
        Dimension.Month => q.Month(dateColumn),
        Dimension.Region => "COALESCE(p.RegionIdentified, '')",
        Dimension.SenderKind => "fa.Kind",
        Dimension.Receiver => "CAST(r.ToActorId AS TEXT)",
        Dimension.Service => "s.value",
        Dimension.DeclineReason => "COALESCE(r.DeclineReason, '')",
        Dimension.UnsuccessfulReason => "COALESCE(r.UnsuccessfulReason, '')",
        Dimension.Sex => "p.Sex",
        Dimension.AgeGroup => "CASE WHEN p.AgeGroup IN ('Child0To13', 'Child14To17') THEN 'Child' WHEN p.AgeGroup LIKE 'Adult%' THEN 'Adult' ELSE 'Unknown' END",
        Dimension.Disability => "CASE WHEN p.Disability = 1 THEN 'Yes' ELSE 'No' END",
        Dimension.Migrant => "CASE WHEN p.Migrant = 1 THEN 'Yes' ELSE 'No' END",
        Dimension.NationalityGroup => "p.NationalityGroup",
        Dimension.ExploitationForm => "p.ExploitationForm",
        _ => throw new ArgumentOutOfRangeException(nameof(by), by, null),
    };

    private static string ReferralCounts(Query q, string key, Dimension? by)
    {
        var (column, extra) = key switch
        {
            "referrals.sent" => ("r.SentAtUtc", ""),
            "referrals.acknowledged" => ("r.AcknowledgedAtUtc", ""),
            "referrals.accepted" => ("r.AcceptedAtUtc", ""),
            "referrals.declined" => ("r.DeclinedAtUtc", ""),
            "referrals.revoked" => ("r.RevokedAtUtc", ""),
            "referrals.done.successful" => ("r.DoneAtUtc", " AND r.Outcome = 'Successful'"),
            "referrals.done.unsuccessful" => ("r.DoneAtUtc", " AND r.Outcome = 'NotSuccessful'"),
            _ => throw new InvalidOperationException(key),
        };
        var services = by == Dimension.Service ? " JOIN json_each(r.Services) s" : "";
        var count = by == Dimension.Service ? "COUNT(DISTINCT r.Id)" : "COUNT(*)";
        var category = ReferralCategory(q, by, column);
        return $"SELECT {category} AS Category, {count} AS Value, {count} AS N, NULL AS P90 {ReferralFrom}{services} " +
               $"WHERE {q.Between(column)}{extra}{q.Region("p.RegionIdentified")} GROUP BY 1";
    }

    /// <summary>Median and 90th percentile by nearest rank (the ⌈p·n⌉-th smallest), with window functions: SQLite has no percentile.</summary>
    private static string Timeliness(Query q, string key, Dimension? by)
    {
        var end = key switch
        {
            "timeliness.acknowledge" => "r.AcknowledgedAtUtc",
            "timeliness.accept" => "r.AcceptedAtUtc",
            "timeliness.firstService" => "r.StartedAtUtc",
            _ => throw new InvalidOperationException(key),
        };
        var services = by == Dimension.Service ? " JOIN json_each(r.Services) s" : "";
        var category = ReferralCategory(q, by, end);
        return $"""
            WITH d AS (SELECT {category} AS Category, (julianday({end}) - julianday(r.SentAtUtc)) * 24.0 AS H
                       {ReferralFrom}{services}
                       WHERE {q.Between(end)} AND r.SentAtUtc IS NOT NULL{q.Region("p.RegionIdentified")}),
                 o AS (SELECT Category, H, ROW_NUMBER() OVER (PARTITION BY Category ORDER BY H) AS Rn, COUNT(*) OVER (PARTITION BY Category) AS N FROM d)
            SELECT Category, MAX(CASE WHEN Rn = (N + 1) / 2 THEN H END) AS Value, N, MAX(CASE WHEN Rn = (9 * N + 9) / 10 THEN H END) AS P90
            FROM o GROUP BY Category, N
            """;
    }

    private static string Persons(Query q, IndicatorSpec spec, Dimension? by)
    {
        var services = by == Dimension.Service ? " JOIN json_each(r.Services) s" : "";
        var chosen = spec.Services is { Count: > 0 } list
            ? by == Dimension.Service
                ? " AND " + q.In("s.value", list)
                : " AND EXISTS (SELECT 1 FROM json_each(r.Services) f WHERE " + q.In("f.value", list) + ")"
            : "";
        var category = ReferralCategory(q, by, "r.AcceptedAtUtc");
        return $"SELECT {category} AS Category, COUNT(DISTINCT r.CaseId) AS Value, COUNT(DISTINCT r.CaseId) AS N, NULL AS P90 {ReferralFrom}{services} " +
               $"WHERE {q.Between("r.AcceptedAtUtc")}{chosen}{q.Region("p.RegionIdentified")} GROUP BY 1";
    }

    private string Steps(Query q, string key, Dimension? by)
    {
        var (column, where, value) = key switch
        {
            "sop.onTime" => ("i.ClosedAtUtc", "", "SUM(CASE WHEN i.ClosedAtUtc <= i.DueAtUtc THEN 1 ELSE 0 END) * 100.0 / COUNT(*)"),
            "sop.overdue" => ("i.DueAtUtc", $" AND ((i.ClosedAtUtc IS NULL AND i.DueAtUtc < {q.P(clock.GetUtcNow().UtcDateTime)}) OR i.ClosedAtUtc > i.DueAtUtc)", "COUNT(*)"),
            "sop.escalated" => ("i.EscalatedAtUtc", "", "COUNT(*)"),
            _ => throw new InvalidOperationException(key),
        };
        var category = by switch
        {
            null => "''",
            Dimension.Month => q.Month(column),
            Dimension.Actor => "CAST(i.OwnerActorId AS TEXT)",
            Dimension.Region => "COALESCE(p.RegionIdentified, '')",
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, null),
        };
        return $"SELECT {category} AS Category, {value} AS Value, COUNT(*) AS N, NULL AS P90 FROM StepInstances i LEFT JOIN CaseProfiles p ON p.CaseId = i.CaseId " +
               $"WHERE {q.Between(column)}{where}{q.Region("p.RegionIdentified")} GROUP BY 1";
    }

    private static string ActivityWhere(Query q, IndicatorSpec spec) =>
        $"a.WithdrawnAtUtc IS NULL AND a.OnDate >= {q.P(q.Filter.From)} AND a.OnDate <= {q.P(q.Filter.To)}"
        + (spec.Kinds is { Count: > 0 } kinds ? " AND " + q.In("a.Kind", kinds) : "")
        + q.Region("a.Region");

    private static string Activities(Query q, string key, IndicatorSpec spec, Dimension? by)
    {
        var category = by switch
        {
            null => "''",
            Dimension.Month => "substr(a.OnDate, 1, 7)",
            Dimension.Region => "a.Region",
            Dimension.ActivityKind => "a.Kind",
            Dimension.Sector => "COALESCE(a.Sector, '')",
            Dimension.Actor => "CAST(a.ActorId AS TEXT)",
            Dimension.Institution => "COALESCE(CAST(ap.InstitutionActorId AS TEXT), '')",
            Dimension.Sex => "x.Sex",
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, null),
        };
        switch (key)
        {
            case "activities.count":
                return $"SELECT {category} AS Category, COUNT(*) AS Value, COUNT(*) AS N, NULL AS P90 FROM Activities a WHERE {ActivityWhere(q, spec)} GROUP BY 1";
            case "activities.regions":
                return $"SELECT {category} AS Category, COUNT(DISTINCT a.Region) AS Value, COUNT(*) AS N, NULL AS P90 FROM Activities a WHERE {ActivityWhere(q, spec)} GROUP BY 1";
            case "activities.participants" when by == Dimension.Sex:
                // One row of counts per institution line becomes one row per sex.
                return $"""
                    SELECT x.Sex AS Category, SUM(x.V) AS Value, SUM(x.V) AS N, NULL AS P90 FROM (
                      SELECT 'Female' AS Sex, ap.Female AS V FROM Activities a JOIN ActivityParticipants ap ON ap.ActivityId = a.Id WHERE {ActivityWhere(q, spec)}
                      UNION ALL SELECT 'Male', ap.Male FROM Activities a JOIN ActivityParticipants ap ON ap.ActivityId = a.Id WHERE {ActivityWhere(q, spec)}
                      UNION ALL SELECT 'Other', ap.Other FROM Activities a JOIN ActivityParticipants ap ON ap.ActivityId = a.Id WHERE {ActivityWhere(q, spec)}
                    ) x GROUP BY 1
                    """;
            case "activities.participants":
                return $"SELECT {category} AS Category, SUM(ap.Female + ap.Male + ap.Other) AS Value, SUM(ap.Female + ap.Male + ap.Other) AS N, NULL AS P90 " +
                       $"FROM Activities a JOIN ActivityParticipants ap ON ap.ActivityId = a.Id WHERE {ActivityWhere(q, spec)} GROUP BY 1";
            default:
                throw new InvalidOperationException(key);
        }
    }

    private string Partnership(Query q, string key, IndicatorSpec spec, Dimension? by)
    {
        switch (key)
        {
            case "partnership.engaged":
            {
                // The last N whole local months that end with the period's last month.
                var n = spec.MonthsOrDefault;
                var lastMonth = new DateOnly(q.Filter.To.Year, q.Filter.To.Month, 1);
                var firstMonth = lastMonth.AddMonths(1 - n);
                var window = new IndicatorFilter(firstMonth, lastMonth.AddMonths(1).AddDays(-1));
                var months = window.Months();
                var (fromUtc, toUtc) = (calendar.EndOfDayUtc(firstMonth.AddDays(-1)), calendar.EndOfDayUtc(window.To));
                string Branch(string actor, string column) =>
                    $"SELECT {actor} AS ActorId, {q.Month(column, months)} AS M FROM Referrals r WHERE {column} >= {q.P(fromUtc)} AND {column} < {q.P(toUtc)}";
                var category = by == Dimension.ActorKind ? "x.Kind" : "''";
                return $"""
                    WITH e AS (
                      {Branch("r.FromActorId", "r.SentAtUtc")}
                      UNION ALL {Branch("r.ToActorId", "r.AcknowledgedAtUtc")}
                      UNION ALL {Branch("r.ToActorId", "r.AcceptedAtUtc")}
                      UNION ALL {Branch("r.ToActorId", "r.DeclinedAtUtc")}
                      UNION ALL {Branch("r.ToActorId", "r.DoneAtUtc")}
                      UNION ALL SELECT a.ActorId, substr(a.OnDate, 1, 7) FROM Activities a
                        WHERE a.WithdrawnAtUtc IS NULL AND a.OnDate >= {q.P(window.From)} AND a.OnDate <= {q.P(window.To)}
                      UNION ALL SELECT ma.ActorId, {q.Month("m.StartsAtUtc", months)} FROM MeetingAttendance ma JOIN Meetings m ON m.Id = ma.MeetingId
                        WHERE m.StartsAtUtc >= {q.P(fromUtc)} AND m.StartsAtUtc < {q.P(toUtc)}
                    ),
                    engaged AS (SELECT ActorId FROM e GROUP BY ActorId HAVING COUNT(DISTINCT M) = {q.P(n)})
                    SELECT {category} AS Category, COUNT(*) AS Value, COUNT(*) AS N, NULL AS P90
                    FROM engaged JOIN Actors x ON x.Id = engaged.ActorId WHERE x.IsActive = 1{q.Region("x.Region")} GROUP BY 1
                    """;
            }

            case "partnership.channelsUsed":
            {
                var category = by == Dimension.SenderKind ? "fa.Kind" : "''";
                return $"""
                    SELECT {category} AS Category,
                           SUM(CASE WHEN EXISTS (SELECT 1 FROM Referrals r JOIN CaseProfiles p ON p.CaseId = r.CaseId
                                                 WHERE r.FromActorId = c.FromActorId AND r.ToActorId = c.ToActorId AND {q.Between("r.SentAtUtc")}{q.Region("p.RegionIdentified")})
                                    THEN 1 ELSE 0 END) * 100.0 / COUNT(*) AS Value,
                           COUNT(*) AS N, NULL AS P90
                    FROM Channels c JOIN Actors fa ON fa.Id = c.FromActorId JOIN Actors ta ON ta.Id = c.ToActorId
                    WHERE c.IsActive = 1 AND fa.IsActive = 1 AND ta.IsActive = 1 GROUP BY 1
                    """;
            }

            case "partnership.regions":
                return $"""
                    SELECT '' AS Category, COUNT(DISTINCT g) AS Value, COUNT(DISTINCT g) AS N, NULL AS P90 FROM (
                      SELECT p.RegionIdentified AS g FROM Referrals r JOIN CaseProfiles p ON p.CaseId = r.CaseId
                        WHERE {q.Between("r.SentAtUtc")} AND p.RegionIdentified IS NOT NULL{q.Region("p.RegionIdentified")}
                      UNION SELECT a.Region FROM Activities a WHERE {ActivityWhere(q, new IndicatorSpec("activities.count"))})
                    """;
            default:
                throw new InvalidOperationException(key);
        }
    }

    /// <summary>A KPI's latest measurement up to the end of the period (or of each month): its value as the working group reports it.</summary>
    private static async Task<List<Row>> KpiRowsAsync(NrmDbContext db, IndicatorSpec spec, IndicatorFilter filter, Dimension? by, CancellationToken ct)
    {
        var kpi = await db.Kpis.AsNoTracking().Where(k => k.Code == spec.Kpi).Select(k => new { k.Id }).FirstOrDefaultAsync(ct);
        if (kpi is null)
        {
            return [];
        }

        var measurements = await db.KpiMeasurements.AsNoTracking()
            .Where(m => m.KpiId == kpi.Id && m.On <= filter.To)
            .OrderBy(m => m.On).ThenBy(m => m.Id)
            .Select(m => new { m.On, m.Value })
            .ToListAsync(ct);
        if (by is null)
        {
            return measurements.Count == 0 ? [] : [new Row { Category = "", Value = measurements[^1].Value, N = measurements.Count }];
        }

        return filter.Months()
            .Select(month => (month, last: measurements.LastOrDefault(m => m.On.ToString("yyyy-MM", CultureInfo.InvariantCulture).CompareTo(month) <= 0)))
            .Where(x => x.last is not null)
            .Select(x => new Row { Category = x.month, Value = x.last!.Value, N = 1 })
            .ToList();
    }
}
