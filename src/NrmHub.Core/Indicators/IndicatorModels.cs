using NrmHub.Core.Actors;

namespace NrmHub.Core.Indicators;

/// <summary>
/// Which indicator, narrowed the way a results framework needs it: activities of some kinds ("number of site
/// inspections"), persons assisted with some services ("direct assistance"), organisations engaged in each of the last
/// <see cref="Months"/> months, or one working group's KPI by its code.
/// </summary>
public sealed record IndicatorSpec(
    string Indicator,
    IReadOnlyList<ActivityKind>? Kinds = null,
    IReadOnlyList<ServiceType>? Services = null,
    int? Months = null,
    string? Kpi = null)
{
    public const int DefaultMonths = 3;

    public int MonthsOrDefault => Months ?? DefaultMonths;
}

/// <summary>A period of whole local days (both ends included) and optionally one region of the country profile.</summary>
public sealed record IndicatorFilter(DateOnly From, DateOnly To, string? Region = null)
{
    /// <summary>The longest period one request may ask for: five years of months (and of CASE branches).</summary>
    public const int MaxDays = 366 * 5;

    /// <summary>
    /// Reads a period and region as a link or a form gives them; a wrong value is named (from, to, region) rather
    /// than replaced by a default, so nobody reads numbers for a period they did not ask for.
    /// </summary>
    public static (IndicatorFilter? Filter, string? Field, string? Problem) Parse(string? from, string? to, string? region, IndicatorFilter fallback, IReadOnlyCollection<string> regions)
    {
        static DateOnly? Day(string? value) =>
            DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : null;
        var f = string.IsNullOrWhiteSpace(from) ? fallback.From : Day(from);
        if (f is null)
        {
            return (null, "from", $"'{from}' is not a date like 2026-01-31.");
        }

        var t = string.IsNullOrWhiteSpace(to) ? fallback.To : Day(to);
        if (t is null)
        {
            return (null, "to", $"'{to}' is not a date like 2026-12-31.");
        }

        if (t < f)
        {
            return (null, "to", $"The end {t:yyyy-MM-dd} is before the start {f:yyyy-MM-dd}.");
        }

        if (t.Value.DayNumber - f.Value.DayNumber > MaxDays)
        {
            return (null, "to", "The period is longer than five years.");
        }

        var r = string.IsNullOrWhiteSpace(region) ? null : region.Trim();
        if (r is not null && !regions.Contains(r))
        {
            return (null, "region", $"'{r}' is not a region of this country profile.");
        }

        return (new IndicatorFilter(f.Value, t.Value, r), null, null);
    }

    /// <summary>The months a period touches, "yyyy-MM", first to last.</summary>
    public IReadOnlyList<string> Months()
    {
        var months = new List<string>();
        for (var m = new DateOnly(From.Year, From.Month, 1); m <= To; m = m.AddMonths(1))
        {
            months.Add(m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        }

        return months;
    }
}

/// <summary>
/// One published number. <see cref="Value"/> is null when the cell is hidden (<see cref="State"/> says why) or when
/// there is nothing to measure (<see cref="Base"/> is 0 for a median or share of nothing).
/// </summary>
/// <param name="Base">How many units the value rests on: referrals for a median, steps or channels for a share, the count itself otherwise.</param>
/// <param name="P90">The 90th percentile, for times.</param>
public sealed record IndicatorCell(string Category, double? Value, CellState State, long Base, double? P90 = null)
{
    public bool Hidden => State != CellState.Shown;
}

/// <summary>An indicator for a period: the total and, when asked for, one row per category of a dimension.</summary>
public sealed record IndicatorTable(
    IndicatorDefinition Definition,
    IndicatorSpec Spec,
    IndicatorFilter Filter,
    Dimension? By,
    IReadOnlyList<IndicatorCell> Rows,
    IndicatorCell Total,
    int Threshold)
{
    /// <summary>The whole population is below the threshold: nothing is shown, not even a total (issue 12).</summary>
    public bool Empty => Total.Hidden;
}
