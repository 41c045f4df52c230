using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Admin;

/// <summary>
/// The SOP templates page. The browser tests share one database, so this edits the case review step (which no
/// other browser test times) and puts its reminder back where the seed had it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SopAdminTests(AppServerFixture app)
{
    private const string Step = "case-review";

    [Fact]
    public async Task Admin_edits_a_reminder_gets_a_message_for_a_bad_value_and_saves_a_good_one()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(DemoAccount.Admin.Email, DemoAccount.Admin.Password);
        await page.WaitForURLAsync($"**{DemoAccount.Admin.Home}");
        await Assertions.Expect(page.GetByTestId("nav-admin-sop")).ToBeVisibleAsync();
        await page.GotoAsync("/admin/sop");
        await page.WaitForCircuitAsync();
        await page.Locator("[data-testid=page-title][data-interactive=yes]").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("sop-admin-applies")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("sop-admin-grid")).ToContainTextAsync("acknowledge-referral");
        var original = (await page.GetByTestId($"sop-remind-{Step}").InnerTextAsync()).Trim().TrimEnd('%').Trim();

        await page.GetByTestId($"edit-sop-{Step}").ClickAsync();
        await page.AssertEveryFieldLimitedAsync();
        await page.GetByTestId("sop-remind").FillAsync("150");
        await page.GetByTestId("sop-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("err-RemindAtPercent")).ToContainTextAsync("1 to 99");
        await Assertions.Expect(page.GetByTestId("sop-remind")).ToHaveAttributeAsync("aria-describedby", "err-RemindAtPercent");
        await Assertions.Expect(page.GetByTestId($"sop-remind-{Step}")).ToContainTextAsync($"{original} %");
        await page.AssertAccessibleAsync();

        var changed = original == "80" ? "70" : "80";
        await page.GetByTestId("sop-remind").FillAsync(changed);
        await page.GetByTestId("sop-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sop-admin-message")).ToContainTextAsync(Step);
        await Assertions.Expect(page.GetByTestId("sop-editor")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId($"sop-remind-{Step}")).ToContainTextAsync($"{changed} %");
        await page.ScreenshotAsync("admin-sop");
        await page.AssertAccessibleAsync();

        // Put it back for the other tests.
        await page.GetByTestId($"edit-sop-{Step}").ClickAsync();
        await page.GetByTestId("sop-remind").FillAsync(original);
        await page.GetByTestId("sop-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"sop-remind-{Step}")).ToContainTextAsync($"{original} %");
    }
}
