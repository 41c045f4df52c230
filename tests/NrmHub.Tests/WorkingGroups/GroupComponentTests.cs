using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Actors;
using NrmHub.Core.Notifications;
using NrmHub.Core.WorkingGroups;
using NrmHub.Tests.Infrastructure;
using NrmHub.Web.Components.Pages.WorkingGroups;
using NrmHub.Web.Hubs;

namespace NrmHub.Tests.WorkingGroups;

/// <summary>The board, the KPI chart and the meeting form rendered with bUnit over the real services of a <see cref="GroupTestBed"/>.</summary>
public sealed class GroupComponentTests
{
    private static async Task<(GroupTestBed Bed, ComponentContext Ctx, GroupDetails Details, Dictionary<int, Actor> Actors)> ArrangeAsync(string signedInAs, params string[] roles)
    {
        var bed = await GroupTestBed.CreateAsync();
        var ctx = new ComponentContext(bed.Sop);
        ctx.Services.AddSingleton(bed.Board);
        ctx.Services.AddSingleton(bed.Groups);
        ctx.Services.AddSingleton(bed.Kpis);
        ctx.SignInAs(signedInAs, roles);
        var (details, actors) = await LoadAsync(bed);
        return (bed, ctx, details, actors);
    }

    private static async Task<(GroupDetails, Dictionary<int, Actor>)> LoadAsync(GroupTestBed bed)
    {
        await using var db = await bed.DbAsync();
        return ((await bed.Groups.DetailsAsync(bed.GroupId, bed.Coordinator))!, await db.Actors.AsNoTracking().ToDictionaryAsync(a => a.Id));
    }

    private static IRenderedComponent<WithMudProviders> RenderBoard(ComponentContext ctx, GroupDetails details, Dictionary<int, Actor> actors) =>
        ctx.Render<WithMudProviders>(p => p.AddChildContent<GroupBoard>(b => b.Add(x => x.Details, details).Add(x => x.Actors, actors)));

    private static string ColumnOf(IRenderedComponent<WithMudProviders> cut, int id) =>
        cut.Find($"[data-testid=board-card][data-id='{id}']").GetAttribute("data-column")!;

