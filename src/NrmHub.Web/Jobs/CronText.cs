using System.Globalization;
using Microsoft.Extensions.Localization;

namespace NrmHub.Web.Jobs;

/// <summary>Says a Quartz cron expression in words for the common shapes (daily, weekly, hourly, every n minutes); others show as "custom".</summary>
public static class CronText
{
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static string Describe(string cron, IStringLocalizer L)
    {
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 6)
        {
            return L["Jobs.Cron.Custom"];
        }

        var (sec, min, hour, dom, month, dow) = (f[0], f[1], f[2], f[3], f[4], f[5]);
        bool Any(string x) => x is "*" or "?";
        bool Num(string x, out int v) => int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out v);

        if (sec == "0" && Num(min, out var m) && Num(hour, out var h) && Any(month) && Any(dom))
        {
            var time = $"{h:00}:{m:00}";
            if (Any(dow))
            {
                return string.Format(CultureInfo.CurrentCulture, L["Jobs.Cron.Daily"], time);
            }

            var day = Array.IndexOf(Days, dow.ToUpperInvariant());
            if (day < 0 && Num(dow, out var d) && d is >= 1 and <= 7)
            {
                day = d - 1;
            }

            if (day >= 0)
            {
                var name = CultureInfo.CurrentUICulture.DateTimeFormat.GetDayName((DayOfWeek)day);
                return string.Format(CultureInfo.CurrentCulture, L["Jobs.Cron.Weekly"], name, time);
            }
        }

        if (sec == "0" && Num(min, out var mm) && hour == "*" && Any(dom) && Any(month) && Any(dow))
        {
            return string.Format(CultureInfo.CurrentCulture, L["Jobs.Cron.Hourly"], mm);
        }

        if (sec == "0" && (min.StartsWith("0/", StringComparison.Ordinal) || min.StartsWith("*/", StringComparison.Ordinal)) && Num(min[2..], out var every)
            && hour == "*" && Any(dom) && Any(month) && Any(dow))
        {
            return string.Format(CultureInfo.CurrentCulture, L["Jobs.Cron.EveryMinutes"], every);
        }

        return L["Jobs.Cron.Custom"];
    }
}
