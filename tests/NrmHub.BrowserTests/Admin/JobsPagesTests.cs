using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Admin;

/// <summary>The jobs dashboard (Admin) and the snapshot history (Coordinator). Schedules are off in the test app.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JobsPagesTests(AppServerFixture app)
{
    private async Task<IPage> SignedInAsync(DemoAccount account, string path, string? culture = null)
    {
        var page = await app.NewPageAsync(culture);
        await page.SignInAsync(account.Email, account.Password);
        await page.WaitForURLAsync($"**{account.Home}");
        await page.GotoAsync(path);
        await page.Locator("[data-testid=page-title][data-interactive=yes]").WaitForAsync();
        return page;
    }

    [Fact]
    public async Task Dashboard_runs_a_job_now_and_pauses_and_resumes_one()
    {
        var page = await SignedInAsync(DemoAccount.Admin, "/admin/jobs");
        await Assertions.Expect(page.GetByTestId("nav-admin-jobs")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("jobs-schedules-off")).ToBeVisibleAsync();
        var mapping = page.GetByTestId("job-actor-mapping");
        await Assertions.Expect(mapping).ToContainTextAsync("every day at 02:30");

        await page.GetByTestId("job-run-retention").ClickAsync();
        await Assertions.Expect(page.GetByTestId("job-runs-retention")).ToContainTextAsync("Succeeded");
        await Assertions.Expect(page.GetByTestId("job-runs-retention")).ToContainTextAsync("by hand");

        await page.GetByTestId("job-pause-actor-mapping").ClickAsync();
        await Assertions.Expect(page.GetByTestId("job-paused-actor-mapping")).ToBeVisibleAsync();
        await page.ScreenshotAsync("admin-jobs");
        await page.AssertAccessibleAsync();

        // The pause is stored: a fresh page load still shows it.
        await page.ReloadAsync();
        await page.Locator("[data-testid=page-title][data-interactive=yes]").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("job-paused-actor-mapping")).ToBeVisibleAsync();
        await page.GetByTestId("job-resume-actor-mapping").ClickAsync();
        await Assertions.Expect(page.GetByTestId("job-paused-actor-mapping")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Hangfire_dashboard_opens_for_the_admin_from_the_jobs_page_and_refuses_everyone_else()
    {
        var page = await SignedInAsync(DemoAccount.Admin, "/admin/jobs");
        await page.GetByTestId("job-run-actor-mapping").ClickAsync();
        await Assertions.Expect(page.GetByTestId("job-runs-actor-mapping")).ToContainTextAsync("Succeeded");

        await page.GetByTestId("hangfire-link").ClickAsync();
        await page.WaitForURLAsync(new Regex("/admin/hangfire/?$"));
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("NrmHub · Hangfire"));
        await page.GotoAsync("/admin/hangfire/jobs/succeeded");
        // The manual run above went through Hangfire's queue: its succeeded list names NrmHub's job entry.
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("HangfireJob.RunAsync");
        await page.SetViewportSizeAsync(1366, 800);
        await page.ScreenshotAsync("admin-hangfire-1366");
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync("admin-hangfire-390");

        foreach (var account in DemoAccount.All.Where(a => a.Role != "Admin"))
        {
            var other = await app.NewPageAsync();
            await other.SignInAsync(account.Email, account.Password);
            await other.WaitForURLAsync($"**{account.Home}");
            // With the browser's own cookies; chromium shows no page for an empty 403, so ask through its request API.
            var refused = await other.Context.APIRequest.GetAsync("/admin/hangfire", new() { MaxRedirects = 0 });
            Assert.Equal(403, refused.Status);
            Assert.DoesNotContain("Hangfire", await refused.TextAsync(), StringComparison.Ordinal);
            await other.Context.CloseAsync();
        }

        var anonymous = await app.NewPageAsync();
        var answer = await anonymous.Context.APIRequest.GetAsync("/admin/hangfire", new() { MaxRedirects = 0 });
        Assert.Equal(401, answer.Status);
        await anonymous.Context.CloseAsync();
    }

    [Theory]
    [InlineData("az-AZ", "Hangfire panelini açın", "hər gün saat 02:30")]
    [InlineData("ru-RU", "открыть панель Hangfire", "каждую минуту")]
    public async Task Jobs_page_in_another_language_on_a_phone_names_the_schedules_and_the_Hangfire_link(string culture, string link, string schedule)
    {
        var page = await SignedInAsync(DemoAccount.Admin, "/admin/jobs", culture);
        await page.SetViewportSizeAsync(390, 844);

        await Assertions.Expect(page.GetByTestId("hangfire-link")).ToContainTextAsync(link);
        await Assertions.Expect(page.GetByTestId("hangfire-link")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(schedule);
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Jobs.");
        // Nothing sticks out sideways on a phone: the page is no wider than the screen.
        // Once the layout has settled to the new width (the drawer closes on a phone).
        await page.WaitUntilAsync("document.documentElement.scrollWidth <= window.innerWidth + 1", 5000);
        await page.ScreenshotAsync($"admin-jobs-390-{culture}");
        await page.SetViewportSizeAsync(1366, 800);
        await page.ScreenshotAsync($"admin-jobs-1366-{culture}");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Snapshots_page_takes_a_snapshot_lists_it_and_serves_its_artefacts()
    {
        var page = await SignedInAsync(DemoAccount.Coordinator, "/actors/snapshots");
        await Assertions.Expect(page.GetByTestId("nav-snapshots")).ToBeVisibleAsync();

        await page.GetByTestId("snapshot-take").ClickAsync();
        await Assertions.Expect(page.GetByTestId("snapshot-status")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("snapshot-list")).ToContainTextAsync("poster-az.html");

        await page.GetByTestId("snapshot-take").ClickAsync();
        await Assertions.Expect(page.GetByTestId("snapshot-status")).ToContainTextAsync("Nothing changed");

        // A later snapshot (as a day of edits would leave) gives the newest row a "show changes" button.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={app.DatabaseFile}"))
        {
            await connection.OpenAsync();
            var copy = connection.CreateCommand();
            copy.CommandText = """
                INSERT INTO MappingSnapshots (TakenAtUtc, Country, ContentHash, ActorCount, ChannelCount, GapCount, GraphJson, DirectoryCsv, HsdsZip, CoverageJson, ActivityJson, PosterEn, PosterAz, PosterRu)
                SELECT strftime('%Y-%m-%d %H:%M:%S', 'now'), Country, 'later-' || ContentHash, ActorCount, ChannelCount, GapCount, GraphJson, DirectoryCsv, HsdsZip, CoverageJson, ActivityJson, PosterEn, PosterAz, PosterRu
                FROM MappingSnapshots ORDER BY Id DESC LIMIT 1
                """;
            Assert.Equal(1, await copy.ExecuteNonQueryAsync());
        }

        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await page.Locator("[data-testid^=snapshot-diff-]").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("snapshot-changes")).ToBeVisibleAsync();
        await page.ScreenshotAsync("actors-snapshots");
        await page.AssertAccessibleAsync();

        var href = await page.GetByTestId("snapshot-list").Locator("a", new() { HasTextRegex = new Regex("^poster-en\\.html$") }).First.GetAttributeAsync("href");
        var poster = await page.APIRequest.GetAsync("/" + href);
        Assert.Equal(200, poster.Status);
        Assert.Contains("who does what", await poster.TextAsync());
        var posterPage = await page.Context.NewPageAsync();
        await posterPage.GotoAsync("/" + href);
        await posterPage.ScreenshotAsync("actors-snapshot-poster-en");
        await posterPage.AssertAccessibleAsync();

        // Printed, the poster is one A4 page in every language.
        await posterPage.EmulateMediaAsync(new() { Media = Media.Print });
        await posterPage.SetViewportSizeAsync(794, 1123);
        await posterPage.ScreenshotAsync("actors-snapshot-poster-print");
        foreach (var language in new[] { "en", "az", "ru" })
        {
            await posterPage.GotoAsync("/" + href!.Replace("poster-en", $"poster-{language}", StringComparison.Ordinal));
            var pdf = System.Text.Encoding.Latin1.GetString(await posterPage.PdfAsync(new() { Format = "A4", PrintBackground = true }));
            Assert.True(Regex.IsMatch(pdf, "/Count 1\\b"), $"The {language} poster prints on more than one page.");
        }
    }
}
