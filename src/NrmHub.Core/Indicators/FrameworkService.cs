using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;

namespace NrmHub.Core.Indicators;

/// <summary>One line of the framework as computed for a period: the current value, the monthly trend, and progress from baseline to target.</summary>
/// <param name="Progress">Percent of the way from baseline to target (over 100 when exceeded); null when the value is hidden or not measured yet.</param>
/// <param name="KpiUnit">The unit a working-group KPI states for itself.</param>
public sealed record FrameworkRow(
    FrameworkOutcome Outcome,
    FrameworkOutput? Output,
    FrameworkIndicator Line,
    IndicatorTable Trend,
    double? Baseline,
    double? Target,
    double? Progress,
    string? KpiUnit,
    bool Published)
{
    public IndicatorCell Current => Trend.Total;
}

/// <summary>
/// The results framework computed from NrmHub's records for a period and region: for the coordinators' dashboard,
/// its exports (the same rows, so the numbers agree) and the public summary (only the lines an admin published).
/// </summary>
public sealed class FrameworkService(IDbContextFactory<NrmDbContext> dbFactory, IndicatorEngine engine, ResultsFramework framework, TimeProvider clock)
{
    public const string PublishAction = "indicator.publish";
    public const string UnpublishAction = "indicator.unpublish";

    public ResultsFramework Framework => framework;

    /// <summary>The framework's own period, or the filter a person chose.</summary>
    public IndicatorFilter DefaultFilter => new(framework.From, framework.To);

    public Task<IReadOnlyList<FrameworkRow>> ComputeAsync(IndicatorFilter filter, bool publishedOnly = false, CancellationToken ct = default) =>
        ComputeAsync(filter, publishedOnly, null, ct);

    private async Task<IReadOnlyList<FrameworkRow>> ComputeAsync(IndicatorFilter filter, bool publishedOnly, string? only, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var published = (await db.PublishedIndicators.AsNoTracking().Select(p => p.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var kpiCodes = framework.Lines().Select(l => l.Indicator.Measure.Kpi).Where(k => k is not null).ToList();
        var kpis = await db.Kpis.AsNoTracking().Where(k => kpiCodes.Contains(k.Code))
            .Select(k => new { k.Code, k.Baseline, k.Target, k.Unit }).ToDictionaryAsync(k => k.Code!, ct);

        var rows = new List<FrameworkRow>();
        foreach (var (outcome, output, line) in framework.Lines())
        {
            var isPublished = published.Contains(line.Code);
            if ((publishedOnly && !isPublished) || (only is not null && line.Code != only))
            {
                continue;
            }

            // The trend's total is the period's value: one breakdown by month gives both, and they cannot disagree.
            // Indicators without a monthly breakdown (engaged organisations, channel use) show their total only.
            var definition = IndicatorCatalog.Find(line.Measure.Indicator)!;
            var trend = await engine.ComputeAsync(db, line.Measure, filter, definition.Dimensions.Contains(Dimension.Month) ? Dimension.Month : null, ct);
            double? baseline = line.Baseline, target = line.Target;
            string? unit = null;
            if (line.Measure.Kpi is { } code && kpis.TryGetValue(code, out var kpi))
            {
                (baseline, target, unit) = (kpi.Baseline, kpi.Target, kpi.Unit);
            }

            rows.Add(new FrameworkRow(outcome, output, line, trend, baseline, target, Progress(trend.Total, baseline, target), unit, isPublished));
        }

        return rows;
    }

    /// <summary>One line with its trend and, when asked for, a breakdown it offers; null for a code the framework lacks.</summary>
    public async Task<(FrameworkRow Row, IndicatorTable? Breakdown)?> LineAsync(string code, IndicatorFilter filter, Dimension? by, CancellationToken ct = default)
    {
        var line = framework.Find(code);
        if (line is null)
        {
            return null;
        }

        var definition = IndicatorCatalog.Find(line.Measure.Indicator)!;
        if (by is { } d && !definition.Dimensions.Contains(d))
        {
            throw new ArgumentException($"{definition.Key} cannot be broken down by {d}.", nameof(by));
        }

        var row = (await ComputeAsync(filter, publishedOnly: false, only: code, ct)).Single();
        var breakdown = by is { } dim ? await engine.ComputeAsync(line.Measure, filter, dim, ct) : null;
        return (row, breakdown);
    }

    public static double? Progress(IndicatorCell current, double? baseline, double? target) =>
        current.Value is { } value && baseline is { } b && target is { } t && t != b
            ? Math.Round((value - b) / (t - b) * 100, 1)
            : null;

    /// <summary>An admin opts a framework line in to (or out of) the public summary; audited either way.</summary>
    public async Task<bool> SetPublishedAsync(Caller caller, string code, bool publish, CancellationToken ct = default)
    {
        if (!caller.IsAdmin || framework.Find(code) is null)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.PublishedIndicators.FirstOrDefaultAsync(p => p.Key == code, ct);
        if ((existing is not null) == publish)
        {
            return true;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (publish)
        {
            db.PublishedIndicators.Add(new PublishedIndicator { Key = code, PublishedByUserId = caller.UserId, PublishedAtUtc = now });
        }
        else
        {
            db.PublishedIndicators.Remove(existing!);
        }

        AuditLog.Record(db, now, new AuditUser(caller.UserId, caller.ActorId), publish ? PublishAction : UnpublishAction, "Indicator", code);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two admins published the same line at once: it is published, which is what both asked for.
        }

        return true;
    }
}
