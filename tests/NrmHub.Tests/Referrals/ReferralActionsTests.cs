using Bunit;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Infrastructure;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Pages.Referrals;

namespace NrmHub.Tests.Referrals;

/// <summary>The case page's action buttons: which ones each side sees in each state, and that a click does its thing once.</summary>
public sealed class ReferralActionsTests
{
    private const int Sender = 1;
    private const int Receiver = 2;
    private const int Bystander = 3;
    private static readonly DateTime T0 = new(2026, 3, 19, 8, 0, 0, DateTimeKind.Utc);

    private static Referral InState(ReferralState state)
    {
        var r = new Referral { Id = 7, FromActorId = Sender, ToActorId = Receiver, Services = [ServiceType.Shelter, ServiceType.Medical], Consent = Consent.Given, CreatedAtUtc = T0 };
        if (state == ReferralState.Draft)
        {
            return r;
        }

        r.Send(T0);
        switch (state)
        {
            case ReferralState.Acknowledged: r.Acknowledge(T0); break;
            case ReferralState.Accepted: r.Accept(T0); break;
            case ReferralState.Declined: r.Decline(DeclineReason.NoCapacity, null, T0); break;
            case ReferralState.InProgress: r.Accept(T0); r.Start(T0); break;
            case ReferralState.Done: r.Accept(T0); r.Complete(Outcome.Successful, null, [ServiceType.Shelter], T0); break;
            case ReferralState.Revoked: r.Revoke(T0); break;
        }

        return r;
    }

    // Written out by hand from the NRM process, not derived from the component's own rule.
    public static TheoryData<ReferralState, int, string[]> Expected() => new()
    {
        { ReferralState.Draft, Sender, ["revoke"] },
        { ReferralState.Draft, Receiver, [] },
        { ReferralState.Sent, Sender, ["revoke"] },
        { ReferralState.Sent, Receiver, ["acknowledge", "accept", "decline-open"] },
        { ReferralState.Acknowledged, Sender, ["revoke"] },
        { ReferralState.Acknowledged, Receiver, ["accept", "decline-open"] },
        { ReferralState.Accepted, Sender, [] },
        { ReferralState.Accepted, Receiver, ["start", "complete-open", "refer-onward"] },
        { ReferralState.InProgress, Sender, [] },
        { ReferralState.InProgress, Receiver, ["complete-open", "refer-onward"] },
        { ReferralState.Declined, Receiver, [] },
        { ReferralState.Done, Receiver, [] },
        { ReferralState.Revoked, Sender, [] },
        { ReferralState.Sent, Bystander, [] },
        { ReferralState.Accepted, Bystander, [] },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task Actions_each_side_sees_in_each_state(ReferralState state, int actorId, string[] expected)
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed);

        var cut = ctx.Render<ReferralActions>(p => p
            .Add(x => x.Referral, InState(state))
            .Add(x => x.Caller, new Caller("u", actorId)));

        var shown = cut.FindAll("[data-testid=referral-actions] > [data-testid]").Select(e => e.GetAttribute("data-testid")).ToArray();
        Assert.Equal(expected, shown);
        // Every button is a MudBlazor button with a theme colour (the Radzen buttons rendered white on white).
        Assert.All(cut.FindAll("[data-testid=referral-actions] > [data-testid]"), b =>
            Assert.Matches("mud-button-(filled|outlined|text)-(primary|success|error)", b.ClassName ?? ""));
    }

    [Fact]
    public async Task Accept_clicked_twice_accepts_once()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");
        // The first save waits at the gate, so the second click lands while it is still in flight.
        var gate = new SaveGate();
        await using var ctx = new ComponentContext(bed, factory: bed.Factory(gate));
        var referral = await LoadAsync(bed, sent.Id!.Value);
        var done = new List<string?>();

        var cut = ctx.Render<ReferralActions>(p => p
            .Add(x => x.Referral, referral)
            .Add(x => x.Caller, bed.CallerFor("mia-ganja-ctu"))
            .Add(x => x.OnDone, (string? m) => done.Add(m)));
        var first = cut.Find("[data-testid=accept]").ClickAsync(new());
        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(cut.Find("[data-testid=accept]").HasAttribute("disabled"));
        // Without the guard the second click would wait at the gate too, and this would time out.
        await cut.Find("[data-testid=accept]").ClickAsync(new()).WaitAsync(TimeSpan.FromSeconds(5));
        gate.Open();
        await first;

        // After the save, before the page shows the new state, nothing is offered to act on the old version.
        Assert.Empty(cut.FindAll("[data-testid=accept]"));

        Assert.Equal(ReferralState.Accepted, (await LoadAsync(bed, referral.Id)).State);
        Assert.Equal(["Saved."], done);
        Assert.Empty(cut.FindAll("[data-testid=action-error]"));
        await using var db = await bed.Factory().CreateDbContextAsync();
        Assert.Equal(1, await db.ReferralEvents.CountAsync(e => e.ReferralId == referral.Id && e.Type == "accepted"));
    }

    [Fact]
    public async Task Stale_referral_shows_the_conflict_message_and_asks_the_page_to_reload()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");
        await using var ctx = new ComponentContext(bed, "ru");
        var stale = await LoadAsync(bed, sent.Id!.Value);
        Assert.True((await bed.Referrals().AcknowledgeAsync(bed.CallerFor("mia-ganja-ctu"), stale.Id, stale.Version)).Succeeded);
        var done = new List<string?>();

        var cut = ctx.Render<ReferralActions>(p => p
            .Add(x => x.Referral, stale)
            .Add(x => x.Caller, bed.CallerFor("mia-ganja-ctu"))
            .Add(x => x.OnDone, (string? m) => done.Add(m)));
        await cut.Find("[data-testid=accept]").ClickAsync(new());

        var message = cut.Find("[data-testid=action-error]").TextContent;
        Assert.Contains("изменил", message);
        Assert.Equal([message.Trim()], done.Select(d => d?.Trim()));
    }

    [Fact]
    public async Task Decline_asks_for_a_reason_first_and_records_the_chosen_one()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");
        await using var ctx = new ComponentContext(bed);
        var referral = await LoadAsync(bed, sent.Id!.Value);

        var cut = ctx.Render<ReferralActions>(p => p
            .Add(x => x.Referral, referral)
            .Add(x => x.Caller, bed.CallerFor("mia-ganja-ctu")));
        Assert.Empty(cut.FindAll("[data-testid=decline]"));
        await cut.Find("[data-testid=decline-open]").ClickAsync(new());
        await cut.Find("[data-testid=decline-reason-OutsideRegion]").ClickAsync(new());
        await cut.Find("[data-testid=decline]").ClickAsync(new());

        var after = await LoadAsync(bed, referral.Id);
        Assert.Equal(ReferralState.Declined, after.State);
        Assert.Equal(DeclineReason.OutsideRegion, after.DeclineReason);
    }

    /// <summary>Holds the first SaveChanges until the test opens it.</summary>
    private sealed class SaveGate : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => open.TrySetResult();

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Reached.TrySetResult();
            await open.Task;
            return result;
        }
    }

    private static async Task<Referral> LoadAsync(SopTestBed bed, int id)
    {
        await using var db = await bed.Factory().CreateDbContextAsync();
        return await db.Referrals.AsNoTracking().SingleAsync(r => r.Id == id);
    }
}