    [Fact]
    public async Task The_board_has_four_columns_with_counts_and_a_card_moves_with_its_buttons()
    {
        var (bed, ctx, _, actors) = await ArrangeAsync("tamas");
        await using var _bed = bed;
        await using var _ctx = ctx;
        var (id, _) = await bed.AddCardAsync();
        var (details, _) = await LoadAsync(bed);

        var cut = RenderBoard(ctx, details, actors);

        Assert.Equal(["ToDo", "Doing", "Blocked", "Done"], cut.FindAll("[data-testid=board-column]").Select(c => c.GetAttribute("data-column")!));
        Assert.Equal(["(1)", "(0)", "(0)", "(0)"], cut.FindAll("[data-testid=column-count]").Select(c => c.TextContent));
        Assert.Empty(cut.FindAll($"[data-id='{id}'] [data-testid=card-prev]"));
        var next = cut.Find($"[data-id='{id}'] [data-testid=card-next]");
        Assert.Equal("Move “Draft the shelter referral form” to Doing", next.GetAttribute("aria-label"));

        await next.ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Equal("Doing", ColumnOf(cut, id)));
        await cut.Find($"[data-id='{id}'] [data-testid=card-next]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Equal("Blocked", ColumnOf(cut, id)));
        await cut.Find($"[data-id='{id}'] [data-testid=card-prev]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Equal("Doing", ColumnOf(cut, id)));
        Assert.Equal(BoardColumn.Doing, Assert.Single(await bed.AllAsync<ActionItem>()).Column);
        Assert.Contains("is now in Doing", cut.Find("[data-testid=board-message]").TextContent);
    }

    [Fact]
    public async Task A_move_someone_else_made_first_is_shown_live_and_a_move_from_the_old_card_is_refused_in_words()
    {
        var (bed, ctx, _, actors) = await ArrangeAsync("tamas");
        await using var _bed = bed;
        await using var _ctx = ctx;
        var (id, version) = await bed.AddCardAsync();
        var (details, _) = await LoadAsync(bed);
        var cut = RenderBoard(ctx, details, actors);

        // The coordinator moves the card in another browser; the notification reaches this page as it would live.
        bed.Sop.Notifier.Pushed.Clear();
        Assert.True((await bed.Board.MoveAsync(id, BoardColumn.Blocked, version, bed.Coordinator)).Succeeded);
        var live = ctx.Services.GetRequiredService<LiveUpdates>();
        var pushed = bed.Sop.Notifier.Pushed.Single(n => n.UserId == bed.Sop.Users["tamas"]);
        await cut.InvokeAsync(() => live.Publish(pushed.UserId, NotificationMessage.From(pushed)));

        cut.WaitForAssertion(() => Assert.Equal("Blocked", ColumnOf(cut, id)));
        Assert.Contains("was changed by another member", cut.Find("[data-testid=board-live]").TextContent);

        // A second move made on the same version elsewhere, then one from this page's now-outdated view of it.
        Assert.True((await bed.Board.MoveAsync(id, BoardColumn.Done, version + 1, bed.Coordinator)).Succeeded);
        await cut.Find($"[data-id='{id}'] [data-testid=card-prev]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains("Someone else moved", cut.Find("[data-testid=board-message]").TextContent));
        Assert.Contains("it is now in Done", cut.Find("[data-testid=board-message]").TextContent);
        Assert.Equal("Done", ColumnOf(cut, id));
        Assert.Equal(BoardColumn.Done, Assert.Single(await bed.AllAsync<ActionItem>()).Column);
    }

    [Fact]
    public async Task A_member_sees_no_move_buttons_on_cards_of_other_organisations()
    {
        var (bed, ctx, _, actors) = await ArrangeAsync("tamas");
        await using var _bed = bed;
        await using var _ctx = ctx;
        var (theirs, _) = await bed.AddCardAsync(bed.Action("Police item", owner: "mia-thb"));
        var (details, _) = await LoadAsync(bed);

        var cut = RenderBoard(ctx, details, actors);

        Assert.Single(cut.FindAll($"[data-id='{theirs}']"));
        Assert.Empty(cut.FindAll($"[data-id='{theirs}'] button"));
    }

    [Fact]
    public void The_chart_plots_measurements_in_date_order_against_a_flat_target_line()
    {
        var kpi = new Kpi { NameEn = "Share", Unit = "%", Baseline = 0, Target = 70, DueOn = new DateOnly(2027, 1, 1) };
        var measurements = new[]
        {
            new KpiMeasurement { Id = 2, On = new DateOnly(2026, 9, 30), Value = 40 },
            new KpiMeasurement { Id = 1, On = new DateOnly(2026, 6, 30), Value = 25 },
            new KpiMeasurement { Id = 3, On = new DateOnly(2026, 12, 1), Value = 52.5 },
        };

        ComponentContext.UseCulture("en");
        var data = KpiChartData.From(kpi, measurements);

        Assert.Equal([25, 40, 52.5], data.Values);
        Assert.Equal([70, 70, 70], data.Target);
        Assert.Equal(["30 Jun 26", "30 Sep 26", "1 Dec 26"], data.Labels);
    }

    [Fact]
    public async Task The_chart_renders_one_point_per_measurement_and_the_same_figures_as_a_table()
    {
        var (bed, ctx, _, _) = await ArrangeAsync("tamas");
        await using var _bed = bed;
        await using var _ctx = ctx;
        var kpi = new Kpi { Id = 1, NameEn = "Share", Unit = "%", Baseline = 0, Target = 70, DueOn = new DateOnly(2027, 1, 1) };
        IReadOnlyList<KpiMeasurement> measurements = [new() { On = new DateOnly(2026, 6, 30), Value = 25, Source = "Review of 40 files" }, new() { On = new DateOnly(2026, 9, 30), Value = 40, Source = "Review of 52 files" }];

        var cut = ctx.Render<KpiChart>(p => p.Add(x => x.Kpi, kpi).Add(x => x.Measurements, measurements));

        Assert.Equal("2", cut.Find("[data-testid=kpi-chart]").GetAttribute("data-points"));
        Assert.Equal(2, cut.FindAll("[data-testid=kpi-row]").Count);
        Assert.Contains("Review of 52 files", cut.Markup);
        Assert.Contains("target of 70 %", cut.Markup);
    }

    private static IRenderedComponent<WithMudProviders> RenderMeetingForm(ComponentContext ctx, GroupDetails details, Dictionary<int, Actor> actors) =>
        ctx.Render<WithMudProviders>(p => p.AddChildContent<MeetingEditor>(m => m.Add(x => x.Details, details).Add(x => x.Actors, actors)));

    [Fact]
    public async Task The_meeting_form_names_an_empty_decision_and_action_and_an_end_before_the_start()
    {
        var (bed, ctx, details, actors) = await ArrangeAsync("national-coordinator", NrmHub.Core.Identity.Roles.Coordinator);
        await using var _bed = bed;
        await using var _ctx = ctx;
        var cut = RenderMeetingForm(ctx, details, actors);

        cut.Find("[data-testid=m-date] input, input[data-testid=m-date]").Change("2026-03-18");
        cut.Find("input[data-testid=m-ends]").Change("09:00");
        await cut.Find("[data-testid=m-decision-add]").ClickAsync(new MouseEventArgs());
        await cut.Find("[data-testid=m-decision-0-action]").ClickAsync(new MouseEventArgs());
        await cut.Find("[data-testid=meeting-form]").SubmitAsync();

        // End before start, no place, and the decision's text, the action's title, owner and due date.
        cut.WaitForAssertion(() => Assert.Contains("Not saved: 6 field(s) need attention", cut.Find("[data-testid=meeting-error]").TextContent));
        Assert.Contains("The meeting must end after it starts.", cut.Find("[data-testid=meeting-form]").TextContent);
        Assert.Contains("This is required.", cut.Find("[data-testid=m-decisions]").TextContent);
        Assert.Contains("This is required.", cut.Find("[data-testid=m-d0-a0]").TextContent);
        Assert.Empty(await bed.AllAsync<Meeting>());
    }

    [Fact]
    public async Task The_meeting_form_refuses_an_attendee_that_left_the_group_while_the_form_was_open()
    {
        var (bed, ctx, details, actors) = await ArrangeAsync("national-coordinator", NrmHub.Core.Identity.Roles.Coordinator);
        await using var _bed = bed;
        await using var _ctx = ctx;
        var cut = RenderMeetingForm(ctx, details, actors);
        var form = (await bed.Groups.LoadFormAsync(bed.GroupId, bed.Coordinator))!;
        form.MemberActorIds = [bed.Sop.Actors["tamas"]];
        Assert.True((await bed.Groups.SaveAsync(form, bed.Coordinator)).Succeeded);

        cut.Find("input[data-testid=m-date]").Change("2026-03-18");
        cut.Find("input[data-testid=m-place]").Input("Room 2");
        cut.Find($"[data-testid=m-attended-{bed.Sop.Actors["mia-thb"]}] input, input[data-testid=m-attended-{bed.Sop.Actors["mia-thb"]}]").Change(true);
        await cut.Find("[data-testid=meeting-form]").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("Only the chair or a member organisation of this group.", cut.Find("[data-testid=m-attendance]").TextContent));
        Assert.Empty(await bed.AllAsync<Meeting>());
    }

    [Fact]
    public async Task Text_typed_just_before_save_is_saved_and_not_lost_to_a_pending_debounce()
    {
        var (bed, ctx, details, actors) = await ArrangeAsync("national-coordinator", NrmHub.Core.Identity.Roles.Coordinator);
        await using var _bed = bed;
        await using var _ctx = ctx;
        var cut = RenderMeetingForm(ctx, details, actors);

        cut.Find("input[data-testid=m-date]").Change("2026-03-18");
        cut.Find("input[data-testid=m-place]").Input("Room 2");
        cut.Find("textarea[data-testid=m-minutes]").Input("## Agreed\n- Shelter visits");
        await cut.Find("[data-testid=meeting-form]").SubmitAsync();

        var meeting = Assert.Single(await bed.AllAsync<Meeting>());
        Assert.Equal("Room 2", meeting.Place);
        Assert.Equal("## Agreed\n- Shelter visits", meeting.Minutes);
    }
}
