using System.Globalization;
using NrmHub.Core.Seed;

namespace NrmHub.Web.Localization;

/// <summary>
/// The one way pages show a time: in the country profile's time zone, with month names of the user's language
/// ("4 Dec 1998", "4 дек. 1998"), so that no reader has to guess whether 4/12 is April or December or which zone it is.
/// </summary>
public sealed class CountryTime(CountryProfile profile)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.TryFindSystemTimeZoneById(profile.TimeZone, out var tz) ? tz : TimeZoneInfo.Utc;

    /// <summary>Named once per page, e.g. "Asia/Baku, UTC+04:00".</summary>
    public string ZoneLabel
    {
        get
        {
            var offset = Zone.BaseUtcOffset;
            var sign = offset < TimeSpan.Zero ? "−" : "+";
            return $"{Zone.Id}, UTC{sign}{offset:hh\\:mm}";
        }
    }

    public System.DateTime ToLocal(System.DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public string At(System.DateTime utc) => ToLocal(utc).ToString("d MMM yyyy, HH:mm", CultureInfo.CurrentCulture);

    public string At(DateTimeOffset at) => At(at.UtcDateTime);

    public string Day(System.DateTime utc) => ToLocal(utc).ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    public static string Day(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>A machine-readable value for a time element's datetime attribute.</summary>
    public static string Iso(System.DateTime utc) => System.DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("o", CultureInfo.InvariantCulture);
}
