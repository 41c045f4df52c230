using NrmHub.Core;
using NrmHub.Core.Audit;
using NrmHub.Core.Seed;
using NrmHub.Core.WorkingGroups;

namespace NrmHub.Tests.WorkingGroups;

public sealed class MeetingTests
{
    private static MeetingForm Meeting(GroupTestBed bed, int daysAgo = 1, params string[] attended) => new()
    {
        StartsLocal = bed.Today().AddDays(-daysAgo).ToDateTime(new TimeOnly(10, 0)),
        EndsLocal = bed.Today().AddDays(-daysAgo).ToDateTime(new TimeOnly(12, 0)),
        Place = "National Coordinator's office, room 3",
        Agenda = ["Shelter referral form", "Next steps"],
        AttendedActorIds = attended.Select(a => bed.Sop.Actors[a]).ToList(),
        Minutes = "The group agreed the **draft** form.",
    };

    [Fact]
    public async Task A_decision_becomes_two_action_items_in_the_same_step_on_the_board_and_the_sweep()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var form = Meeting(bed, 1, "national-coordinator", "tamas");
        form.Decisions = [new DecisionForm { Text = "Adopt a common referral form.", Actions = [bed.Action("Draft the form"), bed.Action("Circulate the form", "mia-thb", 20)] }];

        var result = await bed.Groups.RecordMeetingAsync(bed.GroupId, form, bed.Coordinator);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        var details = (await bed.Groups.DetailsAsync(bed.GroupId, bed.Member()))!;
        var meeting = Assert.Single(details.Meetings);
        var decision = Assert.Single(meeting.Decisions);
        Assert.Equal(2, details.Items.Count);
        Assert.All(details.Items, i => Assert.Equal((meeting.Meeting.Id, decision.Id), (i.MeetingId!.Value, i.DecisionId!.Value)));
        Assert.Equal(2, (await bed.AllAsync<ActionItemDeadline>()).Count);
        // Local 10:00 in Baku is 06:00 UTC.
        Assert.Equal(6, meeting.Meeting.StartsAtUtc.Hour);
        Assert.Equal(new[] { "meeting.recorded", "action.created", "action.created" }, (await bed.AllAsync<AuditEntry>()).Where(a => a.Action is not "group.created" and not SeedLoader.SeedAction).Select(a => a.Action));
    }

    [Fact]
    public async Task An_action_item_a_meeting_gives_to_a_person_stores_a_notice_for_them_as_a_card_added_on_the_board_does()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var form = Meeting(bed, 1, "national-coordinator");
        var action = bed.Action("Draft the form");
        action.OwnerUserId = bed.Sop.Users["tamas"];
        form.Decisions = [new DecisionForm { Text = "Adopt a common referral form.", Actions = [action] }];

        Assert.True((await bed.Groups.RecordMeetingAsync(bed.GroupId, form, bed.Coordinator)).Succeeded);

        var notice = Assert.Single(await bed.AllAsync<NrmHub.Core.Notifications.Notification>(), n => n.Type == NrmHub.Core.Notifications.NotificationTypes.ActionAssigned);
        Assert.Equal(bed.Sop.Users["tamas"], notice.UserId);
        Assert.Contains(bed.Sop.Notifier.Pushed, n => n.Id == notice.Id && n.Type == NrmHub.Core.Notifications.NotificationTypes.ActionAssigned);
    }

    [Fact]
    public async Task A_meeting_that_ends_before_it_starts_names_an_unknown_attendee_or_an_empty_action_is_refused_whole()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var form = Meeting(bed, 1, "mia-ganja-ctu");
        form.EndsLocal = form.StartsLocal!.Value.AddMinutes(-30);
        form.Agenda = ["Fine", " "];
        form.Decisions = [new DecisionForm { Text = "", Actions = [new ActionForm { Title = "", OwnerActorId = bed.Sop.Actors["tamas"], DueOn = bed.Today() }] }];

        var result = await bed.Groups.RecordMeetingAsync(bed.GroupId, form, bed.Coordinator);

        Assert.Equal(
            ["EndsLocal", "Agenda[1]", "AttendedActorIds", "Decisions[0].Text", "Decisions[0].Actions[0].Title"],
            result.Errors.Select(e => e.Field));
        Assert.Empty(await bed.AllAsync<Meeting>());
        Assert.Empty(await bed.AllAsync<ActionItem>());
    }

    [Fact]
    public async Task Only_organisers_record_meetings_and_outsiders_are_not_told_the_group_has_details()
    {
        await using var bed = await GroupTestBed.CreateAsync();

        Assert.Equal(FormErrorCodes.Forbidden, (await bed.Groups.RecordMeetingAsync(bed.GroupId, Meeting(bed), bed.Member())).Errors[0].Code);
        Assert.Equal(FormErrorCodes.NotFound, (await bed.Groups.RecordMeetingAsync(bed.GroupId, Meeting(bed), bed.Outsider)).Errors[0].Code);
        Assert.Empty(await bed.AllAsync<Meeting>());
    }

    [Fact]
    public async Task A_member_actor_absent_from_three_meetings_running_is_flagged_and_one_attendance_clears_it()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        foreach (var daysAgo in new[] { 30, 20, 10 })
        {
            Assert.True((await bed.Groups.RecordMeetingAsync(bed.GroupId, Meeting(bed, daysAgo, "national-coordinator", "tamas"), bed.Coordinator)).Succeeded);
        }

        var flagged = (await bed.Groups.DetailsAsync(bed.GroupId, bed.Coordinator))!.AbsentThreeRunning;
        Assert.Equal([bed.Sop.Actors["mia-thb"]], flagged);

        await bed.Groups.RecordMeetingAsync(bed.GroupId, Meeting(bed, 1, "mia-thb"), bed.Coordinator);
        // tamas missed only the newest meeting; mia-thb came to it.
        Assert.Empty((await bed.Groups.DetailsAsync(bed.GroupId, bed.Coordinator))!.AbsentThreeRunning);
    }

    [Fact]
    public async Task A_free_text_that_looks_like_a_name_and_date_of_birth_is_saved_with_a_warning_naming_the_field()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var form = Meeting(bed);
        form.Minutes = "Discussed the case of Aysel Mammadova, born 12.03.1999, referred last week.";

        var result = await bed.Groups.RecordMeetingAsync(bed.GroupId, form, bed.Coordinator);

        Assert.True(result.Succeeded);
        Assert.Equal("Minutes", Assert.Single(result.Warnings).Field);
    }
}
