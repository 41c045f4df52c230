using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Admin;

/// <summary>Every admin page on a desktop and on a phone, in English and Russian: translated, nothing sideways, axe clean.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminPagesTests(AppServerFixture app)
{
    public static TheoryData<string, string> Pages() => new()
    {
        { "/admin", "home" },
        { "/admin/actors", "actors" },
        { "/admin/actors/edit/mia-thb", "actor-editor" },
        { "/admin/channels", "channels" },
        { "/admin/sop", "sop" },
        { "/admin/audit", "audit" },
        { "/admin/jobs", "jobs" },
    };

    private async Task<IPage> SignedInAsync(string? culture)
    {
        var page = await app.NewPageAsync(culture);
        await page.SignInAsync(DemoAccount.Admin.Email, DemoAccount.Admin.Password);
        await page.WaitForURLAsync($"**{DemoAccount.Admin.Home}");
        return page;
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-testid=page-title][data-interactive=yes]").WaitForAsync();
    }

    /// <summary>Opens what a page shows only after a click (an editor, an entry's changes), so the screenshot has it too.</summary>
    private static async Task OpenDetailAsync(IPage page, string name)
    {
        switch (name)
        {
            case "channels":
                await page.GetByTestId("admin-channel-new").ClickAsync();
                await page.GetByTestId("channel-save").ClickAsync();
                await page.GetByTestId("err-FromActorId").WaitForAsync();
                break;
            case "sop":
                await page.GetByTestId("edit-sop-case-review").ClickAsync();
                await page.GetByTestId("sop-editor").WaitForAsync();
                break;
            case "audit":
                // The visit itself is the newest entry on the next one, so there is always one to open.
                await OpenAsync(page, "/admin/audit");
                await page.Locator("[data-testid^=audit-show-]").First.ClickAsync();
                await page.GetByTestId("audit-changes").WaitForAsync();
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Admin_page_at_1366_and_390_in_english_and_russian_is_translated_fits_and_is_accessible(string path, string name)
    {
        foreach (var culture in new[] { "en-GB", "ru-RU" })
        {
            var page = await SignedInAsync(culture);
            await OpenAsync(page, path);
            await OpenDetailAsync(page, name);
            var main = await page.Locator("main").InnerTextAsync();
            // A raw resource key ("Sop.Trigger.CaseOpened") or enum name on the page is a missing translation.
            Assert.DoesNotMatch(@"\b(Admin|Sop|Audit|Jobs|Actors)\.[A-Z][A-Za-z]+", main);
            if (culture == "ru-RU" && name == "sop")
            {
                // The escalation field itself takes codes (its hint names them); the list shows names.
                var grid = await page.GetByTestId("sop-admin-grid").InnerTextAsync();
                Assert.DoesNotContain("CaseOpened", grid);
                Assert.DoesNotContain("OwnerParent", grid);
            }

            foreach (var (width, height) in new[] { (1366, 800), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                await AssertNoSidewaysScrollAsync(page, $"{path} at {width} px in {culture}");
                await page.ScreenshotAsync($"admin-{name}-{width}-{culture}");
            }

            await page.AssertAccessibleAsync();
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The layout settles (the drawer closes on a phone) before the check; a failure names what sticks out.</summary>
    private static async Task AssertNoSidewaysScrollAsync(IPage page, string where)
    {
        const string fits = "document.documentElement.scrollWidth <= window.innerWidth + 1";
        try
        {
            await page.WaitUntilAsync(fits, 5000);
        }
        catch (TimeoutException)
        {
            var wide = await page.EvaluateAsync<string>("""
                Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                  .slice(0, 6).map(e => e.tagName + '.' + (e.className || '').toString().slice(0, 60) + ' ' + Math.round(e.getBoundingClientRect().right)).join(' | ')
                """);
            Assert.Fail($"{where} scrolls sideways: {wide}");
        }
    }

    [Fact]
    public async Task Audit_trail_shows_the_latest_entries_at_once_and_one_visit_is_audited_once()
    {
        var page = await SignedInAsync(null);
        var before = await CountAsync("audit.read");

        await OpenAsync(page, "/admin/audit");
        await Assertions.Expect(page.GetByTestId("audit-count")).ToBeVisibleAsync();
        // Prerendered and then interactive: the grid has loaded; give a late second audit every chance to arrive.
        await page.WaitForTimeoutAsync(1500);
        Assert.Equal(before + 1, await CountAsync("audit.read"));

        // The next visit lists that read as the newest entry, with no filter touched.
        await OpenAsync(page, "/admin/audit");
        var newest = page.GetByTestId("audit-grid").Locator("tbody tr").First;
        await Assertions.Expect(newest).ToContainTextAsync("audit.read");
        await Assertions.Expect(newest).ToContainTextAsync("Demo Administrator");
        await Assertions.Expect(page.GetByTestId("audit-count")).Not.ToHaveTextAsync("0 entries");
        await page.WaitForTimeoutAsync(1500);
        Assert.Equal(before + 2, await CountAsync("audit.read"));
    }

    private async Task<long> CountAsync(string action)
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AuditEntries WHERE Action = $action";
        command.Parameters.AddWithValue("$action", action);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
