using NrmHub.Core.Notifications;
using NrmHub.Core.Sop;
using NrmHub.Core.WorkingGroups;

namespace NrmHub.Tests.WorkingGroups;

/// <summary>Action items on the SOP steps' sweep: reminded three days before the end of the due day, escalated to the chair once.</summary>
public sealed class ActionDeadlineTests
{
    [Fact]
    public async Task Due_soon_reminds_the_owner_then_overdue_escalates_to_the_chair_once_across_reruns_and_a_restart()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var (id, _) = await bed.AddCardAsync(bed.Action(dueInDays: 10));
        var dueAt = bed.Board.DueAtUtc(bed.Today().AddDays(10));

        bed.Sop.Clock.SetUtcNow(dueAt - Board.RemindBefore - TimeSpan.FromMinutes(1));
        Assert.Equal(new SweepResult(0, 0, 0), await bed.Sop.Sweep().RunAsync());

        bed.Sop.Clock.SetUtcNow(dueAt - Board.RemindBefore);
        var sweep = bed.Sop.Sweep();
        Assert.Equal(new SweepResult(1, 0, 0), await sweep.RunAsync());
        Assert.Equal(new SweepResult(0, 0, 0), await sweep.RunAsync());
        var reminder = Assert.Single(await bed.Sop.StoredAsync(NotificationTypes.ActionReminder));
        Assert.Equal((bed.Sop.Users["tamas"], bed.GroupId, id), (reminder.UserId, reminder.GroupId!.Value, reminder.ActionItemId!.Value));

        bed.Sop.Clock.SetUtcNow(dueAt);
        Assert.Equal(new SweepResult(0, 1, 0), await bed.Sop.Sweep().RunAsync());
        bed.Sop.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(new SweepResult(0, 0, 0), await bed.Sop.Sweep().RunAsync());
        var escalation = Assert.Single(await bed.Sop.StoredAsync(NotificationTypes.ActionEscalation));
        Assert.Equal(bed.Sop.Users["national-coordinator"], escalation.UserId);
        Assert.Equal(StepState.Escalated, Assert.Single(await bed.AllAsync<ActionItemDeadline>()).State);
    }

    [Fact]
    public async Task A_named_owner_person_is_reminded_instead_of_the_whole_organisation()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var colleague = await bed.AddUserAsync("tamas", "colleague");
        var form = bed.Action(dueInDays: 5);
        form.OwnerUserId = colleague;
        await bed.AddCardAsync(form);

        bed.Sop.Clock.SetUtcNow(bed.Board.DueAtUtc(bed.Today().AddDays(5)) - TimeSpan.FromHours(1));
        await bed.Sop.Sweep().RunAsync();

        Assert.Equal([colleague], (await bed.Sop.StoredAsync(NotificationTypes.ActionReminder)).Select(n => n.UserId));
    }

    [Fact]
    public async Task A_card_done_in_time_is_never_chased_and_a_new_due_date_starts_a_fresh_clock()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var (done, v1) = await bed.AddCardAsync(bed.Action("Done early", dueInDays: 4));
        var (moved, v2) = await bed.AddCardAsync(bed.Action("Postponed", dueInDays: 4));
        await bed.Board.MoveAsync(done, BoardColumn.Done, v1, bed.Member());
        var later = bed.Action("Postponed", dueInDays: 40);
        Assert.True((await bed.Board.EditAsync(moved, later, v2, bed.Coordinator)).Succeeded);

        bed.Sop.Clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(new SweepResult(0, 0, 0), await bed.Sop.Sweep().RunAsync());

        bed.Sop.Clock.SetUtcNow(bed.Board.DueAtUtc(later.DueOn!.Value) - TimeSpan.FromDays(1));
        Assert.Equal(new SweepResult(1, 0, 0), await bed.Sop.Sweep().RunAsync());
    }

    [Fact]
    public async Task The_sweep_reads_action_deadlines_through_their_index()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        await using var db = await bed.DbAsync();

        var plan = await DeadlineSweep.ExplainAsync(db, DeadlineSweep.DueActions(db, DateTime.UtcNow));

        Assert.Contains("IX_ActionItemDeadlines_State_NextActionAtUtc", plan);
        Assert.DoesNotContain("SCAN ActionItemDeadlines", plan);
    }
}
