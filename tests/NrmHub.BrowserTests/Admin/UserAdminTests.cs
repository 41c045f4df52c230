using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;
using NrmHub.BrowserTests.Referrals;

namespace NrmHub.BrowserTests.Admin;

[Collection(BrowserCollection.Name)]
public sealed class UserAdminTests(AppServerFixture app)
{
    private const string Password = "Tamas-Staff-2026!";

    [Fact]
    public async Task Admin_gives_TAMAS_an_account_that_works_once_sees_no_other_case_and_ends_when_disabled()
    {
        // A case that only MIA and Clean World are party to.
        var officer = await app.NewPageAsync();
        await officer.SignInAsync(DemoAccount.Officer.Email, DemoAccount.Officer.Password);
        await officer.WaitForURLAsync($"**{DemoAccount.Officer.Home}");
        await LiveReferralTests.FillNewReferralAsync(officer, "Test Person Users");
        await officer.ChooseAsync("r-consent", "Consent given");
        await officer.GetByTestId("referral-submit").ClickAsync();
        await officer.WaitForURLAsync("**/cases/*");
        var caseCode = officer.Url.Split("/cases/")[1];
        await officer.Context.CloseAsync();

        var email = $"staff-{Guid.NewGuid():N}"[..14] + "@tamas.example";
        var admin = await app.NewPageAsync();
        await admin.SignInAsync(DemoAccount.Admin.Email, DemoAccount.Admin.Password);
        await admin.WaitForURLAsync("**/admin");
        await admin.GetByTestId("nav-admin-users").ClickAsync();
        await admin.WaitForURLAsync("**/admin/users");
        await admin.WaitForCircuitAsync();
        await admin.GetByTestId("users-new").ClickAsync();
        await admin.GetByTestId("users-create").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("err-Email")).ToBeVisibleAsync();
        await admin.GetByTestId("users-email").FillAsync(email);
        await admin.GetByTestId("users-name").FillAsync("Leyla TAMAS");
        await admin.ChooseAsync("users-actor", "TAMAS");
        await admin.ChooseAsync("users-role", "Service provider");
        await admin.ScreenshotAsync("users-new");
        await admin.AssertAccessibleAsync();
        await admin.AssertEveryFieldLimitedAsync();
        // A double click creates one account.
        await admin.GetByTestId("users-create").DblClickAsync();

        var linkField = admin.GetByTestId("users-link");
        await Assertions.Expect(linkField).ToBeVisibleAsync();
        var link = await linkField.InputValueAsync();
        Assert.Contains("/Account/SetPassword?user=", link);
        Assert.DoesNotContain("tamas", link, StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(admin.GetByTestId("users-grid").Locator("tr", new() { HasText = email })).ToHaveCountAsync(1);
        await Assertions.Expect(admin.GetByTestId("users-message")).Not.ToContainTextAsync("already exists");
        await admin.ScreenshotAsync("users-link");
        await admin.AssertAccessibleAsync();

        var staff = await app.NewPageAsync();
        await staff.GotoAsync(link);
        await staff.GetByTestId("set-password-password").FillAsync(Password);
        await staff.GetByTestId("set-password-confirm").FillAsync(Password);
        await staff.ScreenshotAsync("set-password");
        await staff.AssertAccessibleAsync();
        await staff.GetByTestId("set-password-submit").ClickAsync();
        await Assertions.Expect(staff.GetByTestId("set-password-done")).ToBeVisibleAsync();
        await staff.GotoAsync(link);
        await Assertions.Expect(staff.GetByTestId("set-password-invalid")).ToBeVisibleAsync();
        await Assertions.Expect(staff.GetByTestId("set-password-submit")).ToHaveCountAsync(0);

        await staff.SignInAsync(email, Password);
        await staff.WaitForURLAsync("**/inbox");
        var foreign = await staff.GotoAsync($"/cases/{caseCode}");
        Assert.Equal(404, foreign!.Status);
        await Assertions.Expect(staff.GetByText("Test Person Users")).ToHaveCountAsync(0);
        await staff.GotoAsync("/inbox");
        await staff.WaitForCircuitAsync();

        // The administrator disables the account while the page is open: the page ends within a minute.
        var row = admin.GetByTestId("users-grid").Locator("tr", new() { HasText = email });
        await row.GetByTestId("user-manage").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("user-panel")).ToContainTextAsync("Leyla TAMAS");
        await admin.GetByTestId("user-disable").ClickAsync();
        await admin.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("users-message")).ToContainTextAsync("Leyla TAMAS");
        await Assertions.Expect(row.GetByTestId("user-status")).ToContainTextAsync("Disabled");
        await admin.ScreenshotAsync("users-disabled");
        await admin.AssertAccessibleAsync();

        await staff.WaitForURLAsync("**/Account/Login**", new() { Timeout = 60_000 });
        await staff.SignInAsync(email, Password);
        await Assertions.Expect(staff.GetByTestId("login-error")).ToContainTextAsync("disabled");
    }
}
