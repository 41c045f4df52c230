using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Foundation;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(AppServerFixture app)
{
    public static TheoryData<string> RoleNames => new(DemoAccount.All.Select(a => a.Role));

    [Fact]
    public async Task SignInPage_is_accessible_and_rejects_a_wrong_password()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.ScreenshotAsync("login");
        await page.AssertAccessibleAsync();

        await page.SignInAsync(DemoAccount.Officer.Email, "Wrong-Password-1!");

        await Assertions.Expect(page.GetByTestId("login-error")).ToContainTextAsync("not correct");
        await page.ScreenshotAsync("login-error");
        await page.AssertAccessibleAsync();
    }

    [Theory]
    [MemberData(nameof(RoleNames))]
    public async Task SignIn_each_role_sees_its_home_then_signs_out(string role)
    {
        var account = DemoAccount.All.Single(a => a.Role == role);
        var page = await app.NewPageAsync();

        await page.SignInAsync(account.Email, account.Password);

        await page.WaitForURLAsync($"**{account.Home}");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("workspace-org")).ToContainTextAsync(account.Organisation);
        await Assertions.Expect(page.GetByTestId("user-box")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("country")).ToHaveTextAsync("Azerbaijan");
        await page.ScreenshotAsync($"home-{role}");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("sign-out").ClickAsync();

        await page.WaitForURLAsync("**/Account/Login");
        await page.GotoAsync(account.Home);
        await page.WaitForURLAsync("**/Account/Login?*");
    }

    [Fact]
    public async Task OtherRolesPage_shows_access_denied()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(DemoAccount.Officer.Email, DemoAccount.Officer.Password);
        await page.WaitForURLAsync("**/referrals");

        await page.GotoAsync("/admin");

        await page.WaitForURLAsync("**/Account/AccessDenied*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("access-denied");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task CultureSwitch_translates_navigation_and_is_remembered()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(DemoAccount.Coordinator.Email, DemoAccount.Coordinator.Password);
        await page.WaitForURLAsync("**/coordination");
        await Assertions.Expect(page.GetByTestId("nav-coordination")).ToHaveTextAsync("Coordination");

        await page.GetByTestId("culture-az").ClickAsync();
        await Assertions.Expect(page.GetByTestId("nav-coordination")).ToHaveTextAsync("Koordinasiya");
        await Assertions.Expect(page.GetByTestId("nav-account")).ToHaveTextAsync("Hesabım");
        await Assertions.Expect(page.GetByTestId("country")).ToHaveTextAsync("Azərbaycan");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "az");
        await page.WaitForCircuitAsync();
        await page.ScreenshotAsync("home-Coordinator-az");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("culture-ru").ClickAsync();
        await Assertions.Expect(page.GetByTestId("nav-coordination")).ToHaveTextAsync("Координация");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("nav-coordination")).ToHaveTextAsync("Координация");
        await Assertions.Expect(page.GetByTestId("sign-out")).ToHaveTextAsync("Выйти");
        await page.WaitForCircuitAsync();
        await page.ScreenshotAsync("home-Coordinator-ru");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("culture-en").ClickAsync();
        await Assertions.Expect(page.GetByTestId("nav-coordination")).ToHaveTextAsync("Coordination");
    }

    [Fact]
    public async Task AccountPage_turns_on_authenticator_2fa_and_next_sign_in_asks_for_the_code()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(AppServerFixture.ExtraAdminEmail, AppServerFixture.ExtraAdminPassword);
        await page.WaitForURLAsync("**/admin");

        await page.GetByTestId("nav-account").ClickAsync();
        await page.WaitForURLAsync("**/Account/Manage");
        await Assertions.Expect(page.GetByTestId("twofactor-state")).ToContainTextAsync("off");
        await page.ScreenshotAsync("account");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("twofactor-enable").ClickAsync();
        await page.WaitForURLAsync("**/Account/Manage/EnableAuthenticator");
        var key = await page.GetByTestId("shared-key").InnerTextAsync();
        await page.ScreenshotAsync("enable-authenticator");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("authenticator-code").FillAsync("000000");
        await page.GetByTestId("authenticator-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("authenticator-error")).ToBeVisibleAsync();

        await page.GetByTestId("authenticator-code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByTestId("authenticator-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        await page.ScreenshotAsync("recovery-codes");

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync("**/Account/Login");
        await page.SignInAsync(AppServerFixture.ExtraAdminEmail, AppServerFixture.ExtraAdminPassword);
        await page.WaitForURLAsync("**/Account/LoginWith2fa*");
        await page.ScreenshotAsync("login-2fa");
        await page.AssertAccessibleAsync();
        await page.GetByTestId("twofactor-code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByTestId("twofactor-submit").ClickAsync();

        await page.WaitForURLAsync("**/admin");
        await Assertions.Expect(page.GetByTestId("workspace-role")).ToContainTextAsync("Administrator");
    }
}
