using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Identity;
using NrmHub.Tests.Infrastructure;
using NrmHub.Web.Components.Account;

namespace NrmHub.Tests.Foundation;

[Collection(AppCollection.Name)]
public sealed class ReturnUrlTests(NrmAppFactory app)
{
    public static TheoryData<string> Hostile => ["/%09/evil.example", "%0a", "/%0a/x", "%E3%80%82", "/%E3%80%82evil", "//evil.example", "/\\evil.example", "https://evil.example/", "/%5Cevil", "javascript:alert(1)"];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_language_switch_with_a_hostile_return_url_goes_home(string returnUrl)
    {
        var response = await app.CreateBrowserLikeClient().GetAsync($"/culture/az?returnUrl={returnUrl}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_sign_in_with_a_hostile_return_url_signs_in_and_goes_home(string returnUrl)
    {
        var client = app.CreateBrowserLikeClient();
        var form = await client.GetStringAsync("/Account/Login");
        var token = NrmAppFactory.AntiforgeryTokenIn(form);

        var response = await client.PostAsync($"/Account/Login?returnUrl={returnUrl}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = DemoAccount.Officer.Email,
            ["Input.Password"] = DemoAccount.Officer.Password,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/cases/AZ-2026-ABC123", "/cases/AZ-2026-ABC123")]
    [InlineData("/referrals?state=Sent&page=2", "/referrals?state=Sent&page=2")]
    [InlineData("/actors#map", "/actors#map")]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/a\nb", "/")]
    [InlineData("/。evil", "/")]
    public void Plain_local_paths_are_kept_and_nothing_else(string? url, string expected) =>
        Assert.Equal(expected, LocalUrl.OrHome(url));
}

/// <summary>The sign-in limit and the cost of a failed sign-in; the limit is low here, so the app is this class's own.</summary>
public sealed class SignInLimitTests : IDisposable
{
    private readonly NrmAppFactory app = new(new Dictionary<string, string?> { ["Identity:SignInPostsPerMinute"] = "5" });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_sixth_sign_in_post_within_a_minute_is_refused_with_a_clear_answer_and_locks_nobody()
    {
        var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await NrmAppFactory.PostLoginAsync(client, $"nobody{i}@demo.nrmhub.local", "Wrong-Password-1!")).StatusCode);
        }

        var refused = await NrmAppFactory.PostLoginAsync(client, DemoAccount.Shelter.Email, "Wrong-Password-1!");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync());
        // The form itself still opens, and the refused attempt counted against no account.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NrmUser>>();
        Assert.Equal(0, await users.GetAccessFailedCountAsync((await users.FindByEmailAsync(DemoAccount.Shelter.Email))!));
    }
}

/// <summary>An unknown e-mail must cost what a wrong password costs: one password hash each, counted, not timed.</summary>
public sealed class SignInCostTests : IDisposable
{
    private readonly CountingHasher hasher = new();
    private readonly NrmAppFactory baseApp = new();
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app;

    public SignInCostTests() =>
        app = baseApp.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<NrmUser>>(hasher)));

    public void Dispose()
    {
        app.Dispose();
        baseApp.Dispose();
    }

    [Fact]
    public async Task An_unknown_e_mail_costs_one_password_hash_like_a_wrong_password()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        await NrmAppFactory.PostLoginAsync(client, "warm-up@demo.nrmhub.local", "Wrong-Password-1!");
        hasher.Verifications = 0;
        await NrmAppFactory.PostLoginAsync(client, DemoAccount.Officer.Email, "Wrong-Password-1!");
        var wrongPassword = hasher.Verifications;
        hasher.Verifications = 0;
        await NrmAppFactory.PostLoginAsync(client, "nobody-at-all@demo.nrmhub.local", "Wrong-Password-1!");
        var unknownEmail = hasher.Verifications;

        Assert.Equal(1, wrongPassword);
        Assert.Equal(wrongPassword, unknownEmail);
    }

    public sealed class CountingHasher : IPasswordHasher<NrmUser>
    {
        private readonly PasswordHasher<NrmUser> inner = new();

        public int Verifications;

        public string HashPassword(NrmUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(NrmUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref Verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>Administrators and coordinators must use 2FA; the test turns it off for the demo coordinator, so the app is its own.</summary>
public sealed class TwoFactorPolicyTests : IDisposable
{
    private readonly NrmAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_coordinator_without_2fa_is_sent_to_set_it_up_and_reaches_nothing_else()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NrmUser>>();
            await users.SetTwoFactorEnabledAsync((await users.FindByEmailAsync(DemoAccount.Coordinator.Email))!, false);
        }

        var client = app.CreateBrowserLikeClient();
        var signIn = await NrmAppFactory.PostLoginAsync(client, DemoAccount.Coordinator.Email, DemoAccount.Coordinator.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var home = await client.GetAsync("/coordination");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/Account/Manage/EnableAuthenticator?required=true", home.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/exports/hsds.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/hubs/notifications/negotiate?negotiateVersion=1", null)).StatusCode);
        var enrol = await client.GetStringAsync("/Account/Manage/EnableAuthenticator?required=true");
        Assert.Contains("data-testid=\"authenticator-required\"", enrol);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        // A role without the rule is not touched.
        var officer = await NrmAppFactory.SignedInClientAsync(app, DemoAccount.Officer);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/referrals")).StatusCode);
    }

    [Fact]
    public async Task The_demo_coordinator_signs_in_with_password_and_code_and_may_not_turn_2fa_off()
    {
        var client = await NrmAppFactory.SignedInClientAsync(app, DemoAccount.Coordinator);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/coordination")).StatusCode);
        var account = await client.GetStringAsync("/Account/Manage");
        Assert.Contains("data-testid=\"twofactor-required\"", account);
        Assert.DoesNotContain("twofactor-disable", account);
    }
}
