using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Notifications;
using NrmHub.Core.Sop;

namespace NrmHub.Tests.Sop;

/// <summary>The deadline engine and the sweep walked through with a fake clock over the Azerbaijani SOP.</summary>
public sealed class DeadlineSweepTests
{
    private static StepInstance Step(List<StepInstance> steps, string id) => steps.Single(s => s.StepId == id);

    [Fact]
    public async Task Sending_to_the_police_opens_the_steps_with_their_due_times_and_closes_refer_to_police_at_once()
    {
        await using var bed = await SopTestBed.CreateAsync();

        await bed.SendAsync("tamas", "mia-ganja-ctu");

        var steps = await bed.StepsAsync();
        var start = SopTestBed.Start.UtcDateTime;
        Assert.Equal(StepState.Done, Step(steps, "refer-to-police").State);
        Assert.Equal(start.AddHours(24), Step(steps, "acknowledge-referral").DueAtUtc);
        Assert.Equal(start.AddHours(18), Step(steps, "acknowledge-referral").RemindAtUtc);
        Assert.Equal(start.AddHours(72), Step(steps, "accept-or-decline").DueAtUtc);
        // Five working days from Thursday 19 March skip Novruz and Ramazan Bayrami: Thursday 2 April, same local time.
        Assert.Equal(new DateTime(2026, 4, 2, 6, 0, 0, DateTimeKind.Utc), Step(steps, "identification-decision").DueAtUtc);
        Assert.Equal(start.AddDays(30), Step(steps, "case-review").DueAtUtc);
        Assert.Equal(bed.Actors["mia-ganja-ctu"], Step(steps, "acknowledge-referral").OwnerActorId);
        Assert.Equal(bed.Actors["tamas"], Step(steps, "case-review").OwnerActorId);
        Assert.DoesNotContain(steps, s => s.StepId is "individual-assistance-plan" or "recovery-reflection-review");
    }

    [Fact]
    public async Task A_referral_that_is_not_to_the_police_leaves_refer_to_police_open_for_the_opener()
    {
        await using var bed = await SopTestBed.CreateAsync();

        await bed.SendAsync("mia-thb", "mia-ganja-ctu");
        await bed.SendAsync("tamas", "mia-thb");

        var steps = await bed.StepsAsync();
        // The police opening a case need not refer to themselves; tamas's referral to the police closes its own at once.
        Assert.Single(steps, s => s.StepId == "refer-to-police");
        Assert.Equal(StepState.Done, Step(steps, "refer-to-police").State);
    }

    [Fact]
    public async Task Reminder_goes_out_at_75_percent_once_across_double_runs_and_a_restart()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await bed.SendAsync("tamas", "mia-ganja-ctu");

        bed.Clock.Advance(TimeSpan.FromHours(18) - TimeSpan.FromMinutes(1));
        Assert.Equal(new SweepResult(0, 0, 0), await bed.Sweep().RunAsync());

        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        var sweep = bed.Sweep();
        Assert.Equal(1, (await sweep.RunAsync()).Reminders);
        Assert.Equal(0, (await sweep.RunAsync()).Reminders);
        Assert.Equal(0, (await bed.Sweep().RunAsync()).Reminders);

