using NrmHub.Core;
using NrmHub.Core.Audit;
using NrmHub.Core.Notifications;
using NrmHub.Core.Sop;
using NrmHub.Core.WorkingGroups;

namespace NrmHub.Tests.WorkingGroups;

/// <summary>Board rules: who may add and move cards, one winner of two simultaneous moves, audit and live push.</summary>
public sealed class BoardTests
{
    [Fact]
    public async Task A_member_moves_their_own_card_and_every_member_and_coordinator_but_no_outsider_is_told_live()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var (id, version) = await bed.AddCardAsync();
        bed.Sop.Notifier.Pushed.Clear();

        var moved = await bed.Board.MoveAsync(id, BoardColumn.Doing, version, bed.Member());

        Assert.True(moved.Succeeded);
        Assert.Equal(version + 1, moved.Version);
        var live = bed.Sop.Notifier.Pushed.Where(n => n.Type == NotificationTypes.BoardChanged).ToList();
        Assert.All(live, n => Assert.Equal((bed.GroupId, id, 0L), (n.GroupId!.Value, n.ActionItemId!.Value, n.Id)));
        var told = live.Select(n => n.UserId).ToHashSet();
        Assert.Contains(bed.Sop.Users["tamas"], told);
        Assert.Contains(bed.Sop.Users["mia-thb"], told);
        Assert.Contains(bed.Sop.Users["national-coordinator"], told);
        Assert.DoesNotContain(bed.Sop.Users["mia-ganja-ctu"], told);
        // Live-only: the bell does not fill up with every card move.
        Assert.DoesNotContain(await bed.AllAsync<Notification>(), n => n.Type == NotificationTypes.BoardChanged);
        var audit = (await bed.AllAsync<AuditEntry>()).Where(a => a.EntityType == Board.ItemEntity && a.EntityKey == id.ToString()).Select(a => a.Action).ToList();
        Assert.Equal(["action.created", "action.moved"], audit);
    }

    [Fact]
    public async Task Of_two_moves_made_from_the_same_card_the_first_wins_and_the_second_is_told_where_the_card_is()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var (id, version) = await bed.AddCardAsync();

        var first = await bed.Board.MoveAsync(id, BoardColumn.Blocked, version, bed.Coordinator);
        var second = await bed.Board.MoveAsync(id, BoardColumn.Done, version, bed.Member());

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        var error = Assert.Single(second.Errors);
        Assert.Equal(FormErrorCodes.Stale, error.Code);
        Assert.Contains("Blocked", error.Message);
        Assert.Equal(version + 1, second.Version);
        var item = Assert.Single(await bed.AllAsync<ActionItem>());
        Assert.Equal(BoardColumn.Blocked, item.Column);
        Assert.Null(item.DoneAtUtc);
    }

    [Fact]
    public async Task Simultaneous_moves_from_two_circuits_leave_exactly_one_winner()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var (id, version) = await bed.AddCardAsync();

        var results = await Task.WhenAll(
            Task.Run(() => bed.Board.MoveAsync(id, BoardColumn.Doing, version, bed.Coordinator)),
            Task.Run(() => bed.Board.MoveAsync(id, BoardColumn.Done, version, bed.Member())));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(results, r => !r.Succeeded && r.Errors[0].Code == FormErrorCodes.Stale);
        Assert.Equal(version + 1, Assert.Single(await bed.AllAsync<ActionItem>()).Version);
    }

    [Fact]
    public async Task An_outsider_learns_nothing_of_the_board_and_changes_nothing()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var (id, version) = await bed.AddCardAsync();

        Assert.Null(await bed.Groups.DetailsAsync(bed.GroupId, bed.Outsider));
        Assert.Null(await bed.Board.ItemAsync(id, bed.Outsider));
        Assert.Equal(FormErrorCodes.NotFound, (await bed.Board.MoveAsync(id, BoardColumn.Done, version, bed.Outsider)).Errors[0].Code);
        Assert.Equal(FormErrorCodes.NotFound, (await bed.Board.AddAsync(bed.GroupId, bed.Action(), bed.Outsider)).Errors[0].Code);
        var summary = await bed.Groups.SummaryAsync(bed.GroupId, bed.Outsider);
        Assert.NotNull(summary);
        Assert.False(summary.SeesDetails);
        Assert.Equal(BoardColumn.ToDo, Assert.Single(await bed.AllAsync<ActionItem>()).Column);
    }

    [Fact]
    public async Task A_member_may_add_cards_but_moves_only_those_their_organisation_or_they_own()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var (theirs, v1) = await bed.AddCardAsync(bed.Action("Police item", owner: "mia-thb"));

        var refused = await bed.Board.MoveAsync(theirs, BoardColumn.Doing, v1, bed.Member("tamas"));
        var added = await bed.Board.AddAsync(bed.GroupId, bed.Action("Our item"), bed.Member("tamas"));
        var byOwner = await bed.Board.MoveAsync(theirs, BoardColumn.Doing, v1, bed.Member("mia-thb"));

        Assert.Equal(FormErrorCodes.Forbidden, refused.Errors[0].Code);
        Assert.True(added.Succeeded);
        Assert.True(byOwner.Succeeded);
    }

    [Fact]
    public async Task A_closed_group_is_read_only_even_for_its_coordinator()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var (id, version) = await bed.AddCardAsync();
        var form = (await bed.Groups.LoadFormAsync(bed.GroupId, bed.Coordinator))!;
        form.Status = GroupStatus.Closed;
        Assert.True((await bed.Groups.SaveAsync(form, bed.Coordinator)).Succeeded);

        Assert.Equal(FormErrorCodes.Forbidden, (await bed.Board.MoveAsync(id, BoardColumn.Done, version, bed.Coordinator)).Errors[0].Code);
        Assert.Equal(FormErrorCodes.Forbidden, (await bed.Board.AddAsync(bed.GroupId, bed.Action(), bed.Member())).Errors[0].Code);
        Assert.NotNull(await bed.Groups.DetailsAsync(bed.GroupId, bed.Member()));
    }

    [Fact]
    public async Task Done_closes_the_cards_deadline_and_taking_it_back_reopens_it()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var (id, version) = await bed.AddCardAsync();

        var done = await bed.Board.MoveAsync(id, BoardColumn.Done, version, bed.Member());
        Assert.Equal(StepState.Done, Assert.Single(await bed.AllAsync<ActionItemDeadline>()).State);
        Assert.NotNull(Assert.Single(await bed.AllAsync<ActionItem>()).DoneAtUtc);

        await bed.Board.MoveAsync(id, BoardColumn.Doing, done.Version!.Value, bed.Member());
        var deadline = Assert.Single(await bed.AllAsync<ActionItemDeadline>());
        Assert.Equal(StepState.Open, deadline.State);
        Assert.NotNull(deadline.NextActionAtUtc);
        Assert.Null(Assert.Single(await bed.AllAsync<ActionItem>()).DoneAtUtc);
    }

    [Fact]
    public async Task A_card_needs_a_title_an_owner_of_the_group_and_a_due_date_and_says_which_field_is_wrong()
    {
        await using var bed = await GroupTestBed.CreateAsync();

        var result = await bed.Board.AddAsync(bed.GroupId, new ActionForm { Title = "\u200b ", OwnerActorId = bed.Sop.Actors["mia-ganja-ctu"], KpiId = 999 }, bed.Coordinator);
        var tooLong = await bed.Board.AddAsync(bed.GroupId, bed.Action(new string('x', GroupLimits.ActionTitle + 1)), bed.Coordinator);

        Assert.Equal(["Title", "OwnerActorId", "DueOn", "KpiId"], result.Errors.Select(e => e.Field));
        var error = Assert.Single(tooLong.Errors);
        Assert.Equal(("Title", FormErrorCodes.TooLong, GroupLimits.ActionTitle, GroupLimits.ActionTitle + 1), (error.Field, error.Code, error.Limit!.Value, error.Length!.Value));
        Assert.Empty(await bed.AllAsync<ActionItem>());
    }

    [Fact]
    public async Task Assigning_a_card_to_a_person_stores_a_notice_for_them_only()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var form = bed.Action();
        form.OwnerUserId = bed.Sop.Users["tamas"];

        await bed.AddCardAsync(form);

        var notice = Assert.Single(await bed.AllAsync<Notification>(), n => n.Type == NotificationTypes.ActionAssigned);
        Assert.Equal(bed.Sop.Users["tamas"], notice.UserId);
        Assert.Null(notice.CaseCode);
    }
}
