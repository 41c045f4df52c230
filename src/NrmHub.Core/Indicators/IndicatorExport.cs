using System.Globalization;
using NrmHub.Core.Actors.Exports;

namespace NrmHub.Core.Indicators;

/// <summary>The words of an export in the reader's language: the UI's resources supply them, Core only the codes.</summary>
public sealed record ExportLabels(
    string? Language,
    Func<string, string> IndicatorName,
    Func<string, string> Formula,
    Func<Dimension, string, string> Category,
    Func<IndicatorUnit, string> Unit,
    Func<string, string> Word);

/// <summary>
/// The framework and its indicators as CSV (UTF-8 with BOM): one row per framework line as the dashboard shows it; a
/// tidy, SDMX-like file with one observation per row (area, period, indicator, breakdown, category, unit, value,
/// status); and the definitions. Hidden cells carry no number: the value is empty, the status is "C"
/// (confidential, SDMX's code) and the display column says "&lt;5" as the screen does. Numbers are rounded the way
/// the screen rounds them (<see cref="Round"/>), so an export and the page it came from agree.
/// </summary>
public static class IndicatorExport
{
    public static string Round(IndicatorCell cell, IndicatorUnit unit) => cell.Value is { } v ? Number(v, unit) : "";

    public static string Number(double value, IndicatorUnit unit) =>
        value.ToString(WholeNumbers(unit) ? "0" : "0.#", CultureInfo.InvariantCulture);

    public static bool WholeNumbers(IndicatorUnit unit) => unit is not (IndicatorUnit.Hours or IndicatorUnit.Percent or IndicatorUnit.KpiUnit);

    /// <summary>What a cell shows: "&lt;5" when hidden, empty when there is nothing to measure, else the rounded number.</summary>
    public static string Display(IndicatorCell cell, IndicatorUnit unit, int threshold) =>
        cell.Hidden ? $"<{threshold}" : Round(cell, unit);

    public static string Status(IndicatorCell cell) => cell.Hidden ? "C" : cell.Value is null ? "M" : "A";

    public static byte[] Framework(IReadOnlyList<FrameworkRow> rows, IndicatorFilter filter, ExportLabels labels)
    {
        var lines = rows.Select(r =>
        {
            var unit = r.Trend.Definition.Unit;
            return new[]
            {
                Day(filter.From), Day(filter.To), filter.Region ?? "", r.Outcome.Code, r.Outcome.Pillar?.ToString() ?? "", Csv.SafeText(r.Outcome.Name.For(labels.Language)),
                r.Output?.Code ?? "", Csv.SafeText(r.Output?.Name.For(labels.Language)), r.Line.Code, Csv.SafeText(r.Line.Name.For(labels.Language)),
                r.Line.Measure.Indicator, r.KpiUnit is { } u ? Csv.SafeText(u) : labels.Unit(unit),
                r.Baseline is { } b ? Number(b, unit) : "", r.Target is { } t ? Number(t, unit) : "",
                Round(r.Current, unit), Status(r.Current), Display(r.Current, unit, r.Trend.Threshold),
                !r.Current.Hidden && r.Current.P90 is { } p ? Number(p, unit) : "", !r.Current.Hidden && r.Progress is { } g ? g.ToString("0.#", CultureInfo.InvariantCulture) : "",
                r.Published ? "yes" : "no",
            };
        });
        return Csv.Utf8WithBom([
            ["period_from", "period_to", "region", "outcome_code", "pillar", "outcome", "output_code", "output", "indicator_code", "indicator", "measure", "unit",
             "baseline", "target", "value", "status", "display", "p90", "progress_percent", "published"], .. lines]);
    }

    /// <summary>One observation per row: each line's period value, its months, and (when given) a breakdown.</summary>
    public static byte[] Observations(IEnumerable<(FrameworkRow Row, IndicatorTable? Breakdown)> rows, IndicatorFilter filter, string country, ExportLabels labels)
    {
        var area = filter.Region is { } region ? $"{country.ToUpperInvariant()}:{region}" : country.ToUpperInvariant();
        var period = $"{Day(filter.From)}/{Day(filter.To)}";
        var list = new List<string[]>();
        foreach (var (row, breakdown) in rows)
        {
            var unit = row.Trend.Definition.Unit;
            var unitLabel = row.KpiUnit ?? labels.Unit(unit);
            string[] Obs(string time, string dimension, string category, string categoryLabel, IndicatorCell cell) =>
            [
                "NRMHUB:RESULTS(1.0)", area, time, row.Line.Code, row.Line.Measure.Indicator, dimension, category, Csv.SafeText(categoryLabel), Csv.SafeText(unitLabel),
                // A hidden cell's base is its count (or the count behind its median): it stays out with the value.
                Round(cell, unit), Status(cell), Display(cell, unit, row.Trend.Threshold), cell.Hidden ? "" : cell.Base.ToString(CultureInfo.InvariantCulture),
                !cell.Hidden && cell.P90 is { } p ? Number(p, unit) : "",
            ];
            list.Add(Obs(period, "_T", "_T", labels.Word("Total"), row.Current));
            if (row.Trend.By == Dimension.Month)
            {
                list.AddRange(row.Trend.Rows.Select(c => Obs(c.Category, "_T", "_T", labels.Word("Total"), c)));
            }

            if (breakdown?.By is { } by && by != Dimension.Month)
            {
                list.AddRange(breakdown.Rows.Select(c => Obs(period, by.ToString(), c.Category.Length == 0 ? "_U" : c.Category, labels.Category(by, c.Category), c)));
            }
        }

        return Csv.Utf8WithBom([
            ["DATAFLOW", "REF_AREA", "TIME_PERIOD", "INDICATOR", "MEASURE", "BREAKDOWN", "CATEGORY", "CATEGORY_LABEL", "UNIT_MEASURE", "OBS_VALUE", "OBS_STATUS", "OBS_DISPLAY", "OBS_BASE", "OBS_P90"],
            .. list]);
    }

    public static byte[] Definitions(int threshold, ExportLabels labels) =>
        Csv.Utf8WithBom([
            ["indicator", "name", "formula", "family", "unit", "sources", "disaggregations", "suppressed_below", "visibility"],
            .. IndicatorCatalog.All.Select(d => new[]
            {
                d.Key, labels.IndicatorName(d.Key), labels.Formula(d.Key), d.Family.ToString(), labels.Unit(d.Unit),
                string.Join("; ", d.Sources), string.Join("; ", d.Dimensions),
                d.CountsPersons || d.RestsOnReferrals ? threshold.ToString(CultureInfo.InvariantCulture) : "",
                labels.Word("Visibility"),
            })]);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
