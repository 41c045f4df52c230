using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Actors;

[Collection(BrowserCollection.Name)]
public sealed class ActorPagesTests(AppServerFixture app)
{
    private async Task<IPage> SignedInAsync(DemoAccount account, string path)
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(account.Email, account.Password);
        await page.WaitForURLAsync($"**{account.Home}");
        await page.GotoAsync(path);
        await page.WaitForCircuitAsync();
        return page;
    }

    [Fact]
    public async Task Directory_lists_every_actor_and_filters_by_search()
    {
        var page = await SignedInAsync(DemoAccount.Officer, "/actors");
        var count = page.GetByTestId("directory-count");
        await Assertions.Expect(count).ToContainTextAsync(" of ");
        var all = await count.InnerTextAsync();
        await page.ScreenshotAsync("actors-directory");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("directory-search").FillAsync("shelter");

        await Assertions.Expect(count).Not.ToHaveTextAsync(all);
        await Assertions.Expect(page.GetByTestId("directory-grid")).ToContainTextAsync("Clean World");
        await Assertions.Expect(page.GetByTestId("directory-grid")).Not.ToContainTextAsync("General Prosecutor");
        // A shelter's address is restricted: another actor's user sees that it is withheld, never the text.
        await Assertions.Expect(page.GetByTestId("directory-grid")).Not.ToContainTextAsync("Confidential location");
        await page.ScreenshotAsync("actors-directory-search");
    }

    [Fact]
    public async Task Coverage_shows_the_matrix_with_gaps_and_filters_by_pillar()
    {
        var page = await SignedInAsync(DemoAccount.Coordinator, "/actors/coverage");
        var matrix = page.GetByTestId("coverage-matrix");
        await Assertions.Expect(matrix.Locator("tbody tr").First).ToBeVisibleAsync();
        var columnsBefore = await matrix.Locator("thead th").CountAsync();
        await Assertions.Expect(page.GetByTestId("coverage-summary")).ToContainTextAsync("gaps");
        await page.ScreenshotAsync("actors-coverage");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("coverage-pillar").SelectOptionAsync("Prosecution");

        await Assertions.Expect(matrix.Locator("thead th")).ToHaveCountAsync(3);
        Assert.True(columnsBefore > 10, $"{columnsBefore} columns before filtering");
    }

    [Fact]
    public async Task Map_draws_the_graph_opens_a_mandate_card_on_click_and_highlights_a_service()
    {
        var page = await SignedInAsync(DemoAccount.Coordinator, "/actors/map");

        await page.WaitForFunctionAsync("() => window.nrmActorMap && window.nrmActorMap.nodeCount() >= 40");
        var edges = await page.EvaluateAsync<int>("() => window.nrmActorMap.edgeCount()");
        Assert.True(edges > 0, "the map draws referral channels");

        var position = await page.EvaluateAsync<Point>("() => window.nrmActorMap.pagePosition('MIA THB Dept')");
        await page.Mouse.ClickAsync(position.X, position.Y);

        var card = page.GetByTestId("actor-card");
        await Assertions.Expect(card).ToContainTextAsync("MIA Main Department on Combating Trafficking in Human Beings");
        await Assertions.Expect(page.GetByTestId("actor-mandates")).ToContainTextAsync("Identification");
        await Assertions.Expect(page.GetByTestId("channels-out").Locator("li").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("suggestions").Locator("li").First).ToBeVisibleAsync();

        await page.GetByTestId("map-highlight").SelectOptionAsync("Shelter");
        await page.WaitForFunctionAsync("() => window.nrmActorMap.pathEdgeCount() > 0");
        await page.ScreenshotAsync("actors-map");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("map-kind").SelectOptionAsync("Shelter");
        await page.WaitForFunctionAsync("() => window.nrmActorMap.nodeCount() > 1 && window.nrmActorMap.nodeCount() < 10");
        var shown = await page.EvaluateAsync<int>("() => window.nrmActorMap.nodeCount()");
        await page.ScreenshotAsync("actors-map-shelters");

        await Assertions.Expect(page.GetByTestId("map-counts")).ToContainTextAsync($"{shown} actors");
    }

    private sealed class Point
    {
        public float X { get; set; }

        public float Y { get; set; }
    }
}
