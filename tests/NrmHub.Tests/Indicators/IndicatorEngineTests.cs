using NrmHub.Core.Actors;
using NrmHub.Core.Indicators;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Sop;

namespace NrmHub.Tests.Indicators;

/// <summary>Each indicator against a fixture counted by hand; the published tables with suppression at the default threshold of 5.</summary>
public sealed class IndicatorEngineTests
{
    // The bed's clock starts on 19 March 2026, 10:00 in Baku.
    private static readonly IndicatorFilter MarchApril = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30));

    [Fact]
    public async Task Referral_counts_by_month_state_and_reason_match_the_hand_count_and_the_small_month_takes_its_partner_with_it()
    {
        // March: 6 sent (4 women, 2 men), 5 accepted, 1 declined for no capacity. April: 3 sent, 1 of them revoked.
        await using var bed = await SopTestBed.CreateAsync();
        var march = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            march.Add(await bed.SendAsync(IndicatorTestBed.Person(i < 4 ? Sex.Female : Sex.Male)));
        }

        foreach (var id in march.Take(5))
        {
            await bed.AcceptAsync(id);
        }

        Assert.True((await bed.Referrals().DeclineAsync(bed.CallerFor("mia-ganja-ctu"), march[5], await bed.VersionOfAsync(march[5]), DeclineReason.NoCapacity, null)).Succeeded);
        bed.Clock.Advance(TimeSpan.FromDays(20));
        var april = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            april.Add(await bed.SendAsync(IndicatorTestBed.Person()));
        }

        Assert.True((await bed.Referrals().RevokeAsync(bed.CallerFor("tamas"), april[0], await bed.VersionOfAsync(april[0]))).Succeeded);

        var raw = bed.Engine(threshold: 1);
        var sent = await raw.ComputeAsync(new IndicatorSpec("referrals.sent"), MarchApril, Dimension.Month);
        Assert.Equal((6.0, 3.0, 9.0), (sent.Cell("2026-03")!.Value, sent.Cell("2026-04")!.Value, sent.Total.Value!.Value));
        Assert.Equal(5, (await raw.ComputeAsync(new IndicatorSpec("referrals.accepted"), MarchApril)).Total.Value);
        Assert.Equal(5, (await raw.ComputeAsync(new IndicatorSpec("referrals.acknowledged"), MarchApril)).Total.Value);
        var declined = await raw.ComputeAsync(new IndicatorSpec("referrals.declined"), MarchApril, Dimension.DeclineReason);
        Assert.Equal(1, declined.Cell(nameof(DeclineReason.NoCapacity)));
        Assert.Equal(0, declined.Cell(nameof(DeclineReason.OutsideMandate)));
        var revoked = await raw.ComputeAsync(new IndicatorSpec("referrals.revoked"), MarchApril, Dimension.Month);
        Assert.Equal((0.0, 1.0), (revoked.Cell("2026-03")!.Value, revoked.Cell("2026-04")!.Value));
        var bySender = await raw.ComputeAsync(new IndicatorSpec("referrals.sent"), MarchApril, Dimension.SenderKind);
        Assert.Equal(9, bySender.Cell(nameof(ActorKind.Ngo)));
        var byReceiver = await raw.ComputeAsync(new IndicatorSpec("referrals.sent"), MarchApril, Dimension.Receiver);
        Assert.Equal(9, byReceiver.Cell(bed.Actors["mia-ganja-ctu"].ToString(System.Globalization.CultureInfo.InvariantCulture)));

        // Published: April's 3 is small, and with the total 9 shown March's 6 would give it back, so both are hidden.
        var published = await bed.Engine().ComputeAsync(new IndicatorSpec("referrals.sent"), MarchApril, Dimension.Month);
        Assert.Equal(CellState.Primary, published.Rows.Single(r => r.Category == "2026-04").State);
        Assert.Equal(CellState.Complementary, published.Rows.Single(r => r.Category == "2026-03").State);
        Assert.Null(published.Cell("2026-03"));
        Assert.Equal(9, published.Total.Value);

        // A filter that leaves fewer than five referrals shows nothing at all, not a small total.
        var aprilOnly = await bed.Engine().ComputeAsync(new IndicatorSpec("referrals.sent"), new IndicatorFilter(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30)), Dimension.Month);
        Assert.True(aprilOnly.Empty);
        Assert.All(aprilOnly.Rows, r => Assert.Null(r.Value));
        Assert.True((await bed.Engine().ComputeAsync(new IndicatorSpec("referrals.declined"), MarchApril)).Empty);
    }

    [Fact]
    public async Task Referrals_done_count_successful_and_unsuccessful_ones_with_their_coded_reasons()
    {
        // Seven accepted in March; four done successfully, three not (two because the person withdrew, one because
        // the service was unavailable); one more accepted and still open counts in neither.
        await using var bed = await SopTestBed.CreateAsync();
        var ids = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await bed.SendAsync(IndicatorTestBed.Person()));
            await bed.AcceptAsync(ids[^1]);
        }

        bed.Clock.Advance(TimeSpan.FromDays(2));
        UnsuccessfulReason?[] reasons = [null, null, null, null, UnsuccessfulReason.PersonWithdrew, UnsuccessfulReason.PersonWithdrew, UnsuccessfulReason.ServiceUnavailable];
        for (var i = 0; i < reasons.Length; i++)
        {
            var done = await bed.Referrals().CompleteAsync(bed.CallerFor("mia-ganja-ctu"), ids[i], await bed.VersionOfAsync(ids[i]),
                reasons[i] is null ? Outcome.Successful : Outcome.NotSuccessful, reasons[i], [ServiceType.Identification]);
            Assert.True(done.Succeeded, done.Error);
        }

        var raw = bed.Engine(threshold: 1);
        Assert.Equal(4, (await raw.ComputeAsync(new IndicatorSpec("referrals.done.successful"), MarchApril)).Total.Value);
        var unsuccessful = await raw.ComputeAsync(new IndicatorSpec("referrals.done.unsuccessful"), MarchApril, Dimension.UnsuccessfulReason);
        Assert.Equal(3, unsuccessful.Total.Value);
        Assert.Equal((2.0, 1.0, 0.0), (unsuccessful.Cell(nameof(UnsuccessfulReason.PersonWithdrew))!.Value,
            unsuccessful.Cell(nameof(UnsuccessfulReason.ServiceUnavailable))!.Value, unsuccessful.Cell(nameof(UnsuccessfulReason.Other))!.Value));
        Assert.Equal(8, (await raw.ComputeAsync(new IndicatorSpec("referrals.accepted"), MarchApril)).Total.Value);

        // Published with the default threshold both are under five people: nothing is shown.
        Assert.True((await bed.Engine().ComputeAsync(new IndicatorSpec("referrals.done.successful"), MarchApril)).Empty);
        Assert.True((await bed.Engine().ComputeAsync(new IndicatorSpec("referrals.done.unsuccessful"), MarchApril, Dimension.UnsuccessfulReason)).Empty);
    }

    [Fact]
    public async Task Time_to_accept_is_the_nearest_rank_median_and_90th_percentile_and_is_hidden_under_five_referrals()
    {
        // Five referrals sent together, accepted after 1, 2, 3, 4 and 10 hours: median the 3rd (3 h), p90 the 5th (10 h).
        await using var bed = await SopTestBed.CreateAsync();
        var ids = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await bed.SendAsync(IndicatorTestBed.Person()));
        }

        var waited = 0;
        foreach (var (id, hours) in ids.Zip(new[] { 1, 2, 3, 4, 10 }))
        {
            bed.Clock.Advance(TimeSpan.FromHours(hours - waited));
            waited = hours;
            await bed.AcceptAsync(id);
        }

        var accept = await bed.Engine().ComputeAsync(new IndicatorSpec("timeliness.accept"), MarchApril, Dimension.Month);
        Assert.Equal(3, accept.Total.Value!.Value, 2);
        Assert.Equal(10, accept.Total.P90!.Value, 2);
        Assert.Equal(5, accept.Total.Base);
        Assert.Equal(3, accept.Cell("2026-03")!.Value, 2);
        Assert.Null(accept.Cell("2026-04"));
        Assert.Equal(0, accept.Rows.Single(r => r.Category == "2026-04").Base);

        // Acceptance acknowledges too, so the time to acknowledge is the same here; nobody has started a service.
        Assert.Equal(3, (await bed.Engine().ComputeAsync(new IndicatorSpec("timeliness.acknowledge"), MarchApril)).Total.Value!.Value, 2);
        Assert.Null((await bed.Engine().ComputeAsync(new IndicatorSpec("timeliness.firstService"), MarchApril)).Total.Value);

        // With a threshold of 6, five referrals are too few to publish a median of.
        var six = await bed.Engine(threshold: 6).ComputeAsync(new IndicatorSpec("timeliness.accept"), MarchApril);
        Assert.True(six.Total.Hidden);
        Assert.Null(six.Total.Value);
    }

    [Fact]
    public async Task Persons_assisted_are_disaggregated_by_the_statistical_markers_set_when_the_case_was_opened()
    {
        // Accepted: 3 children (2 with a disability), 4 adults; nationality: 2 Azerbaijani, 3 Georgian, 2 not stated;
        // 2 migrant workers. One child's case is sent but never accepted and counts nowhere.
        await using var bed = await SopTestBed.CreateAsync();
        PersonInput[] people =
        [
            IndicatorTestBed.Person(Sex.Female, AgeGroup.Child0To13, "Azerbaijani", null, Vulnerability.Child, Vulnerability.Disability),
            IndicatorTestBed.Person(Sex.Male, AgeGroup.Child14To17, "azərbaycan", null, Vulnerability.Disability),
            IndicatorTestBed.Person(Sex.Female, AgeGroup.Child14To17, "Georgian"),
            IndicatorTestBed.Person(Sex.Female, AgeGroup.Adult18To24, "Georgian", null, Vulnerability.MigrantWorker),
            IndicatorTestBed.Person(Sex.Male, AgeGroup.Adult25To59, "Georgian", null, Vulnerability.MigrantWorker),
            IndicatorTestBed.Person(Sex.Female, AgeGroup.Adult60Plus),
            IndicatorTestBed.Person(Sex.Unknown, AgeGroup.Unknown),
        ];
        foreach (var person in people)
        {
            await bed.AcceptAsync(await bed.SendAsync(person));
        }

        await bed.SendAsync(IndicatorTestBed.Person(Sex.Female, AgeGroup.Child0To13));
        var engine = bed.Engine(threshold: 1);
        var spec = new IndicatorSpec("persons.assisted");

        var age = await engine.ComputeAsync(spec, MarchApril, Dimension.AgeGroup);
        Assert.Equal((3.0, 3.0, 1.0, 7.0), (age.Cell("Child")!.Value, age.Cell("Adult")!.Value, age.Cell("Unknown")!.Value, age.Total.Value!.Value));
        var disability = await engine.ComputeAsync(spec, MarchApril, Dimension.Disability);
        Assert.Equal((2.0, 5.0), (disability.Cell("Yes")!.Value, disability.Cell("No")!.Value));
        var migrant = await engine.ComputeAsync(spec, MarchApril, Dimension.Migrant);
        Assert.Equal(2, migrant.Cell("Yes"));
        var nationality = await engine.ComputeAsync(spec, MarchApril, Dimension.NationalityGroup);
        Assert.Equal((2.0, 3.0, 2.0), (nationality.Cell("National")!.Value, nationality.Cell("Foreign")!.Value, nationality.Cell("Unknown")!.Value));
        var sex = await engine.ComputeAsync(spec, MarchApril, Dimension.Sex);
        Assert.Equal((4.0, 2.0, 0.0, 1.0), (sex.Cell("Female")!.Value, sex.Cell("Male")!.Value, sex.Cell("Other")!.Value, sex.Cell("Unknown")!.Value));
        Assert.Equal(7, (await engine.ComputeAsync(spec, MarchApril, Dimension.ExploitationForm)).Cell("Labour"));
        Assert.Equal(7, (await engine.ComputeAsync(spec, MarchApril, Dimension.Service)).Cell("Identification"));
        Assert.Equal(0, (await engine.ComputeAsync(spec with { Services = [ServiceType.Shelter] }, MarchApril)).Total.Value);

        // At 5, every small group goes and its complements with it; the total of 7 stays, as no line then reveals a small group.
        var published = await bed.Engine().ComputeAsync(spec, MarchApril, Dimension.NationalityGroup);
        Assert.All(published.Rows, r => Assert.Null(r.Value));
        Assert.Equal(7, published.Total.Value);
    }

    [Fact]
    public async Task Cases_keep_their_markers_after_retention_clears_nationality_and_vulnerabilities()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await bed.AcceptAsync(await bed.SendAsync(IndicatorTestBed.Person(Sex.Female, AgeGroup.Adult18To24, "Georgian", null, Vulnerability.Disability, Vulnerability.MigrantWorker)));
        await using (var db = await bed.Factory().CreateDbContextAsync())
        {
            var c = db.Cases.Single();
            c.ClosedAtUtc = bed.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        }

        bed.Clock.Advance(TimeSpan.FromDays(366 * 6));
        var settings = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        Assert.Equal(1, await new CaseRetention(bed.Factory(), settings, bed.Clock).AnonymiseAsync());

        await using var check = await bed.Factory().CreateDbContextAsync();
        var profile = check.CaseProfiles.Single();
        Assert.Null(profile.Nationality);
        Assert.Empty(profile.Vulnerabilities);
        Assert.Equal((NationalityGroup.Foreign, true, true), (profile.NationalityGroup, profile.Disability, profile.Migrant));
        var engine = bed.Engine(threshold: 1);
        var march2026 = new IndicatorFilter(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
        Assert.Equal(1, (await engine.ComputeAsync(new IndicatorSpec("persons.assisted"), march2026, Dimension.Disability)).Cell("Yes"));
    }
}
