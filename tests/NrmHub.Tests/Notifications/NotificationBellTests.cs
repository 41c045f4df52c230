using Bunit;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Notifications;
using NrmHub.Tests.Infrastructure;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Layout;
using NrmHub.Web.Hubs;

namespace NrmHub.Tests.Notifications;

/// <summary>The bell: the unread count from the database, the panel, mark read, and the live update a new referral brings.</summary>
public sealed class NotificationBellTests
{
    private static async Task<(SopTestBed Bed, ComponentContext Ctx)> ReceiverAsync(string culture = "en")
    {
        var bed = await SopTestBed.CreateAsync();
        var ctx = new ComponentContext(bed, culture);
        ctx.SignInAs("mia-ganja-ctu", "ServiceProvider");
        return (bed, ctx);
    }

    [Fact]
    public async Task Count_shows_the_unread_notifications_and_mark_all_sets_it_to_zero()
    {
        var (bed, ctx) = await ReceiverAsync();
        await using var _ = bed;
        await using var __ = ctx;
        await bed.SendAsync("tamas", "mia-ganja-ctu");
        await bed.SendAsync("tamas", "mia-ganja-ctu");

        var cut = ctx.Render<WithMudProviders>(p => p.AddChildContent<NotificationBell>());

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=bell-count]").TextContent));
        await cut.Find("[data-testid=bell]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=bell-item]").Count));
        Assert.Contains("Referral received", cut.Find("[data-testid=bell-item]").TextContent);
        // Times in the country's zone, named once, never "UTC".
        Assert.Contains("Asia/Baku", cut.Find("[data-testid=bell-panel]").TextContent);
        Assert.DoesNotContain("UTC ", cut.Find("[data-testid=bell-item]").TextContent);

        await cut.Find("[data-testid=bell-mark-all]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=bell-count]").TextContent));
        Assert.Equal(0, await ctx.Services.GetRequiredService<NotificationCenter>().UnreadCountAsync(bed.Users["mia-ganja-ctu"]));
    }

    [Fact]
    public async Task A_notification_for_this_user_updates_the_count_live_and_shows_a_toast_without_personal_data()
    {
        var (bed, ctx) = await ReceiverAsync("ru");
        // A culture set inside an awaited helper does not flow back out of it.
        ComponentContext.UseCulture("ru");
        await using var _ = bed;
        await using var __ = ctx;
        var cut = ctx.Render<WithMudProviders>(p => p.AddChildContent<NotificationBell>());
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=bell-count]").TextContent));

        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");
        var live = ctx.Services.GetRequiredService<LiveUpdates>();
        live.Publish(bed.Users["mia-ganja-ctu"], new NotificationMessage(1, NotificationTypes.ReferralReceived, sent.Id, sent.CaseCode, bed.Clock.GetUtcNow().UtcDateTime));
        live.Publish(bed.Users["tamas"], new NotificationMessage(2, NotificationTypes.ReferralReceived, sent.Id, sent.CaseCode, bed.Clock.GetUtcNow().UtcDateTime));

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=bell-count]").TextContent));
        var toast = cut.WaitForElement("[data-testid=toast]");
        Assert.Equal($"Получено направление · {sent.CaseCode}", toast.TextContent);
        Assert.DoesNotContain("Test Person", cut.Markup);
    }
}
