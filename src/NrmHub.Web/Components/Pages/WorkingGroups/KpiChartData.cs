using System.Globalization;
using NrmHub.Core.WorkingGroups;

namespace NrmHub.Web.Components.Pages.WorkingGroups;

/// <summary>
/// What a KPI's chart plots: one point per measurement in date order, and the target as a flat line over the same
/// days, so the distance between the two is what the reader sees. Kept apart from the component so it can be tested.
/// </summary>
public sealed record KpiChartData(IReadOnlyList<string> Labels, IReadOnlyList<double> Values, IReadOnlyList<double> Target)
{
    public static KpiChartData From(Kpi kpi, IReadOnlyList<KpiMeasurement> measurements)
    {
        var ordered = measurements.OrderBy(m => m.On).ThenBy(m => m.Id).ToList();
        return new KpiChartData(
            ordered.Select(m => m.On.ToString("d MMM yy", CultureInfo.CurrentCulture)).ToList(),
            ordered.Select(m => m.Value).ToList(),
            ordered.Select(_ => kpi.Target).ToList());
    }
}
