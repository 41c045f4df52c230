using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Referrals;

/// <summary>A referral list's filters: the case code always there, the others behind one button that counts those in use.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReferralListTests(AppServerFixture app)
{
    [Fact]
    public async Task Filters_open_on_demand_narrow_the_list_and_stay_counted_once_closed()
    {
        var officer = await app.SignedInPageAsync(DemoAccount.Officer);
        var emergency = await officer.SendReferralAsync("Test Person Filter One", "Emergency", "Shelter");
        var routine = await officer.SendReferralAsync("Test Person Filter Two", "Routine", "Shelter");
        await officer.GotoAsync("/referrals");
        await officer.WaitForCircuitAsync();
        var list = officer.GetByTestId("my-referrals");
        var toggle = officer.GetByTestId("my-referrals-filters-toggle");
        await Assertions.Expect(list).ToContainTextAsync(emergency);
        await Assertions.Expect(list).ToContainTextAsync(routine);
        await Assertions.Expect(toggle).ToHaveTextAsync("Filters");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(officer.GetByTestId("my-referrals-more-filters")).ToHaveCountAsync(0);

        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(officer.GetByTestId("my-referrals-more-filters")).ToBeAttachedAsync();
        foreach (var field in new[] { "state", "urgency", "service", "region", "sent-from", "sent-to" })
        {
            await Assertions.Expect(officer.GetByTestId($"my-referrals-{field}")).ToBeVisibleAsync();
        }

        await officer.ChooseAsync("my-referrals-urgency", "Emergency");
        await Assertions.Expect(list).Not.ToContainTextAsync(routine);
        await Assertions.Expect(list).ToContainTextAsync(emergency);
        await Assertions.Expect(list.Locator("tbody")).Not.ToContainTextAsync("Routine");
        await officer.ScreenshotAsync("referral-list-filters-open");
        await officer.AssertAccessibleAsync();

        // Closed again, the filter still applies and the button says one is in use.
        await toggle.ClickAsync();
        await Assertions.Expect(officer.GetByTestId("my-referrals-more-filters")).ToHaveCountAsync(0);
        await Assertions.Expect(toggle).ToHaveTextAsync("Filters (1)");
        await Assertions.Expect(list).Not.ToContainTextAsync(routine);
        await officer.ScreenshotAsync("referral-list-filters-closed");
        await officer.AssertAccessibleAsync();

        // Reopened, the field shows the filter it holds.
        await toggle.ClickAsync();
        await Assertions.Expect(officer.GetByTestId("my-referrals-urgency")).ToHaveValueAsync("Emergency");
    }

    [Fact]
    public async Task Columns_sort_up_then_down_then_back_to_newest_and_the_pager_walks_the_pages()
    {
        var officer = await app.SignedInPageAsync(DemoAccount.Officer);
        var codes = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            codes.Add(await officer.SendReferralAsync($"Test Person Pager {i}", i == 0 ? "Emergency" : "Routine", "Shelter"));
        }

        await officer.GotoAsync("/referrals");
        await officer.WaitForCircuitAsync();
        var list = officer.GetByTestId("my-referrals");
        var sort = officer.GetByTestId("my-referrals-sort-Urgency");
        var header = officer.Locator("th").Filter(new() { Has = sort });
        var firstRow = list.Locator("tbody tr").First;
        await Assertions.Expect(firstRow).ToContainTextAsync(codes[^1]);
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "none");

        await sort.ClickAsync();
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "ascending");
        await Assertions.Expect(firstRow).ToContainTextAsync("Routine");
        await sort.ClickAsync();
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "descending");
        await Assertions.Expect(firstRow).ToContainTextAsync("Emergency");
        await officer.ScreenshotAsync("referral-list-sorted");
        await sort.ClickAsync();
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "none");
        await Assertions.Expect(firstRow).ToContainTextAsync(codes[^1]);

        // Ten a page: the newest ten, then the next page starts at the eleventh.
        await officer.GetByTestId("my-referrals-page-size").SelectOptionAsync("10");
        await Assertions.Expect(list.Locator("tbody tr")).ToHaveCountAsync(10);
        var info = officer.GetByTestId("my-referrals-page-info");
        await Assertions.Expect(info).ToContainTextAsync("1-10 of");
        await Assertions.Expect(list).Not.ToContainTextAsync(codes[0]);
        await officer.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(info).ToContainTextAsync("11-");
        await Assertions.Expect(list).ToContainTextAsync(codes[0]);
        await Assertions.Expect(officer.GetByRole(AriaRole.Button, new() { Name = "Previous page" })).ToBeEnabledAsync();
        await officer.AssertAccessibleAsync();
    }

    [Fact]
    public async Task On_a_phone_in_Azerbaijani_the_filters_button_is_on_screen_and_opens_them_without_sideways_scrolling()
    {
        var officer = await app.SignedInPageAsync(DemoAccount.Officer, width: 390, culture: "az");
        var toggle = officer.GetByTestId("my-referrals-filters-toggle");
        await Assertions.Expect(toggle).ToHaveTextAsync("Süzgəclər");
        await Assertions.Expect(toggle).ToBeInViewportAsync();
        await officer.ScreenshotAsync("referral-list-phone-az");

        await toggle.ClickAsync();
        await Assertions.Expect(officer.GetByTestId("my-referrals-region")).ToBeVisibleAsync();
        var scrollWidth = await officer.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"The list page scrolls sideways on a phone: {scrollWidth} px");
        await officer.ScreenshotAsync("referral-list-phone-az-filters");
        await officer.AssertAccessibleAsync();
    }
}
