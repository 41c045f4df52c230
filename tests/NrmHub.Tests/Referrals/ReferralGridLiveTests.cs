using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Notifications;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Infrastructure;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Layout;
using NrmHub.Web.Components.Pages.Referrals;
using NrmHub.Web.Hubs;

namespace NrmHub.Tests.Referrals;

/// <summary>
/// An open inbox under a burst of notifications (issue 13): every new row appears, newest on top, however the
/// notifications were batched, rows for others stay out, a burst makes one audited read at most (the opening one),
/// and the bell counts every stored notification once.
/// </summary>
public sealed class ReferralGridLiveTests
{
    [Fact]
    public async Task A_burst_of_new_referrals_all_reach_the_open_inbox_newest_first_and_the_bell_counts_each_once()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed);
        var cut = OpenEmptyInbox(ctx, withBell: true);
        var auditedBefore = await ListReadsAsync(bed);

        var sent = new List<OperationResult>();
        for (var i = 0; i < 8; i++)
        {
            sent.Add(await bed.SendAsync("tamas", "mia-ganja-ctu"));
        }

        // A referral between two other actors, announced to this user by mistake, must not show.
        var other = await bed.SendAsync("tamas", "mia-thb");
        var live = ctx.Services.GetRequiredService<LiveUpdates>();
        var user = bed.Users["mia-ganja-ctu"];
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        // Published from another thread, back to back, as the dispatcher does while the page is busy.
        await Task.Run(() =>
        {
            var id = 1L;
            foreach (var s in sent)
            {
                live.Publish(user, new NotificationMessage(id++, NotificationTypes.ReferralReceived, s.Id, s.CaseCode, now));
            }

            live.Publish(user, new NotificationMessage(0, NotificationTypes.ReferralListed, other.Id, other.CaseCode, now));
            // A repeat of the last one (delivery resumed after a crash) is neither a new row nor a new count.
            live.Publish(user, new NotificationMessage(id - 1, NotificationTypes.ReferralReceived, sent[^1].Id, sent[^1].CaseCode, now));
        });

        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("tr[class*=nrm-row-]").Select(r => r.ClassList.Single(c => c.StartsWith("nrm-row-", StringComparison.Ordinal))).ToList();
            Assert.Equal(sent.Select(s => $"nrm-row-{s.Id}").Reverse(), rows);
        }, TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Equal("8", cut.Find("[data-testid=bell-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(other.CaseCode!, cut.Markup);
        Assert.Equal(auditedBefore, await ListReadsAsync(bed));
    }

    [Fact]
    public async Task The_open_inbox_takes_the_row_the_live_path_read_for_it_but_never_one_its_user_may_not_see()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed);
        var cut = OpenEmptyInbox(ctx, withBell: false);

        var mine = await bed.SendAsync("tamas", "mia-ganja-ctu");
        var others = await bed.SendAsync("tamas", "mia-thb");
        var read = await ReferralService.SummariesForLiveUpdatesAsync(bed.Factory(), [mine.Id!.Value, others.Id!.Value]);
        var live = ctx.Services.GetRequiredService<LiveUpdates>();
        // Marked so that the test can tell the shared row from one the page would read itself.
        live.Remember([.. read.Select(r => r with { CaseCode = $"SHARED-{r.Id}" })], []);
        var user = bed.Users["mia-ganja-ctu"];
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        await Task.Run(() =>
        {
            live.Publish(user, new NotificationMessage(1, NotificationTypes.ReferralReceived, mine.Id, mine.CaseCode, now));
            live.Publish(user, new NotificationMessage(2, NotificationTypes.ReferralReceived, others.Id, others.CaseCode, now));
        });

        cut.WaitForAssertion(() => Assert.Contains($"SHARED-{mine.Id}", cut.Markup), TimeSpan.FromSeconds(10));
        Assert.Single(cut.FindAll("tr[class*=nrm-row-]"));
        Assert.DoesNotContain($"SHARED-{others.Id}", cut.Markup);
        Assert.DoesNotContain(others.CaseCode!, cut.Markup);
    }

    /// <summary>The (still empty) inbox of a mia-ganja-ctu service provider, with the bell above it or not.</summary>
    private static IRenderedComponent<WithMudProviders> OpenEmptyInbox(ComponentContext ctx, bool withBell)
    {
        ctx.SignInAs("mia-ganja-ctu", "ServiceProvider");
        var cut = ctx.Render<WithMudProviders>(p =>
        {
            if (withBell)
            {
                p.AddChildContent<NotificationBell>();
            }

            p.AddChildContent<ReferralGrid>(g => g.Add(x => x.Scope, ReferralScope.Incoming).Add(x => x.TestId, "inbox"));
        });
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=inbox-empty]")));
        return cut;
    }

    private static async Task<int> ListReadsAsync(SopTestBed bed)
    {
        await using var db = await bed.Factory().CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(a => a.Action == "referrals.list");
    }
}