        var reminders = await bed.StoredAsync(NotificationTypes.SopReminder);
        var reminder = Assert.Single(reminders);
        Assert.Equal(bed.Users["mia-ganja-ctu"], reminder.UserId);
        Assert.StartsWith("AZ-2026-", reminder.CaseCode);
        Assert.Single(bed.Notifier.Pushed, n => n.Type == NotificationTypes.SopReminder);
        Assert.Equal(bed.Clock.GetUtcNow().UtcDateTime, Step(await bed.StepsAsync(), "acknowledge-referral").RemindedAtUtc);
    }

    [Fact]
    public async Task Overdue_step_escalates_to_the_owners_parent_then_the_national_coordinator_once_per_level()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await bed.SendAsync("tamas", "mia-ganja-ctu");

        bed.Clock.Advance(TimeSpan.FromHours(18));
        await bed.Sweep().RunAsync();
        bed.Clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(1, (await bed.Sweep().RunAsync()).Escalations);
        Assert.Equal(0, (await bed.Sweep().RunAsync()).Escalations);
        var ack = Step(await bed.StepsAsync(), "acknowledge-referral");
        Assert.Equal((StepState.Escalated, 1), (ack.State, ack.EscalationLevel));

        // The next level waits one more step duration (24 hours).
        bed.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await bed.Sweep().RunAsync()).Escalations);
        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await bed.Sweep().RunAsync()).Escalations);
        Assert.Equal(0, (await bed.Sweep().RunAsync()).Escalations);

        var escalations = await bed.StoredAsync(NotificationTypes.SopEscalation);
        Assert.Equal([bed.Users["mia-thb"], bed.Users["national-coordinator"]], escalations.Select(n => n.UserId));
        ack = Step(await bed.StepsAsync(), "acknowledge-referral");
        Assert.Equal((StepState.Escalated, 2, (DateTime?)null), (ack.State, ack.EscalationLevel, ack.NextActionAtUtc));
    }

    [Fact]
    public async Task A_sweep_after_a_long_outage_escalates_without_a_late_reminder()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await bed.SendAsync("tamas", "mia-ganja-ctu");

        bed.Clock.Advance(TimeSpan.FromHours(30));
        var result = await bed.Sweep().RunAsync();

        // acknowledge is overdue (escalated to level 1); accept-or-decline is not yet at 75 % (54 h).
        Assert.Equal(new SweepResult(0, 1, 0), result);
    }

    [Fact]
    public async Task Acceptance_closes_acknowledge_and_decision_and_opens_the_assistance_plan()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");
        bed.Clock.Advance(TimeSpan.FromHours(2));

        var accepted = await bed.Referrals().AcceptAsync(bed.CallerFor("mia-ganja-ctu"), sent.Id!.Value, await bed.VersionOfAsync(sent.Id.Value));
        Assert.True(accepted.Succeeded, accepted.Error);

        var steps = await bed.StepsAsync();
        Assert.Equal(StepState.Done, Step(steps, "acknowledge-referral").State);
        Assert.Equal(StepState.Done, Step(steps, "accept-or-decline").State);
        Assert.Equal(bed.Clock.GetUtcNow().UtcDateTime, Step(steps, "accept-or-decline").ClosedAtUtc);
        Assert.Equal(StepState.Open, Step(steps, "identification-decision").State);
        Assert.Equal(bed.Clock.GetUtcNow().UtcDateTime.AddDays(7), Step(steps, "individual-assistance-plan").DueAtUtc);

        bed.Clock.Advance(TimeSpan.FromHours(100));
        await bed.Sweep().RunAsync();
        Assert.Empty(await bed.StoredAsync(NotificationTypes.SopEscalation));
    }

    [Fact]
    public async Task A_crash_at_commit_loses_and_duplicates_nothing()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await bed.SendAsync("tamas", "mia-ganja-ctu");
        bed.Clock.Advance(TimeSpan.FromHours(18));

        var crash = new CrashOnCommit();
        await Assert.ThrowsAsync<InvalidOperationException>(() => bed.Sweep(bed.Factory(crash)).RunAsync());

        Assert.Empty(await bed.StoredAsync(NotificationTypes.SopReminder));
        Assert.DoesNotContain(bed.Notifier.Pushed, n => n.Type == NotificationTypes.SopReminder);
        Assert.Null(Step(await bed.StepsAsync(), "acknowledge-referral").RemindedAtUtc);

        // The restarted process sends the reminder exactly once.
        Assert.Equal(1, (await bed.Sweep().RunAsync()).Reminders);
        Assert.Equal(0, (await bed.Sweep().RunAsync()).Reminders);
        Assert.Single(await bed.StoredAsync(NotificationTypes.SopReminder));
    }

    [Fact]
    public async Task Two_sweeps_at_the_same_time_send_each_reminder_once()
    {
        await using var bed = await SopTestBed.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            await bed.SendAsync("tamas", "mia-ganja-ctu");
        }

        bed.Clock.Advance(TimeSpan.FromHours(18));
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => bed.Sweep().RunAsync())));

        Assert.Equal(5, results.Sum(r => r.Reminders));
        Assert.Equal(5, (await bed.StoredAsync(NotificationTypes.SopReminder)).Count);
    }

    [Fact]
    public async Task The_sweep_query_reads_the_state_and_next_action_index()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var db = await bed.Factory().CreateDbContextAsync();

        var plan = await DeadlineSweep.ExplainDueAsync(db, bed.Clock.GetUtcNow().UtcDateTime);

        Assert.Contains("IX_StepInstances_State_NextActionAtUtc", plan);
        Assert.DoesNotContain("SCAN StepInstances", plan);
    }
}
