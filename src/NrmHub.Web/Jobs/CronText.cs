using System.Globalization;
using Microsoft.Extensions.Localization;

namespace NrmHub.Web.Jobs;

/// <summary>
/// Says a cron expression (five fields, or six with seconds first, as Hangfire reads them) in words for the common
/// shapes (daily, weekly, hourly, every n minutes); others show as "custom".
/// </summary>
public static class CronText
{
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static string Describe(string cron, IStringLocalizer L)
    {
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length == 6)
        {
            // Seconds first: only a schedule on the minute reads as one of the shapes below.
            if (f[0] != "0")
            {
                return L["Jobs.Cron.Custom"];
            }

            f = f[1..];
        }

        if (f.Length != 5)
        {
            return L["Jobs.Cron.Custom"];
        }

        var (min, hour, dom, month, dow) = (f[0], f[1], f[2], f[3], f[4]);
        bool Any(string x) => x is "*" or "?";
        bool Num(string x, out int v) => int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out v);

        if (Num(min, out var m) && Num(hour, out var h) && Any(month) && Any(dom))
        {
            var time = $"{h:00}:{m:00}";
            if (Any(dow))
            {
                return string.Format(CultureInfo.CurrentCulture, L["Jobs.Cron.Daily"], time);
            }

            var day = Array.IndexOf(Days, dow.ToUpperInvariant());
            if (day < 0 && Num(dow, out var d) && d is >= 0 and <= 7)
            {
                // Cron counts Sunday as 0 and also as 7.
                day = d % 7;
            }

            if (day >= 0)
            {
                var name = CultureInfo.CurrentUICulture.DateTimeFormat.GetDayName((DayOfWeek)day);
                return string.Format(CultureInfo.CurrentCulture, L["Jobs.Cron.Weekly"], name, time);
            }
        }

        if (!Any(hour) || !Any(dom) || !Any(month) || !Any(dow))
        {
            return L["Jobs.Cron.Custom"];
        }

        if (Num(min, out var mm))
        {
            return string.Format(CultureInfo.CurrentCulture, L["Jobs.Cron.Hourly"], mm);
        }

        if (min == "*")
        {
            return L["Jobs.Cron.EveryMinute"];
        }

        if ((min.StartsWith("0/", StringComparison.Ordinal) || min.StartsWith("*/", StringComparison.Ordinal)) && Num(min[2..], out var every))
        {
            return every == 1 ? L["Jobs.Cron.EveryMinute"] : string.Format(CultureInfo.CurrentCulture, L["Jobs.Cron.EveryMinutes"], every);
        }

        return L["Jobs.Cron.Custom"];
    }
}
