using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Identity;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Foundation;

[Collection(AppCollection.Name)]
public sealed class AuthTests(NrmAppFactory app)
{
    public static TheoryData<string> RoleNames => new(Roles.All);

    [Theory]
    [InlineData("/")]
    [InlineData("/referrals")]
    [InlineData("/inbox")]
    [InlineData("/coordination")]
    [InlineData("/admin")]
    [InlineData("/Account/Manage")]
    public async Task WorkspacePage_anonymous_redirects_to_sign_in(string path)
    {
        var response = await app.CreateBrowserLikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(RoleNames))]
    public async Task SignIn_each_role_lands_on_its_own_home_showing_organisation_and_role(string role)
    {
        var account = DemoAccount.ByRole(role);
        var client = await NrmAppFactory.SignedInClientAsync(app, account);

        var start = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal(account.Home, new Uri(new Uri("http://localhost"), start.Headers.Location!).AbsolutePath);

        var home = await client.GetAsync(account.Home);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var html = WebUtility.HtmlDecode(await home.Content.ReadAsStringAsync());
        Assert.Contains(account.OrganisationName, html);
        Assert.Contains("data-testid=\"workspace-role\"", html);
    }

    [Theory]
    [MemberData(nameof(RoleNames))]
    public async Task OtherRolesHome_is_refused(string role)
    {
        var account = DemoAccount.ByRole(role);
        var client = await NrmAppFactory.SignedInClientAsync(app, account);

        foreach (var other in DemoAccount.All.Where(a => a.Home != account.Home))
        {
            var response = await client.GetAsync(other.Home);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task SignIn_wrong_password_shows_message_and_sets_no_cookie()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await NrmAppFactory.PostLoginAsync(client, "nobody@demo.nrmhub.local", "Wrong-Password-1!");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"login-error\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/referrals")).StatusCode);
    }

    [Fact]
    public async Task SignIn_empty_form_gives_clear_message()
    {
        var response = await NrmAppFactory.PostLoginAsync(app.CreateBrowserLikeClient(), "", "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter your e-mail and password.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignIn_post_without_antiforgery_token_is_refused_not_500()
    {
        var response = await app.CreateBrowserLikeClient().PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = DemoAccount.Officer.Email,
            ["Input.Password"] = DemoAccount.Officer.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignOut_ends_the_session()
    {
        var client = await NrmAppFactory.SignedInClientAsync(app, DemoAccount.Coordinator);
        var page = await client.GetStringAsync("/coordination");
        var token = NrmAppFactory.AntiforgeryTokenIn(page);

        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["returnUrl"] = "/",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/coordination")).StatusCode);
    }
}

/// <summary>Lockout changes a user's state, so it runs on an app of its own.</summary>
public sealed class LockoutTests : IDisposable
{
    private readonly NrmAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Lockout_after_configured_failures_refuses_even_the_right_password()
    {
        var account = DemoAccount.Shelter;
        var client = app.CreateBrowserLikeClient();

        for (var i = 0; i < 3; i++)
        {
            var failed = await NrmAppFactory.PostLoginAsync(client, account.Email, "Not-The-Password-1!");
            Assert.Contains("data-testid=\"login-error\"", await failed.Content.ReadAsStringAsync());
        }

        var response = await NrmAppFactory.PostLoginAsync(client, account.Email, account.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked", await response.Content.ReadAsStringAsync());
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NrmUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(account.Email))!));
    }
}
