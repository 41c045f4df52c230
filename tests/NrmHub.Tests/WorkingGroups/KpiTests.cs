using NrmHub.Core;
using NrmHub.Core.Referrals;
using NrmHub.Core.WorkingGroups;

namespace NrmHub.Tests.WorkingGroups;

/// <summary>Computed KPIs against fixtures whose answers were worked out by hand (in each test's comment).</summary>
public sealed class KpiTests
{
    private static async Task<Kpi> KpiAsync(GroupTestBed bed, KpiComputation computation, string? region = null)
    {
        var result = await bed.Kpis.SaveAsync(bed.GroupId, new KpiForm
        {
            NameEn = computation.ToString(),
            Unit = "%",
            Baseline = 0,
            Target = 70,
            DueOn = bed.Today().AddYears(1),
            Computation = computation,
            Region = region,
        }, bed.Coordinator);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return (await bed.AllAsync<Kpi>()).Single(k => k.Id == result.Id);
    }

    private static async Task<double?> ComputeAsync(GroupTestBed bed, Kpi kpi)
    {
        await using var db = await bed.DbAsync();
        return await bed.Kpis.ComputeAsync(db, kpi, bed.Sop.Clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task Actions_done_on_time_counts_due_and_done_items_only()
    {
        // A due in 2 days, done now: on time. B due tomorrow, done 3 days later: late. C due tomorrow, never done:
        // late. D due in 30 days, open: not counted yet. E due in 30 days, done: on time. 2 of 4 = 50 %.
        await using var bed = await GroupTestBed.CreateAsync();
        var kpi = await KpiAsync(bed, KpiComputation.ActionsDoneOnTime);
        var a = await bed.AddCardAsync(bed.Action("A", dueInDays: 2));
        var b = await bed.AddCardAsync(bed.Action("B", dueInDays: 1));
        await bed.AddCardAsync(bed.Action("C", dueInDays: 1));
        await bed.AddCardAsync(bed.Action("D", dueInDays: 30));
        var e = await bed.AddCardAsync(bed.Action("E", dueInDays: 30));
        Assert.Null(await ComputeAsync(bed, kpi));

        await bed.Board.MoveAsync(a.Id, BoardColumn.Done, a.Version, bed.Member());
        bed.Sop.Clock.Advance(TimeSpan.FromDays(3));
        await bed.Board.MoveAsync(b.Id, BoardColumn.Done, b.Version, bed.Member());
        await bed.Board.MoveAsync(e.Id, BoardColumn.Done, e.Version, bed.Member());

        Assert.Equal(50.0, await ComputeAsync(bed, kpi));
    }

    [Fact]
    public async Task Member_actors_active_counts_meeting_attendance_and_referral_actions_in_the_last_three_months()
    {
        // Members: tamas, mia-thb, mia, clean-world. tamas came to a meeting 10 days ago; mia-thb sent a referral
        // today; mia came only to a meeting 120 days ago; clean-world did nothing. 2 of 4 = 50 %.
        await using var bed = await GroupTestBed.CreateAsync();
        var form = (await bed.Groups.LoadFormAsync(bed.GroupId, bed.Coordinator))!;
        form.MemberActorIds = [.. form.MemberActorIds, bed.Sop.Actors["mia"], bed.Sop.Actors["clean-world"]];
        Assert.True((await bed.Groups.SaveAsync(form, bed.Coordinator)).Succeeded);
        var kpi = await KpiAsync(bed, KpiComputation.MemberActorsActive);

        foreach (var (daysAgo, actor) in new[] { (10, "tamas"), (120, "mia") })
        {
            var day = bed.Today().AddDays(-daysAgo);
            var recorded = await bed.Groups.RecordMeetingAsync(bed.GroupId, new MeetingForm
            {
                StartsLocal = day.ToDateTime(new TimeOnly(10, 0)),
                EndsLocal = day.ToDateTime(new TimeOnly(11, 0)),
                Online = true,
                AttendedActorIds = [bed.Sop.Actors[actor]],
            }, bed.Coordinator);
            Assert.True(recorded.Succeeded);
        }

        await bed.Sop.SendAsync("mia-thb", "mia-ganja-ctu");

        Assert.Equal(50.0, await ComputeAsync(bed, kpi));
    }

    [Fact]
    public async Task Referrals_accepted_within_the_sop_limit_counts_decided_and_overdue_referrals()
    {
        // The Azerbaijani SOP gives the receiver 72 hours to accept or decline. R1 accepted after 1 h: in time.
        // R2 accepted after 80 h: late. R3 declined: not accepted. R4 undecided after 80 h: past its limit.
        // R5 sent 1 h before the count, undecided: still within its limit, not counted. 1 of 4 = 25 %.
        await using var bed = await GroupTestBed.CreateAsync();
        var kpi = await KpiAsync(bed, KpiComputation.ReferralsAcceptedWithinSop);
        var receiver = bed.Sop.CallerFor("mia-ganja-ctu");
        var referrals = bed.Sop.Referrals();
        var ids = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await bed.Sop.SendAsync("tamas", "mia-ganja-ctu")).Id!.Value);
        }

