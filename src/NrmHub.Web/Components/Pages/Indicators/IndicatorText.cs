using System.Globalization;
using Microsoft.Extensions.Localization;
using NrmHub.Core.Actors;
using NrmHub.Core.Indicators;
using NrmHub.Core.Seed;
using NrmHub.Web.Localization;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Components.Pages.Indicators;

/// <summary>
/// The words and numbers of the indicator pages and exports in the user's language. The number on screen is the
/// export's number formatted for the culture, so the two cannot drift apart.
/// </summary>
public static class IndicatorText
{
    public static string Name(IStringLocalizer<UiText> text, string key) => text[$"Indicator.{key}.Name"];

    public static string Formula(IStringLocalizer<UiText> text, string key) => text[$"Indicator.{key}.Formula"];

    public static string Unit(IStringLocalizer<UiText> text, IndicatorUnit unit) => text[$"Indicators.Unit.{unit}"];

    public static string UnitOf(IStringLocalizer<UiText> text, FrameworkRow row) => row.KpiUnit ?? Unit(text, row.Trend.Definition.Unit);

    /// <summary>"&lt;5" for a hidden cell, "—" for nothing measured, else the number in the culture's digits.</summary>
    public static string Value(IndicatorCell cell, IndicatorUnit unit, int threshold)
    {
        if (cell.Hidden)
        {
            return $"<{threshold}";
        }

        return cell.Value is { } v ? Number(v, unit) : "—";
    }

    public static string Number(double value, IndicatorUnit unit) =>
        value.ToString(IndicatorExport.WholeNumbers(unit) ? "N0" : "#,0.#", CultureInfo.CurrentCulture);

    public static string Progress(double? progress) => progress is { } p ? p.ToString("0.#", CultureInfo.CurrentCulture) + " %" : "—";

    public static string Month(string yyyyMm) =>
        DateOnly.TryParseExact(yyyyMm + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("MMM yyyy", CultureInfo.CurrentCulture)
            : yyyyMm;

    public static string Category(IStringLocalizer<UiText> text, CountryProfile profile, IReadOnlyDictionary<int, Actor> actors, Dimension by, string category)
    {
        if (category.Length == 0)
        {
            return text[by == Dimension.Institution ? "Indicators.NoInstitution" : "Indicators.NotRecorded"];
        }

        string Key(string prefix) => text[$"{prefix}.{category}"];
        return by switch
        {
            Dimension.Month => Month(category),
            Dimension.Region => profile.RegionName(category, Cultures.Current),
            Dimension.SenderKind or Dimension.ActorKind => Key("ActorKind"),
            Dimension.Receiver or Dimension.Actor or Dimension.Institution =>
                int.TryParse(category, CultureInfo.InvariantCulture, out var id) && actors.TryGetValue(id, out var a) ? a.ShortNameIn(Cultures.Current) : category,
            Dimension.Service => Key("Service"),
            Dimension.DeclineReason => Key("Decline"),
            Dimension.UnsuccessfulReason => Key("Unsuccessful"),
            Dimension.Sex => Key("Sex"),
            Dimension.AgeGroup => Key("Indicators.Age"),
            Dimension.Disability or Dimension.Migrant => Key("Indicators.YesNo"),
            Dimension.NationalityGroup => Key("Indicators.Nationality"),
            Dimension.ExploitationForm => Key("Exploitation"),
            Dimension.ActivityKind => Key("ActivityKind"),
            Dimension.Sector => Key("Sector"),
            _ => category,
        };
    }

    public static ExportLabels Labels(IStringLocalizer<UiText> text, CountryProfile profile, IReadOnlyDictionary<int, Actor> actors) => new(
        Cultures.Current,
        key => Name(text, key),
        key => Formula(text, key),
        (by, category) => Category(text, profile, actors, by, category),
        unit => Unit(text, unit),
        word => text[$"Indicators.Export.{word}"]);

    /// <summary>The query string an export link carries, so the file has the page's period and region.</summary>
    public static string Query(IndicatorFilter filter, Dimension? by = null) =>
        $"from={filter.From:yyyy-MM-dd}&to={filter.To:yyyy-MM-dd}"
        + (filter.Region is { } r ? "&region=" + Uri.EscapeDataString(r) : "")
        + (by is { } d ? "&by=" + d : "");
}
