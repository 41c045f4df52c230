using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Indicators;

/// <summary>
/// A coordinator reads the results framework for a period and region, drills into one indicator and exports it; an
/// organisation's staff record an activity that the dashboard then counts; an admin publishes a line that an
/// anonymous visitor then sees on the public summary.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class IndicatorPagesTests(AppServerFixture app)
{
    private Task<IPage> SignedInAsync(DemoAccount account, int width = 1366, string? culture = null) => app.SignedInPageAsync(account, width, culture);

    private static async Task AssertNoSidewaysScrollAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} scrolls sideways at {width}px: {scrollWidth}");
    }

    private static async Task<List<string[]>> DownloadCsvAsync(IPage page, string testId)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId(testId).ClickAsync());
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        File.WriteAllBytes(Path.Combine(AppServerFixture.ArtifactsDirectory, download.SuggestedFilename), bytes);
        return [.. text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(SplitCsvLine)];
    }

    /// <summary>RFC 4180 fields of one line (the exports quote commas and quotes; no field spans lines here).</summary>
    private static string[] SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return [.. fields];
    }

    [Fact]
    public async Task The_dashboard_shows_the_framework_with_trends_filters_by_region_and_exports_the_numbers_it_shows()
    {
        var page = await SignedInAsync(DemoAccount.Coordinator);
        await page.GetByTestId("nav-indicators").ClickAsync();
        await page.WaitForURLAsync("**/indicators");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("framework-row")).ToHaveCountAsync(20);
        await Assertions.Expect(page.GetByTestId("trend-chart").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=trend-chart] svg").First).ToBeVisibleAsync();
        // The seeded demo year of site inspections is counted (seed 002's output 2.1), not shown as zero.
        var inspections = page.Locator("[data-testid=framework-row][data-code='O2.1-a'] [data-testid=framework-value]");
        Assert.True(double.Parse((await inspections.InnerTextAsync()).Replace(",", ""), CultureInfo.InvariantCulture) > 0);
        await page.ScreenshotAsync("indicators-dashboard-1366-en");
        await page.AssertAccessibleAsync();

        // The export carries exactly the numbers of the table, line for line.
        var csv = await DownloadCsvAsync(page, "export-framework");
        var header = csv[0].ToList();
        var (codeColumn, displayColumn) = (header.IndexOf("indicator_code"), header.IndexOf("display"));
        Assert.Equal(21, csv.Count);
        foreach (var row in csv.Skip(1))
        {
            var shown = await page.Locator($"[data-testid=framework-row][data-code='{row[codeColumn]}'] [data-testid=framework-value]").InnerTextAsync();
            Assert.Equal(shown.Replace(",", "").Replace("—", ""), row[displayColumn]);
        }

        var observations = await DownloadCsvAsync(page, "export-observations");
        Assert.Equal("OBS_STATUS", observations[0][10]);
        // Every line once for the period, and once a month for the 18 lines that have a monthly trend.
        Assert.Equal(1 + 20 + (18 * 12), observations.Count);

        // A region: the address carries it, the scope line names it, the numbers change.
        await page.ChooseAsync("filter-region", "Guba");
        await page.GetByTestId("filter-apply").ClickAsync();
        await page.WaitForURLAsync(new Regex("region=Guba"));
        await Assertions.Expect(page.GetByTestId("indicator-scope")).ToContainTextAsync("Guba");
        await Assertions.Expect(page.GetByTestId("framework-row")).ToHaveCountAsync(20);

        // A period that ends before it starts is named, and the numbers on screen stay those of the last good filter.
        await page.GetByTestId("filter-from").FillAsync("2026-06-01");
        await page.GetByTestId("filter-to").FillAsync("2026-02-01");
        await page.GetByTestId("filter-to").PressAsync("Tab");
        await page.GetByTestId("filter-apply").ClickAsync();
        await Assertions.Expect(page.GetByTestId("indicator-filters")).ToContainTextAsync("after the start");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("region=Guba$"));
        await page.ScreenshotAsync("indicators-dashboard-filter-refused");

        // A link with a broken period says which part is wrong instead of showing other numbers.
        await page.GotoAsync("/indicators?from=2026-13-01");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("indicator-filters")).ToContainTextAsync("The start is not a valid date.");
        Assert.Equal(400, (await page.APIRequest.GetAsync("/api/indicators/framework.csv?to=2020-01-01")).Status);
        Assert.Equal(400, (await page.APIRequest.GetAsync("/api/indicators/framework.csv?region=Atlantis")).Status);
    }

    [Theory]
    [InlineData(390, "en")]
    [InlineData(1366, "az")]
    [InlineData(390, "ru")]
    public async Task The_dashboard_reads_well_on_a_phone_and_in_every_language(int width, string culture)
    {
        var page = await SignedInAsync(DemoAccount.Coordinator, width, culture);
        await page.GotoAsync("/indicators");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("framework-row")).ToHaveCountAsync(20);
        await page.WaitForTimeoutAsync(300);
        await AssertNoSidewaysScrollAsync(page, width);
        await page.ScreenshotAsync($"indicators-dashboard-{width}-{culture}");
        await page.AssertAccessibleAsync();
        var body = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("Indicators.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Indicator.", body, StringComparison.Ordinal);

        await page.GotoAsync("/indicators/O2.1-a?by=Region");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("breakdown-row")).Not.ToHaveCountAsync(0);
        await page.WaitForTimeoutAsync(300);
        await AssertNoSidewaysScrollAsync(page, width);
        await page.ScreenshotAsync($"indicators-detail-{width}-{culture}");
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/indicators/definitions");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("definition-card")).ToHaveCountAsync(21);
        await AssertNoSidewaysScrollAsync(page, width);
        await page.ScreenshotAsync($"indicators-definitions-{width}-{culture}");
        await page.AssertAccessibleAsync();
        Assert.DoesNotContain("Indicators.", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_indicator_breaks_down_by_a_chosen_dimension_hides_small_groups_and_exports_what_it_shows()
    {
        var page = await SignedInAsync(DemoAccount.Coordinator);
        await page.GotoAsync("/indicators");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Number of persons who received direct counselling from MICs" }).ClickAsync();
        await page.WaitForURLAsync("**/indicators/O1.3-a**");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("definition")).ToContainTextAsync("by sex");
        await page.ChooseAsync("breakdown-by", "Sex");
        await page.WaitForURLAsync(new Regex("by=Sex"));
        await Assertions.Expect(page.GetByTestId("breakdown-row")).ToHaveCountAsync(3);
        await page.ScreenshotAsync("indicators-detail-by-sex");
        await page.AssertAccessibleAsync();

        // The demo counts no participant of "other" sex: zero is shown (it reveals nobody), and nothing under 5 is.
        var cells = await page.Locator("[data-testid=breakdown-row] td:nth-child(2)").AllInnerTextsAsync();
        Assert.All(cells, c => Assert.True(c.StartsWith('<') || c == "0" || double.Parse(c.Replace(",", ""), CultureInfo.InvariantCulture) >= 5, c));

        var csv = await DownloadCsvAsync(page, "export-line");
        var header = csv[0].ToList();
        var bySex = csv.Skip(1).Where(r => r[header.IndexOf("BREAKDOWN")] == "Sex").ToList();
        Assert.Equal(3, bySex.Count);
        var shown = await page.Locator("[data-testid=breakdown-row]").AllInnerTextsAsync();
        foreach (var (row, text) in bySex.Zip(shown))
        {
            Assert.Contains(row[header.IndexOf("OBS_DISPLAY")], text.Replace(",", ""), StringComparison.Ordinal);
        }

        await page.ChooseAsync("breakdown-by", "Region");
        await page.WaitForURLAsync(new Regex("by=Region"));
        await Assertions.Expect(page.GetByTestId("breakdown-row")).Not.ToHaveCountAsync(0);
        Assert.Equal(400, (await page.APIRequest.GetAsync("/api/indicators/lines/O1.3-a.csv?by=Receiver")).Status);
        Assert.Equal(404, (await page.APIRequest.GetAsync("/api/indicators/lines/NOPE.csv")).Status);
    }

    [Fact]
    public async Task Staff_record_an_activity_once_however_often_they_click_and_only_coordinators_see_the_dashboard()
    {
        var page = await SignedInAsync(DemoAccount.Shelter);
        await page.GetByTestId("nav-activities").ClickAsync();
        await page.WaitForURLAsync("**/activities");
        await page.WaitForCircuitAsync();
        var before = await page.GetByTestId("activity-row").CountAsync();
        await page.ScreenshotAsync("activities-list");
        await page.GetByTestId("activity-new").ClickAsync();
        await page.WaitForURLAsync("**/activities/new");
        await page.WaitForCircuitAsync();
        await page.AssertEveryFieldLimitedAsync();

        await page.GetByTestId("activity-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("activity-form")).ToContainTextAsync("This is required.");
        await page.ScreenshotAsync("activities-editor-refused");
        await page.AssertAccessibleAsync();

        await page.ChooseAsync("a-kind", "Focus group discussion");
        await page.GetByTestId("a-date").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByTestId("a-date").PressAsync("Tab");
        await page.ChooseAsync("a-region", "Lankaran");
        await page.GetByTestId("a-topic").FillAsync("Safe migration talk at the Lankaran market");
        await page.GetByTestId("a-female-0").FillAsync("12");
        await page.GetByTestId("a-male-0").FillAsync("-3");
        await page.GetByTestId("a-male-0").PressAsync("Tab");
        await page.GetByTestId("a-male-0").FillAsync("8");
        await page.GetByTestId("a-male-0").PressAsync("Tab");
        await page.ScreenshotAsync("activities-editor");
        await page.GetByTestId("activity-save").DblClickAsync();
        await page.WaitForURLAsync("**/activities");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("activity-row")).ToHaveCountAsync(before + 1);
        await Assertions.Expect(page.GetByTestId("activity-row").First).ToContainTextAsync("Safe migration talk");
        await Assertions.Expect(page.GetByTestId("activity-row").First).ToContainTextAsync("20");

        // Staff of a service provider have no dashboard: the page and the exports answer as for a stranger.
        await page.GotoAsync("/indicators");
        await Assertions.Expect(page.GetByTestId("nav-indicators")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=framework-row]")).ToHaveCountAsync(0);
        Assert.NotEqual(200, (await page.APIRequest.GetAsync("/api/indicators/framework.csv", new() { MaxRedirects = 0 })).Status);
    }

    [Theory]
    [InlineData(390, "az")]
    [InlineData(1366, "en")]
    public async Task The_activity_pages_read_well_at_both_widths(int width, string culture)
    {
        var page = await SignedInAsync(DemoAccount.Officer, width, culture);
        await page.GotoAsync("/activities/new");
        await page.WaitForCircuitAsync();
        await page.ChooseAsync("a-kind", culture == "az" ? "Təlim" : "Training");
        await page.GetByTestId("a-add-line").ClickAsync();
        await Assertions.Expect(page.GetByTestId("a-line")).ToHaveCountAsync(2);
        await AssertNoSidewaysScrollAsync(page, width);
        await page.ScreenshotAsync($"activities-editor-{width}-{culture}");
        await page.AssertAccessibleAsync();
        Assert.DoesNotContain("Activities.", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync("/activities");
        await page.WaitForCircuitAsync();
        await AssertNoSidewaysScrollAsync(page, width);
        await page.ScreenshotAsync($"activities-list-{width}-{culture}");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task An_admin_publishes_a_line_and_an_anonymous_visitor_sees_it_and_only_it()
    {
        var admin = await SignedInAsync(DemoAccount.Admin);
        await admin.GotoAsync("/indicators");
        await admin.WaitForCircuitAsync();
        var toggle = admin.GetByTestId("publish-O2.1-a");
        if (!await toggle.IsCheckedAsync())
        {
            await toggle.ClickAsync();
        }

        await Assertions.Expect(toggle).ToBeCheckedAsync();
        var shown = await admin.Locator("[data-testid=framework-row][data-code='O2.1-a'] [data-testid=framework-value]").InnerTextAsync();

        var visitor = await app.NewPageAsync();
        await visitor.SetViewportSizeAsync(390, 844);
        await visitor.GotoAsync("/public/indicators");
        await Assertions.Expect(visitor.GetByTestId("public-row")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(visitor.Locator("[data-testid=public-row][data-code='O2.1-a'] [data-testid=public-value]")).ToContainTextAsync(shown);
        await Assertions.Expect(visitor.Locator("[data-testid=public-row][data-code='O1.1-a']")).ToHaveCountAsync(0);
        await AssertNoSidewaysScrollAsync(visitor, 390);
        await visitor.ScreenshotAsync("indicators-public-390");
        await visitor.AssertAccessibleAsync();
        var csv = await visitor.APIRequest.GetAsync("/api/public/indicators.csv");
        Assert.Equal(200, csv.Status);
        Assert.Contains("O2.1-a", await csv.TextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("O1.1-a", await csv.TextAsync(), StringComparison.Ordinal);
        Assert.NotEqual(200, (await visitor.APIRequest.GetAsync("/api/indicators/framework.csv", new() { MaxRedirects = 0 })).Status);
        await visitor.GotoAsync("/indicators/definitions");
        await Assertions.Expect(visitor.GetByTestId("definition-card")).ToHaveCountAsync(21);
    }
}
