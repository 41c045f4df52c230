using Microsoft.EntityFrameworkCore;
using NrmHub.Core;
using NrmHub.Core.Indicators;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Sop;

namespace NrmHub.Tests.Indicators;

public sealed class ActivityTests
{
    private static readonly IndicatorFilter March = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));

    private static ActivityForm Form(ActivityKind kind, int day, string region, params ParticipantLine[] lines) => new()
    {
        Kind = kind,
        OnDate = new DateOnly(2026, 3, day),
        Region = region,
        Sector = Activity.IsVisit(kind) ? Sector.Agriculture : null,
        Participants = [.. lines],
    };

    private static ActivityForm With(ActivityForm form, Action<ActivityForm> change)
    {
        change(form);
        return form;
    }

    private static ParticipantLine People(int female, int male, int? institution = null) => new() { Female = female, Male = male, InstitutionActorId = institution };

    [Fact]
    public async Task Activity_indicators_count_what_was_recorded_by_kind_region_sex_and_institution_and_leave_out_withdrawn_records()
    {
        // Hand count for March: inspections 3 (Guba 2, Ganja 1), one more withdrawn; a focus group of 12 women and 8 men;
        // a training of 4 + 3 from the police and 2 + 2 from the prosecutor's office.
        await using var bed = await SopTestBed.CreateAsync();
        var service = bed.Activities();
        var ngo = bed.CallerFor("tamas");
        foreach (var form in new[]
        {
            Form(ActivityKind.SiteInspection, 2, "Guba"), Form(ActivityKind.SiteInspection, 3, "Guba"), Form(ActivityKind.MonitoringVisit, 4, "Ganja"),
            Form(ActivityKind.FocusGroup, 5, "Baku", People(12, 8)),
            Form(ActivityKind.Training, 6, "Baku", People(4, 3, bed.Actors["mia-thb"]), People(2, 2, bed.Actors["mia"])),
        })
        {
            var saved = await service.SaveAsync(ngo, form);
            Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => e.Message)));
        }

        var withdrawn = await service.SaveAsync(ngo, Form(ActivityKind.SiteInspection, 7, "Lerik"));
        Assert.True((await service.WithdrawAsync(ngo, withdrawn.Id!.Value, withdrawn.Version!.Value)).Succeeded);

        var engine = bed.Engine(threshold: 1);
        var visits = new IndicatorSpec("activities.count", Kinds: [ActivityKind.SiteInspection, ActivityKind.MonitoringVisit]);
        var byRegion = await engine.ComputeAsync(visits, March, Dimension.Region);
        Assert.Equal((2.0, 1.0, 0.0, 3.0), (byRegion.Cell("Guba")!.Value, byRegion.Cell("Ganja")!.Value, byRegion.Cell("Lerik")!.Value, byRegion.Total.Value!.Value));
        Assert.Equal(2, (await engine.ComputeAsync(visits with { Indicator = "activities.regions" }, March)).Total.Value);
        Assert.Equal(3, (await engine.ComputeAsync(visits, March, Dimension.Sector)).Cell(nameof(Sector.Agriculture)));

        var participants = new IndicatorSpec("activities.participants");
        var bySex = await engine.ComputeAsync(participants, March, Dimension.Sex);
        Assert.Equal((18.0, 13.0, 31.0), (bySex.Cell("Female")!.Value, bySex.Cell("Male")!.Value, bySex.Total.Value!.Value));
        var byInstitution = await engine.ComputeAsync(participants with { Kinds = [ActivityKind.Training] }, March, Dimension.Institution);
        Assert.Equal((7.0, 4.0), (byInstitution.Cell(bed.Actors["mia-thb"].ToString(System.Globalization.CultureInfo.InvariantCulture))!.Value,
            byInstitution.Cell(bed.Actors["mia"].ToString(System.Globalization.CultureInfo.InvariantCulture))!.Value));
        Assert.Equal(5, (await engine.ComputeAsync(new IndicatorSpec("activities.count"), March)).Total.Value);

        // Published: the prosecutor's 4 participants is a small group; the police's 7 goes with it (total shown).
        var published = await bed.Engine().ComputeAsync(participants with { Kinds = [ActivityKind.Training] }, March, Dimension.Institution);
        Assert.All(published.Rows, r => Assert.Null(r.Value));
        Assert.Equal(11, published.Total.Value);

        // Counts of activities are not counts of people: three inspections are shown as three.
        Assert.Equal(1, (await bed.Engine().ComputeAsync(visits, March, Dimension.Region)).Cell("Ganja"));
    }

    [Fact]
    public async Task Bad_activities_are_refused_naming_the_field_and_nothing_is_saved()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var service = bed.Activities();
        var caller = bed.CallerFor("tamas");
        async Task<string[]> Fields(ActivityForm form) => [.. (await service.SaveAsync(caller, form)).Errors.Select(e => e.Field)];

        Assert.Contains("Kind", await Fields(new ActivityForm { OnDate = new DateOnly(2026, 3, 1), Region = "Baku", Participants = [People(1, 1)] }));
        Assert.Contains("OnDate", await Fields(Form(ActivityKind.FocusGroup, 25, "Baku", People(3, 3))));
        Assert.Contains("Region", await Fields(Form(ActivityKind.FocusGroup, 2, "Atlantis", People(3, 3))));
        Assert.Contains("Sector", await Fields(With(Form(ActivityKind.SiteInspection, 2, "Baku"), f => f.Sector = null)));
        Assert.Contains("Sector", await Fields(With(Form(ActivityKind.FocusGroup, 2, "Baku", People(3, 3)), f => f.Sector = Sector.Trade)));
        Assert.Contains("Participants", await Fields(Form(ActivityKind.FocusGroup, 2, "Baku")));
        Assert.Contains("Participants[0].Female", await Fields(Form(ActivityKind.FocusGroup, 2, "Baku", People(-1, 3))));
        Assert.Contains("Participants[0].Male", await Fields(Form(ActivityKind.FocusGroup, 2, "Baku", People(1, ActivityLimits.Count + 1))));
        Assert.Contains("Participants[0].InstitutionActorId", await Fields(Form(ActivityKind.FocusGroup, 2, "Baku", People(1, 1, bed.Actors["mia"]))));
        Assert.Contains("Participants[0].InstitutionActorId", await Fields(Form(ActivityKind.Training, 2, "Baku", People(1, 1, 999_999))));
        Assert.Contains("Participants[1].InstitutionActorId", await Fields(Form(ActivityKind.Training, 2, "Baku", People(1, 1, bed.Actors["mia"]), People(2, 2, bed.Actors["mia"]))));
        var tooLong = Form(ActivityKind.FocusGroup, 2, "Baku", People(1, 1));
        tooLong.Topic = new string('ə', ActivityLimits.Topic + 1);
        var refused = await service.SaveAsync(caller, tooLong);
        Assert.Equal((FormErrorCodes.TooLong, ActivityLimits.Topic, ActivityLimits.Topic + 1), (refused.Errors.Single().Code, refused.Errors.Single().Limit!.Value, refused.Errors.Single().Length!.Value));

        await using var db = await bed.Factory().CreateDbContextAsync();
        Assert.Equal(0, await db.Activities.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.EntityType == ActivityService.Entity));
    }

    [Fact]
    public async Task A_submission_sent_twice_is_saved_once_and_only_the_recording_organisation_may_change_it()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var service = bed.Activities();
        var owner = bed.CallerFor("tamas");
        var form = Form(ActivityKind.Counselling, 10, "Baku", People(2, 1));
        var results = await Task.WhenAll(service.SaveAsync(owner, form), service.SaveAsync(owner, form));
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(results[0].Id, results[1].Id);
        Assert.Equal(results[0].Id, (await service.SaveAsync(owner, form)).Id);

        var other = bed.CallerFor("mia-thb");
        Assert.Null(await service.EditFormAsync(other, results[0].Id!.Value));
        var edit = (await service.EditFormAsync(owner, results[0].Id!.Value))!;
        edit.Participants[0].Female = 5;
        Assert.Equal(FormErrorCodes.NotFound, (await service.SaveAsync(other, edit)).Errors.Single().Code);
        Assert.Equal(FormErrorCodes.NotFound, (await service.WithdrawAsync(other, edit.Id!.Value, edit.Version)).Errors.Single().Code);
        Assert.True((await service.SaveAsync(owner, edit)).Succeeded);
        Assert.Equal(FormErrorCodes.Stale, (await service.SaveAsync(owner, edit)).Errors.Single().Code);
        Assert.Empty(await service.ListAsync(other));
        Assert.Equal(6, (await service.ListAsync(owner)).Single().Total);
        Assert.Single(await service.ListAsync(new Caller(bed.Users["national-coordinator"], bed.Actors["national-coordinator"], IsCoordinator: true)));

        await using var db = await bed.Factory().CreateDbContextAsync();
        Assert.Equal(1, await db.Activities.CountAsync());
        var audit = await db.AuditEntries.Where(a => a.EntityType == ActivityService.Entity).OrderBy(a => a.Id).Select(a => new { a.Action, a.Before, a.After }).ToListAsync();
        Assert.Equal(["activity.create", "activity.update"], audit.Select(a => a.Action));
        Assert.Contains("\"Female\":2", audit[1].Before);
        Assert.Contains("\"Female\":5", audit[1].After);
    }

    [Fact]
    public async Task Engaged_organisations_are_those_active_in_each_of_the_last_months_and_channel_use_counts_defined_channels()
    {
        // tamas records an activity in January, February and March; mia-thb only in February and March. tamas also
        // sends a referral in March (one used channel).
        await using var bed = await SopTestBed.CreateAsync();
        var service = bed.Activities();
        foreach (var (actor, month) in new[] { ("tamas", 1), ("tamas", 2), ("tamas", 3), ("mia-thb", 2), ("mia-thb", 3) })
        {
            var form = Form(ActivityKind.FocusGroup, 1, "Baku", People(3, 3));
            form.OnDate = new DateOnly(2026, month, 2);
            Assert.True((await service.SaveAsync(bed.CallerFor(actor), form)).Succeeded);
        }

        await bed.SendAsync(IndicatorTestBed.Person());
        var engine = bed.Engine();
        var engaged = await engine.ComputeAsync(new IndicatorSpec("partnership.engaged", Months: 3), March, Dimension.ActorKind);
        Assert.Equal(1, engaged.Total.Value);
        Assert.Equal(1, engaged.Cell("Ngo"));
        Assert.Equal(2, (await engine.ComputeAsync(new IndicatorSpec("partnership.engaged", Months: 2), March)).Total.Value);

        await using var db = await bed.Factory().CreateDbContextAsync();
        var defined = await db.Channels.CountAsync(c => c.IsActive);
        var used = await engine.ComputeAsync(new IndicatorSpec("partnership.channelsUsed"), March);
        Assert.Equal(Math.Round(100.0 / defined, 2), used.Total.Value);
        Assert.Equal(defined, used.Total.Base);
        Assert.Equal(1, (await engine.ComputeAsync(new IndicatorSpec("partnership.regions"), March)).Total.Value);
    }
}
