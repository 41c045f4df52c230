using System.IO.Compression;
using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Actors;

/// <summary>The open-data page: every export listed with what it holds and who sees what, each download working, for a visitor and in a second language.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExportPagesTests(AppServerFixture app)
{
    [Theory]
    [InlineData(1366, "en")]
    [InlineData(390, "az")]
    public async Task A_visitor_finds_every_export_and_downloads_each_file(int width, string culture)
    {
        var page = await app.NewPageAsync(culture);
        await page.SetViewportSizeAsync(width, width < 600 ? 844 : 900);
        // A visitor without an account lands on the sign-in page; the open data are a link away.
        await page.GotoAsync(culture == "en" ? "/" : $"/culture/{culture}?returnUrl=/");
        await page.WaitForURLAsync("**/Account/Login**");
        await page.ScreenshotAsync($"login-{width}-{culture}");
        await page.GetByTestId("login-exports").ClickAsync();
        await page.WaitForURLAsync("**/exports");

        await Assertions.Expect(page.GetByTestId("export")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("[data-testid=export][data-id=Graph] [data-testid=export-disclosure]"))
            .ToContainTextAsync(culture == "az" ? "daxil olmuş" : "signed-in users");
        var body = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("Exports.", body, StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), $"/exports scrolls sideways at {width} px");
        await page.ScreenshotAsync($"exports-{width}-{culture}");
        await page.AssertAccessibleAsync();

        var links = page.GetByTestId("export-link");
        var count = await links.CountAsync();
        Assert.Equal(11, count);
        for (var i = 0; i < count; i++)
        {
            var href = await links.Nth(i).GetAttributeAsync("href");
            var response = await page.APIRequest.GetAsync(href!);
            Assert.True(response.Status == 200, $"{href}: {response.Status}");
            var bytes = await response.BodyAsync();
            Assert.NotEmpty(bytes);
            if (href!.EndsWith(".zip", StringComparison.Ordinal) || href.Contains(".xlsx", StringComparison.Ordinal))
            {
                // Both are zip containers: a broken download would not open.
                using var zip = new ZipArchive(new MemoryStream(bytes));
                Assert.NotEmpty(zip.Entries);
            }

            if (href.Contains("3w.csv", StringComparison.Ordinal))
            {
                Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            }
        }

        // A download is a click away, as a person would take it.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export][data-id=HsdsZip] [data-testid=export-link]").ClickAsync());
        Assert.Matches(@"^nrmhub-hsds-az-\d{4}-\d{2}-\d{2}\.zip$", download.SuggestedFilename);
    }

    [Fact]
    public async Task Open_data_is_in_the_menu_of_a_signed_in_user()
    {
        var page = await app.SignedInPageAsync(DemoAccount.Shelter, culture: "ru");

        await page.GetByTestId("nav-exports").ClickAsync();

        await page.WaitForURLAsync("**/exports");
        await Assertions.Expect(page.GetByTestId("page-title")).ToHaveTextAsync("Открытые данные: справочник для других систем");
        await page.ScreenshotAsync("exports-1366-ru-signed-in");
        await page.AssertAccessibleAsync();
    }
}
