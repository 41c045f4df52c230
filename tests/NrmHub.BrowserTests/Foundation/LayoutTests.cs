using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Foundation;

/// <summary>The frame around every page: menu on a phone, landmarks, no broken request, the theme and the reconnect dialog.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(AppServerFixture app)
{
    private static readonly Dictionary<DemoAccount, string[]> PagesOf = new()
    {
        [DemoAccount.Officer] = ["/referrals", "/referrals/new", "/actors", "/actors/map", "/actors/coverage", "/Account/Manage", "/groups/3"],
        // Clean World is a member of the seeded protection working group (the third in seed/az/groups.json).
        [DemoAccount.Shelter] = ["/inbox", "/groups", "/groups/3", "/groups/3/meetings", "/groups/3/board", "/groups/3/kpis", "/groups/3/minutes"],
        [DemoAccount.Coordinator] = ["/coordination", "/coordination/referrals", "/sop/overdue", "/actors/snapshots", "/groups/new", "/groups/1/edit"],
        [DemoAccount.Admin] = ["/admin", "/admin/users", "/admin/actors", "/admin/channels", "/admin/sop", "/admin/audit", "/admin/jobs", "/no-such-page"],
    };

    private static readonly string[] MudBlazorEnglish = ["Rows per page", "First page", "Previous page", "Next page", "Last page", "Column options", "Loading…"];

    private async Task<IPage> SignedInAsync(DemoAccount account, int width, string? culture = null)
    {
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(width, width < 600 ? 844 : 900);
        if (culture is not null)
        {
            await page.GotoAsync($"/culture/{culture}?returnUrl=/Account/Login");
        }

        await page.SignInAsync(account.Email, account.Password);
        await page.WaitForURLAsync($"**{account.Home}");
        await page.WaitForCircuitAsync();
        return page;
    }

    [Theory]
    [InlineData(390)]
    [InlineData(768)]
    public async Task Narrow_screens_start_with_the_menu_closed_and_open_it_from_the_button(int width)
    {
        var page = await SignedInAsync(DemoAccount.Coordinator, width);
        var sopLink = page.GetByTestId("nav-sop-overdue");
        await Assertions.Expect(sopLink).Not.ToBeInViewportAsync();

        await page.GetByTestId("menu-button").ClickAsync();
        await Assertions.Expect(sopLink).ToBeInViewportAsync();
        await Assertions.Expect(page.GetByTestId("menu-button")).ToHaveAttributeAsync("aria-expanded", "true");
        await page.ScreenshotAsync($"layout-menu-open-{width}");
        await sopLink.ClickAsync();

        await page.WaitForURLAsync("**/sop/overdue");
        await Assertions.Expect(page.GetByTestId("page-title")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Wide_screens_show_the_menu_and_the_organisation_in_the_users_language()
    {
        var page = await SignedInAsync(DemoAccount.Shelter, 1366, "az");

        await Assertions.Expect(page.GetByTestId("nav-inbox")).ToBeInViewportAsync();
        // The organisation in Azerbaijani, not the English short name the cookie carries.
        await Assertions.Expect(page.GetByTestId("user-org")).Not.ToContainTextAsync("Clean World");
        await Assertions.Expect(page.GetByTestId("user-org")).ToContainTextAsync("Təmiz Dünya");
    }

    [Theory]
    [InlineData(390, "az")]
    [InlineData(1366, "en")]
    [InlineData(390, "en")]
    [InlineData(1366, "ru")]
    public async Task Every_page_has_one_h1_a_main_landmark_no_failed_request_and_no_sideways_scroll(int width, string culture)
    {
        foreach (var (account, paths) in PagesOf)
        {
            var page = await SignedInAsync(account, width, culture);
            var failures = new List<string>();
            page.Response += (_, r) =>
            {
                if (r.Status >= 400 && !r.Url.Contains("/no-such-page", StringComparison.Ordinal))
                {
                    failures.Add($"{r.Status} {r.Url}");
                }
            };
            page.RequestFailed += (_, r) => failures.Add($"failed {r.Url} {r.Failure}");
            // A script or style the Content-Security-Policy blocks is a broken page, even if it still looks right.
            page.Console += (_, m) =>
            {
                if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal) || m.Text.Contains("Content-Security-Policy", StringComparison.Ordinal))
                {
                    failures.Add($"CSP: {m.Text}");
                }
            };

            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                if (path.StartsWith("/Account", StringComparison.Ordinal))
                {
                    // Account pages render statically (they need the request's cookies): there is no circuit to wait for.
                    await page.GetByTestId("page-title").WaitForAsync();
                }
                else
                {
                    await page.WaitForCircuitAsync();
                }

                await page.WaitForTimeoutAsync(300);

                await Assertions.Expect(page.Locator("h1")).ToHaveCountAsync(1);
                await Assertions.Expect(page.Locator("main")).ToHaveCountAsync(1);
                var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                Assert.True(scrollWidth <= width, $"{path} at {width} px scrolls sideways: {scrollWidth} px wide");
                // Every field a person can type into has its limit, so a paste can neither be refused after the fact nor
                // grow past what one circuit message carries (the server checks the same limits).
                await page.AssertEveryFieldLimitedAsync();
                var text = await page.Locator("body").InnerTextAsync();
                Assert.DoesNotMatch(@"\b[A-Z][a-z]+\.[A-Z][A-Za-z]+(\.[A-Za-z-]+)?\b", text.Replace("NrmHub.", "", StringComparison.Ordinal));
                if (culture != "en")
                {
                    // MudBlazor's own English (pager buttons, their labels) is translated by MudTranslations.
                    var html = await page.Locator("body").InnerHTMLAsync();
                    Assert.All(MudBlazorEnglish, words => Assert.DoesNotContain(words, html, StringComparison.Ordinal));
                }

                await page.ScreenshotAsync($"page{path.Replace('/', '-')}-{culture}-{width}");
                await page.AssertAccessibleAsync();
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Dark_theme_is_remembered_and_stays_accessible()
    {
        var page = await SignedInAsync(DemoAccount.Officer, 1366);
        const string background = "getComputedStyle(document.body).backgroundColor";
        var light = await page.EvaluateAsync<string>(background);

        await page.GetByTestId("theme-switch").ClickAsync();
        await Assertions.Expect(page.GetByTestId("theme-switch")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("theme/light"));
        await page.WaitForCircuitAsync();
        var dark = await page.EvaluateAsync<string>(background);
        Assert.NotEqual(light, dark);
        await page.GotoAsync("/referrals/new");
        await page.WaitForCircuitAsync();

        Assert.Equal(dark, await page.EvaluateAsync<string>(background));
        await page.ScreenshotAsync("layout-dark");
        await page.AssertAccessibleAsync();
        await page.GetByTestId("theme-switch").ClickAsync();
        await Assertions.Expect(page.GetByTestId("theme-switch")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("theme/dark"));
        await page.WaitForCircuitAsync();
        Assert.Equal(light, await page.EvaluateAsync<string>(background));
    }

    [Fact]
    public async Task Lost_connection_shows_the_dialog_in_the_users_language_and_input_waits()
    {
        var page = await SignedInAsync(DemoAccount.Officer, 390, "ru");
        // The circuit's connection goes through the test: it can cut it and refuse new ones, as a dropped mobile link would.
        var down = false;
        IWebSocketRoute? server = null;
        await page.RouteWebSocketAsync("**/_blazor*", ws =>
        {
            if (down)
            {
                _ = ws.CloseAsync();
                return;
            }

            server = ws.ConnectToServer();
        });
        await page.RouteAsync("**/_blazor/negotiate*", route => down ? route.AbortAsync() : route.ContinueAsync());
        await page.GotoAsync("/referrals/new");
        await page.WaitForCircuitAsync();

        down = true;
        await server!.CloseAsync();
        var dialog = page.GetByTestId("reconnect");
        await Assertions.Expect(dialog).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(dialog).ToContainTextAsync("Связь с сервером потеряна");
        await Assertions.Expect(page.Locator("main")).ToHaveAttributeAsync("inert", "");
        await page.ScreenshotAsync("layout-reconnect-ru-390");
        // A person can neither click into a field nor focus it while the dialog is up.
        await Assert.ThrowsAsync<TimeoutException>(() => page.GetByTestId("p-name").ClickAsync(new() { Timeout = 1_000 }));
        await page.GetByTestId("p-name").FocusAsync();
        Assert.False(await page.EvaluateAsync<bool>("document.activeElement?.dataset?.testid === 'p-name'"));

        down = false;
        await Assertions.Expect(dialog).ToBeHiddenAsync(new() { Timeout = 45_000 });
        await Assertions.Expect(page.Locator("main")).Not.ToHaveAttributeAsync("inert", "");
        await page.GetByTestId("p-name").FillAsync("typed after");
    }

    [Fact]
    public async Task Not_found_page_is_styled_inside_the_layout_and_answers_404()
    {
        var page = await SignedInAsync(DemoAccount.Officer, 390);

        var response = await page.GotoAsync("/no-such-page");

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("menu-button")).ToBeVisibleAsync();
        await page.ScreenshotAsync("not-found-390");
    }
}
