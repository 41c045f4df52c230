using NrmHub.Core.Sop;

namespace NrmHub.Tests.Sop;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Baku = SopTestBed.CreateCalendar("Asia/Baku");
    private static readonly WorkingCalendar Chisinau = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Chisinau"), [DayOfWeek.Saturday, DayOfWeek.Sunday], []);

    private static DateTime Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    [Fact]
    public void WorkingDays_from_friday_skip_the_weekend_and_keep_the_local_time()
    {
        // Friday 27 March 2026, 15:00 in Baku (11:00 UTC) + 1 working day = Monday 30 March, 15:00.
        Assert.Equal(Utc(2026, 3, 30, 11), Baku.Add(Utc(2026, 3, 27, 11), 1, DurationUnit.WorkingDays));
    }

    [Fact]
    public void WorkingDays_skip_novruz_and_ramazan_bayrami()
    {
        // Thursday 19 March 2026, 10:00 Baku: 20-26 March are holidays or weekend, so day 1 is Friday 27 March,
        // day 5 Thursday 2 April.
        Assert.Equal(Utc(2026, 4, 2, 6), Baku.Add(Utc(2026, 3, 19, 6), 5, DurationUnit.WorkingDays));
        Assert.False(Baku.IsWorkingDay(new DateOnly(2026, 3, 24)));
        Assert.True(Baku.IsWorkingDay(new DateOnly(2026, 3, 27)));
    }

    [Fact]
    public void WorkingDays_count_by_the_local_date_not_the_utc_date()
    {
        // 21:30 UTC on Friday is already Saturday 01:30 in Baku: the next working day is Monday (day 1), Tuesday 01:30 Baku (Monday 21:30 UTC) is day 2.
        Assert.Equal(Utc(2026, 6, 1, 21, 30), Baku.Add(Utc(2026, 5, 29, 21, 30), 2, DurationUnit.WorkingDays));
    }

    [Fact]
    public void Hours_are_elapsed_hours_even_over_holidays()
    {
        Assert.Equal(Utc(2026, 3, 20, 6), Baku.Add(Utc(2026, 3, 19, 6), 24, DurationUnit.Hours));
        Assert.Equal(Utc(2026, 3, 29, 8), Chisinau.Add(Utc(2026, 3, 28, 8), 24, DurationUnit.Hours));
    }

    [Fact]
    public void CalendarDays_across_spring_forward_keep_the_wall_clock_time()
    {
        // Friday 27 March 2026, 10:00 EET (08:00 UTC) + 3 days = Monday 30 March, 10:00 EEST (07:00 UTC): 71 hours.
        var due = Chisinau.Add(Utc(2026, 3, 27, 8), 3, DurationUnit.CalendarDays);
        Assert.Equal(Utc(2026, 3, 30, 7), due);
        Assert.Equal(TimeSpan.FromHours(71), due - Utc(2026, 3, 27, 8));
    }

    [Fact]
    public void A_due_time_in_the_skipped_hour_moves_forward_by_the_gap()
    {
        // Chisinau skips 02:00-03:00 local on 29 March 2026. Saturday 02:30 EET + 1 day would be 02:30, which does not exist.
        var start = Chisinau.ToUtc(new DateTime(2026, 3, 28, 2, 30, 0));
        var due = Chisinau.Add(start, 1, DurationUnit.CalendarDays);
        var local = TimeZoneInfo.ConvertTimeFromUtc(due, Chisinau.Zone);

        Assert.Equal(new DateTime(2026, 3, 29, 3, 30, 0), local);
        Assert.True(Chisinau.Zone.IsDaylightSavingTime(local));
    }

    [Fact]
    public void A_due_time_in_the_repeated_hour_takes_the_earlier_instant()
    {
        // Chisinau repeats 02:00-03:00 local on 25 October 2026; the first 02:30 is still summer time (UTC+3).
        var start = Chisinau.ToUtc(new DateTime(2026, 10, 24, 2, 30, 0));
        var due = Chisinau.Add(start, 1, DurationUnit.CalendarDays);

        Assert.Equal(Utc(2026, 10, 24, 23, 30), due);
    }

    [Fact]
    public void WorkingDays_across_the_autumn_change_keep_the_wall_clock_time()
    {
        // Friday 23 October 2026, 09:00 EEST (06:00 UTC) + 1 working day = Monday 26 October, 09:00 EET (07:00 UTC).
        Assert.Equal(Utc(2026, 10, 26, 7), Chisinau.Add(Utc(2026, 10, 23, 6), 1, DurationUnit.WorkingDays));
    }
}