        bed.Sop.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await referrals.AcceptAsync(receiver, ids[0], await bed.Sop.VersionOfAsync(ids[0]))).Succeeded);
        bed.Sop.Clock.Advance(TimeSpan.FromHours(78));
        await bed.Sop.SendAsync("tamas", "mia-ganja-ctu");
        bed.Sop.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await referrals.AcceptAsync(receiver, ids[1], await bed.Sop.VersionOfAsync(ids[1]))).Succeeded);
        Assert.True((await referrals.DeclineAsync(receiver, ids[2], await bed.Sop.VersionOfAsync(ids[2]), DeclineReason.NoCapacity, null)).Succeeded);

        Assert.Equal(25.0, await ComputeAsync(bed, kpi));
    }

    [Fact]
    public async Task Referrals_kpi_for_a_region_counts_only_cases_identified_there()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var kpi = await KpiAsync(bed, KpiComputation.ReferralsAcceptedWithinSop, "Ganja");
        var inGanja = await bed.Sop.Referrals().CreateAsync(
            bed.Sop.CallerFor("tamas"),
            new PersonInput("Test Person", null, AgeGroup.Adult25To59, Sex.Female, null, null, null, [], ExploitationForm.Labour, "Ganja"),
            new NewReferral(bed.Sop.Actors["mia-ganja-ctu"], [NrmHub.Core.Actors.ServiceType.Identification], Urgency.Routine, null, Consent.Given, null));
        await bed.Sop.SendAsync("tamas", "mia-ganja-ctu");
        bed.Sop.Clock.Advance(TimeSpan.FromHours(2));
        await bed.Sop.Referrals().AcceptAsync(bed.Sop.CallerFor("mia-ganja-ctu"), inGanja.Id!.Value, await bed.Sop.VersionOfAsync(inGanja.Id!.Value));

        // Only the Ganja referral counts, and it was accepted in time: 100 %, not 50 %.
        Assert.Equal(100.0, await ComputeAsync(bed, kpi));
    }

    [Fact]
    public async Task Recomputing_keeps_one_value_per_kpi_and_day_and_a_rerun_changes_nothing()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        await KpiAsync(bed, KpiComputation.ActionsDoneOnTime);
        var card = await bed.AddCardAsync(bed.Action("A", dueInDays: 1));
        await bed.Board.MoveAsync(card.Id, BoardColumn.Done, card.Version, bed.Member());

        Assert.Equal(1, await bed.Kpis.RecomputeAsync());
        Assert.Equal(0, await bed.Kpis.RecomputeAsync());
        await bed.AddCardAsync(bed.Action("B", dueInDays: -1));
        Assert.Equal(1, await bed.Kpis.RecomputeAsync());

        var value = Assert.Single(await bed.AllAsync<KpiMeasurement>());
        Assert.True(value.Computed);
        Assert.Equal(50.0, value.Value);
    }

    [Fact]
    public async Task Entered_measurements_need_a_source_and_a_past_date_and_computed_kpis_take_none()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var entered = await bed.Kpis.SaveAsync(bed.GroupId, new KpiForm { NameEn = "Awareness sessions", Unit = "sessions", Baseline = 0, Target = 12, DueOn = bed.Today().AddMonths(6) }, bed.Coordinator);
        var computed = await KpiAsync(bed, KpiComputation.MemberActorsActive);

        var noSource = await bed.Kpis.MeasureAsync(entered.Id!.Value, new MeasurementForm { On = bed.Today().AddDays(1), Value = double.NaN }, bed.Member());
        var ok = await bed.Kpis.MeasureAsync(entered.Id!.Value, new MeasurementForm { On = bed.Today(), Value = 3, Source = "Attendance sheets of the three sessions" }, bed.Member());
        var onComputed = await bed.Kpis.MeasureAsync(computed.Id, new MeasurementForm { On = bed.Today(), Value = 3, Source = "x" }, bed.Member());
        var outsider = await bed.Kpis.MeasureAsync(entered.Id!.Value, new MeasurementForm { On = bed.Today(), Value = 3, Source = "x" }, bed.Outsider);

        Assert.Equal(["On", "Value", "Source"], noSource.Errors.Select(e => e.Field));
        Assert.True(ok.Succeeded);
        Assert.Equal(FormErrorCodes.Computed, onComputed.Errors[0].Code);
        Assert.Equal(FormErrorCodes.NotFound, outsider.Errors[0].Code);
        Assert.Single(await bed.AllAsync<KpiMeasurement>());
    }

    [Fact]
    public async Task Only_managers_define_kpis_and_a_target_equal_to_the_baseline_is_refused()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var form = new KpiForm { NameEn = "Share", Unit = "%", Baseline = 10, Target = 10, DueOn = bed.Today() };

        Assert.Equal(FormErrorCodes.Forbidden, (await bed.Kpis.SaveAsync(bed.GroupId, form, bed.Member())).Errors[0].Code);
        Assert.Equal(FormErrorCodes.TargetEqualsBaseline, Assert.Single((await bed.Kpis.SaveAsync(bed.GroupId, form, bed.Coordinator)).Errors).Code);
    }

    private static Kpi Target(double baseline, double target, KpiDirection direction = KpiDirection.HigherIsBetter) =>
        new() { NameEn = "k", Unit = "%", Baseline = baseline, Target = target, Direction = direction, DueOn = new DateOnly(2027, 1, 1) };

    private static KpiMeasurement At(int month, double value) => new() { On = new DateOnly(2026, month, 1), Value = value };

    [Theory]
    // From 1 Jan 2026 to the due date 1 Jan 2027; on 2 Jul 2026 half the time has gone.
    [InlineData(0, 100, 60, KpiLight.Green)]   // 60 % of the way, 50 % expected
    [InlineData(0, 100, 40, KpiLight.Amber)]   // 40 % of the way: behind by less than a quarter
    [InlineData(0, 100, 20, KpiLight.Red)]     // 20 %: behind by more than a quarter
    [InlineData(0, 100, 100, KpiLight.Green)]  // target met
    public void Traffic_light_compares_progress_with_the_time_gone(double baseline, double target, double latest, KpiLight expected)
    {
        var light = KpiService.Light(Target(baseline, target), [At(1, baseline), At(7, latest)], new DateOnly(2026, 7, 2));

        Assert.Equal(expected, light);
    }

    [Fact]
    public void Traffic_light_handles_lower_is_better_no_data_and_a_missed_due_date()
    {
        var fewerDays = Target(30, 10, KpiDirection.LowerIsBetter);
        Assert.Equal(KpiLight.Green, KpiService.Light(fewerDays, [At(1, 30), At(7, 18)], new DateOnly(2026, 7, 2)));
        Assert.Equal(KpiLight.Green, KpiService.Light(fewerDays, [At(1, 30), At(7, 9)], new DateOnly(2026, 7, 2)));
        Assert.Equal(KpiLight.None, KpiService.Light(fewerDays, [], new DateOnly(2026, 7, 2)));
        Assert.Equal(KpiLight.Red, KpiService.Light(Target(0, 100), [At(1, 0), At(12, 90)], new DateOnly(2027, 1, 2)));
    }
}
