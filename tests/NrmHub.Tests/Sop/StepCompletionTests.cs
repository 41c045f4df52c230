using NrmHub.Core.Sop;

namespace NrmHub.Tests.Sop;

public sealed class StepCompletionTests
{
    private static StepCompletion Completion(SopTestBed bed) => new(bed.Factory(), new DeadlineEngine(bed.Calendar), bed.Clock);

    [Fact]
    public async Task Completing_the_recurring_case_review_opens_the_next_one_from_now()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await bed.SendAsync("tamas", "mia-ganja-ctu");
        bed.Clock.Advance(TimeSpan.FromDays(20));
        var review = (await bed.StepsAsync()).Single(s => s.StepId == "case-review");

        var result = await Completion(bed).CompleteAsync(bed.CallerFor("tamas"), review.Id, review.Version);

        Assert.True(result.Succeeded, result.Error);
        var reviews = (await bed.StepsAsync()).Where(s => s.StepId == "case-review").ToList();
        Assert.Equal([StepState.Done, StepState.Open], reviews.Select(r => r.State));
        Assert.Equal(bed.Clock.GetUtcNow().UtcDateTime.AddDays(30), reviews[1].DueAtUtc);
    }

    [Fact]
    public async Task Only_the_owner_may_complete_and_a_stale_version_is_refused()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await bed.SendAsync("tamas", "mia-ganja-ctu");
        var ack = (await bed.StepsAsync()).Single(s => s.StepId == "acknowledge-referral");

        Assert.Equal("Sop.NotOwner", (await Completion(bed).CompleteAsync(bed.CallerFor("tamas"), ack.Id, ack.Version)).ErrorCode);
        Assert.Equal("NotFound", (await Completion(bed).CompleteAsync(bed.CallerFor("national-coordinator"), ack.Id, ack.Version)).ErrorCode);

        var review = (await bed.StepsAsync()).Single(s => s.StepId == "case-review");
        bed.Clock.Advance(TimeSpan.FromDays(25));
        await bed.Sweep().RunAsync(); // the reminder moves the row's version on
        Assert.Equal("Sop.ChangedByOther", (await Completion(bed).CompleteAsync(bed.CallerFor("tamas"), review.Id, review.Version)).ErrorCode);

        var fresh = (await bed.StepsAsync()).Single(s => s.StepId == "case-review");
        Assert.NotEqual(review.Version, fresh.Version);
        Assert.True((await Completion(bed).CompleteAsync(bed.CallerFor("tamas"), fresh.Id, fresh.Version)).Succeeded);
        Assert.Equal("Sop.AlreadyDone", (await Completion(bed).CompleteAsync(bed.CallerFor("tamas"), fresh.Id, fresh.Version + 1)).ErrorCode);
    }

    [Theory]
    [InlineData("acknowledge-referral")]
    [InlineData("accept-or-decline")]
    public async Task A_step_that_a_referral_action_records_cannot_be_marked_done_by_hand(string stepId)
    {
        await using var bed = await SopTestBed.CreateAsync();
        await bed.SendAsync("tamas", "mia-ganja-ctu");
        var step = (await bed.StepsAsync()).Single(s => s.StepId == stepId);

        var result = await Completion(bed).CompleteAsync(bed.CallerFor("mia-ganja-ctu"), step.Id, step.Version);

        Assert.Equal("Sop.ClosedByEvent", result.ErrorCode);
        Assert.Equal(StepState.Open, (await bed.StepsAsync()).Single(s => s.StepId == stepId).State);
    }
}
