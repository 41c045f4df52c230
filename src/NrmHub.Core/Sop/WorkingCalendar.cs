namespace NrmHub.Core.Sop;

/// <summary>
/// Deadline arithmetic in the country's time zone. Hours are elapsed hours. Calendar and working days keep the local
/// time of day of the start: "5 working days" from Friday 15:00 is the fifth working day after Friday, at 15:00, with
/// weekends and public holidays skipped; the start day itself never counts. A local time that does not exist (the hour
/// skipped when clocks go forward) moves forward by the gap; an ambiguous one (clocks go back) takes the earlier instant.
/// </summary>
public sealed class WorkingCalendar(TimeZoneInfo zone, IEnumerable<DayOfWeek> weekend, IEnumerable<DateOnly> holidays)
{
    private readonly HashSet<DayOfWeek> weekend = [.. weekend];
    private readonly HashSet<DateOnly> holidays = [.. holidays];

    public TimeZoneInfo Zone { get; } = zone;

    public bool IsWorkingDay(DateOnly day) => !weekend.Contains(day.DayOfWeek) && !holidays.Contains(day);

    public DateTime Add(DateTime startUtc, int value, DurationUnit unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        startUtc = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        if (unit == DurationUnit.Hours)
        {
            return startUtc.AddHours(value);
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(startUtc, Zone);
        var day = DateOnly.FromDateTime(local);
        if (unit == DurationUnit.CalendarDays)
        {
            day = day.AddDays(value);
        }
        else
        {
            for (var counted = 0; counted < value;)
            {
                day = day.AddDays(1);
                if (IsWorkingDay(day))
                {
                    counted++;
                }
            }
        }

        return ToUtc(day.ToDateTime(TimeOnly.FromDateTime(local)));
    }

    /// <summary>The end of a local day (the next midnight), in UTC: when something due that day becomes overdue.</summary>
    public DateTime EndOfDayUtc(DateOnly day) => ToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue));

    /// <summary>Local wall-clock time → UTC, resolving the DST gap and overlap as the class comment says.</summary>
    public DateTime ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            // The gap is as long as the difference between the offsets on either side of it.
            var gap = Zone.GetUtcOffset(local.AddHours(12)) - Zone.GetUtcOffset(local.AddHours(-12));
            local = local.Add(gap.Duration());
        }

        if (Zone.IsAmbiguousTime(local))
        {
            var offset = Zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }
}
