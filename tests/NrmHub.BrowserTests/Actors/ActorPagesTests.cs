using System.Text.Json;
using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;
using Xunit.Abstractions;

namespace NrmHub.BrowserTests.Actors;

[Collection(BrowserCollection.Name)]
public sealed class ActorPagesTests(AppServerFixture app, ITestOutputHelper output)
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

    private static async Task InLanguageAsync(IPage page, string culture, string path)
    {
        await page.GotoAsync($"/culture/{culture}?returnUrl={Uri.EscapeDataString(path)}");
        await page.WaitForCircuitAsync();
    }

    /// <summary>The page never scrolls sideways: wide tables scroll inside their own box.</summary>
    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{page.Url} scrolls sideways by {overflow}px at {page.ViewportSize?.Width}px");
    }

    /// <summary>At each width: screenshot, axe, no sideways scroll.</summary>
    private static async Task CheckAtWidthsAsync(IPage page, string name)
    {
        foreach (var (width, height) in new[] { (1366, 768), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.WaitForTimeoutAsync(300);
            await AssertNoSidewaysScrollAsync(page);
            await page.ScreenshotAsync($"{name}-{width}");
            await page.AssertAccessibleAsync();
        }
    }

    [Fact]
    public async Task Directory_lists_every_actor_and_filters_by_search()
    {
        var page = await SignedInAsync(DemoAccount.Officer, "/actors");
        var count = page.GetByTestId("directory-count");
        await Assertions.Expect(count).ToContainTextAsync(" of ");
        var all = await count.InnerTextAsync();
        await CheckAtWidthsAsync(page, "actors-directory-en");
        await page.SetViewportSizeAsync(1366, 768);

        await page.GetByTestId("directory-search").FillAsync("shelter");

        await Assertions.Expect(count).Not.ToHaveTextAsync(all);
        var grid = page.GetByTestId("directory-grid");
        await Assertions.Expect(grid).ToContainTextAsync("Clean World");
        await Assertions.Expect(grid).Not.ToContainTextAsync("General Prosecutor");
        // One truth for where an actor works: Clean World serves the whole country and is seated in Baku.
        await Assertions.Expect(grid).ToContainTextAsync("the whole country (seat: Baku)");
        // A shelter's address is restricted: another actor's user sees that it is withheld, never the text.
        await Assertions.Expect(grid).Not.ToContainTextAsync("Confidential location");
        await page.ScreenshotAsync("actors-directory-search");
    }

    [Fact]
    public async Task Directory_in_Russian_shows_every_contact_in_full_at_laptop_width()
    {
        var page = await SignedInAsync(DemoAccount.Officer, "/actors");
        await InLanguageAsync(page, "ru", "/actors");
        await page.SetViewportSizeAsync(1366, 768);
        var grid = page.GetByTestId("directory-grid");
        await Assertions.Expect(grid).ToContainTextAsync("МВД");

        // No contact cell is cut: its text fits its box, and the table fits the page without scrolling.
        var cut = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('[data-testid=directory-contacts]')]
                .filter(c => c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > document.documentElement.clientWidth)
                .map(c => c.innerText.slice(0, 60))
            """);
        Assert.True(cut.Length == 0, $"contacts cut off: {string.Join(" | ", cut)}");
        var tableOverflow = await page.EvaluateAsync<int>("() => { const s = document.querySelector('[data-testid=directory-grid]').closest('.nrm-scroll'); return s.scrollWidth - s.clientWidth; }");
        Assert.True(tableOverflow <= 0, $"the directory scrolls sideways by {tableOverflow}px at 1366px");
        await CheckAtWidthsAsync(page, "actors-directory-ru");

        await page.GetByTestId("directory-search").FillAsync("Чистый");
        await Assertions.Expect(grid).ToContainTextAsync("Чистый мир");
        await Assertions.Expect(grid).ToContainTextAsync("вся страна (местонахождение: Баку)");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ru")]
    public async Task Coverage_shows_the_matrix_with_gaps_and_headers_that_do_not_overlap(string culture)
    {
        var page = await SignedInAsync(DemoAccount.Coordinator, "/actors/coverage");
        if (culture != "en")
        {
            await InLanguageAsync(page, culture, "/actors/coverage");
        }

        var matrix = page.GetByTestId("coverage-matrix");
        await Assertions.Expect(matrix.Locator("tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("coverage-summary")).ToContainTextAsync(culture == "en" ? "gaps" : "Пробелов");
        await page.SetViewportSizeAsync(1366, 768);
        var overlaps = await page.EvaluateAsync<string[]>("""
            () => {
              const spans = [...document.querySelectorAll('[data-testid=coverage-service] span')].map(s => ({ t: s.innerText, r: s.getBoundingClientRect() }));
              const bad = [];
              for (let i = 1; i < spans.length; i++) if (spans[i - 1].r.right > spans[i].r.left + 0.5) bad.push(`${spans[i - 1].t} / ${spans[i].t}`);
              return bad;
            }
            """);
        Assert.True(overlaps.Length == 0, $"service headers overlap: {string.Join(" | ", overlaps)}");
        await CheckAtWidthsAsync(page, $"actors-coverage-{culture}");

        if (culture == "en")
        {
            await page.SetViewportSizeAsync(1366, 768);
            var columnsBefore = await matrix.Locator("thead th").CountAsync();
            await page.ChooseAsync("coverage-pillar", "Prosecution");
            await Assertions.Expect(matrix.Locator("thead th")).ToHaveCountAsync(3);
            Assert.True(columnsBefore > 10, $"{columnsBefore} columns before filtering");
        }
        else
        {
            await Assertions.Expect(matrix.Locator("tbody th").First).ToHaveTextAsync("Баку");
        }
    }

    [Fact]
    public async Task Map_draws_the_graph_opens_a_mandate_card_on_click_and_highlights_a_service()
    {
        var page = await SignedInAsync(DemoAccount.Coordinator, "/actors/map");
        await page.SetViewportSizeAsync(1366, 768);
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();

        await page.WaitUntilAsync("() => window.nrmActorMap && window.nrmActorMap.nodeCount() >= 40");
        var edges = await page.EvaluateAsync<int>("() => window.nrmActorMap.edgeCount()");
        Assert.True(edges > 0, "the map draws referral channels");
        await AssertLabelsApartAsync(page);
        await Assertions.Expect(page.GetByTestId("map-legend")).ToContainTextAsync("Shelter");
        await Assertions.Expect(page.GetByTestId("legend-pillar")).ToContainTextAsync("all pillars");
        var widthBefore = await page.EvaluateAsync<double>("() => window.nrmActorMap.width()");

        var position = await page.EvaluateAsync<Point>("() => window.nrmActorMap.pagePosition('MIA THB Dept')");
        await page.Mouse.ClickAsync(position.X, position.Y);

        var card = page.GetByTestId("actor-card");
        await Assertions.Expect(card).ToContainTextAsync("MIA Main Department on Combating Trafficking in Human Beings");
        await Assertions.Expect(page.GetByTestId("actor-mandates")).ToContainTextAsync("Identification");
        await Assertions.Expect(page.GetByTestId("channels-out").Locator("li").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("suggestions").Locator("li").First).ToBeVisibleAsync();
        // The card took width beside the map: the drawing was redrawn into the narrower box.
        await page.WaitUntilAsync($"() => window.nrmActorMap.width() < {widthBefore} - 100");

        await page.ChooseAsync("map-highlight", "Shelter");
        await page.WaitUntilAsync("() => window.nrmActorMap.pathEdgeCount() > 0");
        await Assertions.Expect(page.GetByTestId("legend-highlight")).ToContainTextAsync("Shelter");
        await page.ScreenshotAsync("actors-map-en-1366");
        await ViewScreenshotAsync(page, "actors-map-en-1366-view");
        await page.AssertAccessibleAsync();

        await page.ChooseAsync("map-kind", "Shelter");
        await page.WaitUntilAsync("() => window.nrmActorMap.nodeCount() > 1 && window.nrmActorMap.nodeCount() < 10");
        var shown = await page.EvaluateAsync<int>("() => window.nrmActorMap.nodeCount()");
        await page.ScreenshotAsync("actors-map-shelters");
        await Assertions.Expect(page.GetByTestId("map-counts")).ToContainTextAsync($"{shown} actors");
        await Assertions.Expect(page.GetByTestId("map-table-row")).ToHaveCountAsync(shown);

        await page.ChooseAsync("map-pillar", "Prosecution");
        await Assertions.Expect(page.GetByTestId("legend-pillar")).ToContainTextAsync("Prosecution");
    }

    [Theory]
    [InlineData("ru", "Компонент", "Чистый мир")]
    [InlineData("az", "Komponent", "Təmiz Dünya")]
    public async Task Map_in_another_language_labels_actors_and_filters_in_it_and_works_on_a_phone(string culture, string pillarLabel, string cleanWorld)
    {
        var page = await SignedInAsync(DemoAccount.Coordinator, "/actors/map");
        await InLanguageAsync(page, culture, "/actors/map");
        await page.SetViewportSizeAsync(1366, 768);
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await page.WaitUntilAsync("() => window.nrmActorMap && window.nrmActorMap.nodeCount() >= 40");

        var labels = await page.EvaluateAsync<string[]>("() => window.nrmActorMap.nodeLabels()");
        Assert.Contains(cleanWorld, labels);
        await Assertions.Expect(page.Locator(".nrm-filters")).ToContainTextAsync(pillarLabel);
        await AssertLabelsApartAsync(page);
        await page.ScreenshotAsync($"actors-map-{culture}-1366");
        await ViewScreenshotAsync(page, $"actors-map-{culture}-1366-view");
        await page.AssertAccessibleAsync();

        // The tabular alternative: a keyboard user opens the same card from a row.
        await page.GetByTestId("map-table-open").Filter(new() { HasText = cleanWorld }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("actor-card")).ToContainTextAsync(cleanWorld);
        await Assertions.Expect(page.Locator("#actor-card-title")).ToBeFocusedAsync();

        await page.SetViewportSizeAsync(390, 844);
        // Narrowed to a phone, the drawing is fitted to its new box rather than cut at the right.
        await page.WaitUntilAsync("() => window.nrmActorMap.width() < 400 && window.nrmActorMap.allInside()");
        await AssertNoSidewaysScrollAsync(page);
        var boxes = await page.EvaluateAsync<double[]>("() => [document.querySelector('[data-testid=actor-map]').getBoundingClientRect().bottom, document.querySelector('[data-testid=actor-card]').getBoundingClientRect().top, document.querySelector('[data-testid=actor-map]').getBoundingClientRect().height]");
        Assert.True(boxes[1] >= boxes[0], "on a phone the card sits below the map");
        Assert.InRange(boxes[2], 300, 600);
        await page.ScreenshotAsync($"actors-map-{culture}-390");
        await ViewScreenshotAsync(page, $"actors-map-{culture}-390-view");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Map_first_visit_transfer_is_measured()
    {
        var page = await SignedInAsync(DemoAccount.Coordinator, DemoAccount.Coordinator.Home);
        var session = await page.Context.NewCDPSessionAsync(page);
        await session.SendAsync("Network.enable");
        await session.SendAsync("Network.clearBrowserCache");
        await session.SendAsync("Network.setCacheDisabled", new() { ["cacheDisabled"] = true });
        long bytes = 0;
        var requests = 0;
        session.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is { } json && json.TryGetProperty("encodedDataLength", out var length))
            {
                Interlocked.Add(ref bytes, (long)length.GetDouble());
                Interlocked.Increment(ref requests);
            }
        };

        await page.GotoAsync("/actors/map");
        await page.WaitForCircuitAsync();
        await page.WaitUntilAsync("() => window.nrmActorMap && window.nrmActorMap.nodeCount() >= 40");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        output.WriteLine($"First visit of /actors/map (cache cleared, signed in): {Interlocked.Read(ref bytes):N0} bytes over {requests} HTTP responses (encodedDataLength; the circuit's WebSocket frames are not counted).");
        Console.WriteLine($"[actors-map-transfer] {Interlocked.Read(ref bytes)} bytes, {requests} responses");
        Assert.True(requests > 0, "responses were counted");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ru")]
    public async Task Snapshots_list_times_in_the_country_zone_at_both_widths(string culture)
    {
        var page = await SignedInAsync(DemoAccount.Coordinator, "/actors/snapshots");
        if (culture != "en")
        {
            await InLanguageAsync(page, culture, "/actors/snapshots");
        }

        await page.GetByTestId("snapshot-take").ClickAsync();
        await Assertions.Expect(page.GetByTestId("snapshot-status")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("snapshot-list").Locator("time").First).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex("^\\d{4}-\\d\\d-\\d\\dT"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Asia/Baku");
        await CheckAtWidthsAsync(page, $"actors-snapshots-{culture}");
    }

    [Fact]
    public async Task Poster_prints_black_on_white_without_the_app_around_it()
    {
        var page = await SignedInAsync(DemoAccount.Coordinator, "/actors/snapshots");
        await page.GetByTestId("snapshot-take").ClickAsync();
        await Assertions.Expect(page.GetByTestId("snapshot-status")).ToBeVisibleAsync();
        var href = await page.GetByTestId("snapshot-list").Locator("a", new() { HasText = "poster-ru.html" }).First.GetAttributeAsync("href");

        var poster = await page.Context.NewPageAsync();
        await poster.GotoAsync("/" + href);
        await poster.EmulateMediaAsync(new() { Media = Media.Print });
        await poster.SetViewportSizeAsync(794, 1123);

        Assert.Equal(0, await poster.Locator(".mud-appbar, .mud-drawer, nav").CountAsync());
        var heading = await poster.EvaluateAsync<string[]>("() => { const s = getComputedStyle(document.querySelector('h2')); return [s.color, s.backgroundColor, document.body.innerText]; }");
        // Printed without backgrounds (the browser's default), white headings on a blue bar would be blank paper.
        Assert.Equal("rgb(0, 0, 0)", heading[0]);
        Assert.Equal("rgba(0, 0, 0, 0)", heading[1]);
        Assert.Matches("\\d{1,2} [а-я]{3}\\.? \\d{4}", heading[2]);
        await poster.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppServerFixture.ArtifactsDirectory, "actors-poster-ru-print.png"), FullPage = true });
    }

    /// <summary>What a person sees without scrolling: the full-page shot of the map page is mostly its long table.</summary>
    private static async Task ViewScreenshotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, document.querySelector('[data-testid=actor-map]').getBoundingClientRect().top + window.scrollY - 80)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppServerFixture.ArtifactsDirectory, $"{name}.png") });
    }

    private async Task AssertLabelsApartAsync(IPage page)
    {
        var overlaps = await page.EvaluateAsync<string[]>("() => window.nrmActorMap.labelOverlaps()");
        var fontSize = await page.EvaluateAsync<double>("() => window.nrmActorMap.renderedFontSize()");
        output.WriteLine($"{page.Url}: label font {fontSize:0.0}px at the default zoom, {overlaps.Length} overlapping label pairs");
        Assert.True(overlaps.Length == 0, $"labels overlap at the default zoom: {string.Join(" | ", overlaps)}");
        Assert.True(fontSize >= 8, $"labels drawn at {fontSize:0.0}px are too small to read");
    }

    private sealed class Point
    {
        public float X { get; set; }

        public float Y { get; set; }
    }
}
