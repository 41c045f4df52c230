using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;
using NrmHub.Testing;

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
    public async Task An_administrator_without_2fa_must_set_it_up_before_anything_else_and_next_sign_in_asks_for_the_code()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(AppServerFixture.ExtraAdminEmail, AppServerFixture.ExtraAdminPassword);
        await page.WaitForURLAsync("**/Account/Manage/EnableAuthenticator?required=true");
        await Assertions.Expect(page.GetByTestId("authenticator-required")).ToBeVisibleAsync();

        // Nothing else opens until 2FA is on: a page sends them back, the API and the hub refuse.
        await page.GotoAsync("/admin/users");
        await page.WaitForURLAsync("**/Account/Manage/EnableAuthenticator?required=true");
        Assert.Equal(403, (await page.APIRequest.GetAsync("/api/referrals")).Status);

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

        // On now, and their role does not let them turn it off.
        await page.GotoAsync("/Account/Manage");
        await Assertions.Expect(page.GetByTestId("twofactor-state")).ToContainTextAsync("on");
        await Assertions.Expect(page.GetByTestId("twofactor-required")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("twofactor-disable")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("account");
        await page.AssertAccessibleAsync();
        await page.GotoAsync("/admin");
        await page.WaitForCircuitAsync();

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync("**/Account/Login");
        await page.SignInAsync(AppServerFixture.ExtraAdminEmail, AppServerFixture.ExtraAdminPassword);
        await page.WaitForURLAsync("**/Account/LoginWith2fa*");
        // Not a demo account: no code is shown on the page.
        await Assertions.Expect(page.GetByTestId("demo-code")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("login-2fa");
        await page.AssertAccessibleAsync();
        await page.GetByTestId("twofactor-code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByTestId("twofactor-submit").ClickAsync();

        await page.WaitForURLAsync("**/admin");
        await Assertions.Expect(page.GetByTestId("workspace-role")).ToContainTextAsync("Administrator");
    }
}
