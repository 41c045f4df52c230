using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;
using NrmHub.Tests.Infrastructure;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Hubs;

namespace NrmHub.Tests.Admin;

/// <summary>Accounts for the organisations: each test changes users, so each runs on an app of its own.</summary>
public sealed class UserAdministrationTests : IDisposable
{
    private const string NewPassword = "Tamas-Staff-2026!";
    private readonly NrmAppFactory app = new();

    private UserAdministration Administration => app.Services.GetRequiredService<UserAdministration>();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_new_user_chooses_a_password_with_a_link_that_works_once()
    {
        var (id, token) = await CreateAsync("staff@tamas.example", Roles.ServiceProvider);
        var link = SetPasswordLink.For("http://localhost/", id, token);
        var path = new Uri(link).PathAndQuery;
        Assert.DoesNotContain("tamas", path, StringComparison.OrdinalIgnoreCase);

        // No password yet: nobody can sign in to the account before its owner chose one.
        Assert.Equal(HttpStatusCode.OK, (await NrmAppFactory.PostLoginAsync(app.CreateBrowserLikeClient(), "staff@tamas.example", NewPassword)).StatusCode);

        var browser = app.CreateBrowserLikeClient();
        var set = await SetPasswordAsync(browser, path, NewPassword);
        Assert.Contains("data-testid=\"set-password-done\"", set);

        Assert.Equal(HttpStatusCode.Redirect, (await NrmAppFactory.PostLoginAsync(app.CreateBrowserLikeClient(), "staff@tamas.example", NewPassword)).StatusCode);
        var again = await browser.GetStringAsync(path);
        Assert.Contains("data-testid=\"set-password-invalid\"", again);
        Assert.DoesNotContain("set-password-submit", again);
        await using var db = await DbAsync();
        Assert.Equal(["user.create", "user.password-set"], await db.AuditEntries.Where(a => a.EntityKey == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task A_link_is_refused_when_tampered_with_and_the_password_rules_speak_the_users_language()
    {
        var (id, token) = await CreateAsync("rules@tamas.example", Roles.ServiceProvider);
        var path = new Uri(SetPasswordLink.For("http://localhost/", id, token)).PathAndQuery;
        var browser = app.CreateBrowserLikeClient();

        Assert.Contains("set-password-invalid", await browser.GetStringAsync(path[..^4] + "AAAA"));
        Assert.Contains("set-password-invalid", await browser.GetStringAsync($"/Account/SetPassword?user={id}&code=%%%"));
        Assert.Contains("set-password-invalid", await browser.GetStringAsync("/Account/SetPassword"));

        browser.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Daz%7Cuic%3Daz");
        var weak = WebUtility.HtmlDecode(await SetPasswordAsync(browser, path, "short"));
        Assert.Contains("Ən azı 12 simvol.", weak);
        Assert.Contains("set-password-submit", weak);
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_nothing_is_written()
    {
        await using var before = await DbAsync();
        var users = await before.Users.CountAsync();
        var audit = await before.AuditEntries.CountAsync();
        var inactive = await before.Actors.FirstAsync();
        inactive.IsActive = false;
        await before.SaveChangesAsync();

        var bad = await Administration.CreateAsync(new NewUserForm { Email = "not-an-address", DisplayName = "\u200B \u200D", ActorId = inactive.Id, Role = "Boss" }, AdminUser());
        Assert.Equal(["ActorId", "DisplayName", "Email", "Role"], bad.Result.Errors.Select(e => e.Field).Order());
        Assert.Contains(bad.Result.Errors, e => e.Code == UserAdministration.Codes.ActorInactive);

        var tooLong = await Administration.CreateAsync(new NewUserForm { Email = new string('a', 250) + "@x.example", DisplayName = new string('n', 201), ActorId = await ActorIdAsync("tamas"), Role = Roles.Coordinator }, AdminUser());
        Assert.Equal([Core.Actors.AdminErrorCodes.TooLong, Core.Actors.AdminErrorCodes.TooLong], tooLong.Result.Errors.Select(e => e.Code));

        var taken = await Administration.CreateAsync(new NewUserForm { Email = DemoAccount.Shelter.Email, DisplayName = "Someone", ActorId = await ActorIdAsync("tamas"), Role = Roles.Coordinator }, AdminUser());
        Assert.Equal(UserAdministration.Codes.EmailTaken, Assert.Single(taken.Result.Errors).Code);

        await using var after = await DbAsync();
        Assert.Equal(users, await after.Users.CountAsync());
        Assert.Equal(audit, await after.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Disabling_ends_every_session_at_once_and_refuses_the_next_sign_in()
    {
        var shelter = await NrmAppFactory.SignedInClientAsync(app, DemoAccount.Shelter);
        Assert.Equal(HttpStatusCode.OK, (await shelter.GetAsync("/inbox")).StatusCode);
        var id = await UserIdAsync(DemoAccount.Shelter.Email);

        var change = await Administration.SetActiveAsync(id, false, AdminUser());

        Assert.True(change.Succeeded);
        Assert.Equal(HttpStatusCode.Redirect, (await shelter.GetAsync("/inbox")).StatusCode);
        var again = await NrmAppFactory.PostLoginAsync(app.CreateBrowserLikeClient(), DemoAccount.Shelter.Email, DemoAccount.Shelter.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("data-testid=\"login-error\"", await again.Content.ReadAsStringAsync());
        Assert.Single(await AuditAsync(id, "user.disable"), a => a.Before!.Contains("\"Active\":true") && a.After!.Contains("\"Active\":false"));

        Assert.True((await Administration.SetActiveAsync(id, true, AdminUser())).Succeeded);
        Assert.Equal(HttpStatusCode.Redirect, (await NrmAppFactory.PostLoginAsync(app.CreateBrowserLikeClient(), DemoAccount.Shelter.Email, DemoAccount.Shelter.Password)).StatusCode);
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_is_worthless_after_it()
    {
        var cookies = new CookieContainerHandler();
        using var officer = app.CreateDefaultClient(cookies);
        Assert.Equal(HttpStatusCode.Redirect, (await NrmAppFactory.PostLoginAsync(officer, DemoAccount.Officer.Email, DemoAccount.Officer.Password)).StatusCode);
        var copy = WithCookie(cookies.Container.GetCookieHeader(officer.BaseAddress!));
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/referrals")).StatusCode);

        var token = NrmAppFactory.AntiforgeryTokenIn(await officer.GetStringAsync("/referrals"));
        var signOut = await officer.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["returnUrl"] = "/" }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await copy.GetAsync("/referrals")).StatusCode);
        await using var db = await DbAsync();
        Assert.False(await db.UserSessions.AnyAsync(s => s.UserId == db.Users.Single(u => u.Email == DemoAccount.Officer.Email).Id));
    }

    [Fact]
    public async Task A_role_or_organisation_change_ends_the_sessions_and_is_audited_before_and_after()
    {
        var id = await UserIdAsync(DemoAccount.Officer.Email);
        var cookie = await CookieOfAsync(DemoAccount.Officer);

        Assert.True((await Administration.ChangeRoleAsync(id, Roles.Coordinator, AdminUser())).Succeeded);
        Assert.Equal(HttpStatusCode.Redirect, (await WithCookie(cookie).GetAsync("/referrals")).StatusCode);
        var role = Assert.Single(await AuditAsync(id, "user.role"));
        Assert.Contains("ReferralOfficer", role.Before);
        Assert.Contains("Coordinator", role.After);

        var shelter = await UserIdAsync(DemoAccount.Shelter.Email);
        cookie = await CookieOfAsync(DemoAccount.Shelter);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(cookie).GetAsync("/inbox")).StatusCode);
        Assert.True((await Administration.ChangeActorAsync(shelter, await ActorIdAsync("tamas"), AdminUser())).Succeeded);
        Assert.Equal(HttpStatusCode.Redirect, (await WithCookie(cookie).GetAsync("/inbox")).StatusCode);
        var moved = Assert.Single(await AuditAsync(shelter, "user.actor"));
        Assert.Contains("\"Actor\":\"clean-world\"", moved.Before);
        Assert.Contains("\"Actor\":\"tamas\"", moved.After);

        // The same value again changes and records nothing.
        Assert.True((await Administration.ChangeActorAsync(shelter, await ActorIdAsync("tamas"), AdminUser())).Succeeded);
        Assert.Single(await AuditAsync(shelter, "user.actor"));
    }

    [Fact]
    public async Task The_last_active_administrator_can_be_neither_disabled_nor_demoted_and_nobody_can_act_on_themselves()
    {
        var admin = await UserIdAsync(DemoAccount.Admin.Email);
        var coordinator = new AuditUser(await UserIdAsync(DemoAccount.Coordinator.Email), null);

        Assert.Equal(UserAdministration.Codes.LastAdmin, Assert.Single((await Administration.SetActiveAsync(admin, false, coordinator)).Result.Errors).Code);
        Assert.Equal(UserAdministration.Codes.LastAdmin, Assert.Single((await Administration.ChangeRoleAsync(admin, Roles.Coordinator, coordinator)).Result.Errors).Code);
        Assert.Equal(UserAdministration.Codes.Self, Assert.Single((await Administration.SetActiveAsync(admin, false, new AuditUser(admin, null))).Result.Errors).Code);

        // With a second administrator, the first may go.
        var (second, _) = await CreateAsync("second-admin@nrm.example", Roles.Admin);
        Assert.True((await Administration.ChangeRoleAsync(admin, Roles.Coordinator, new AuditUser(second, null))).Succeeded);
        Assert.Equal(UserAdministration.Codes.LastAdmin, Assert.Single((await Administration.SetActiveAsync(second, false, coordinator)).Result.Errors).Code);
    }

    [Fact]
    public async Task Unlock_and_two_factor_reset_do_what_they_say_and_a_new_link_replaces_the_old()
    {
        var id = await UserIdAsync(DemoAccount.Coordinator.Email);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NrmUser>>();
            var user = (await users.FindByIdAsync(id))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1));
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        Assert.True(Assert.Single(await Administration.ListAsync(role: Roles.Coordinator), u => u.Id == id).LockedOut);
        Assert.True((await Administration.UnlockAsync(id, AdminUser())).Succeeded);
        Assert.True((await Administration.ResetTwoFactorAsync(id, AdminUser())).Succeeded);
        var row = Assert.Single(await Administration.ListAsync(role: Roles.Coordinator), u => u.Id == id);
        Assert.False(row.LockedOut);
        Assert.False(row.TwoFactor);
        Assert.Contains("\"TwoFactor\":false", Assert.Single(await AuditAsync(id, "user.reset-2fa")).After);

        var first = await Administration.NewSetPasswordLinkAsync(id, AdminUser());
        var second = await Administration.NewSetPasswordLinkAsync(id, AdminUser());
        var browser = app.CreateBrowserLikeClient();
        Assert.Contains("set-password-invalid", await browser.GetStringAsync(new Uri(SetPasswordLink.For("http://localhost/", id, first.SetPasswordToken!)).PathAndQuery));
        Assert.Contains("set-password-submit", await browser.GetStringAsync(new Uri(SetPasswordLink.For("http://localhost/", id, second.SetPasswordToken!)).PathAndQuery));
    }

    [Fact]
    public async Task A_disabled_users_hub_connection_is_closed()
    {
        await using var hub = await HubTestClient.ConnectAsync(app, await CookieOfAsync(DemoAccount.Shelter));
        var closed = new TaskCompletionSource();
        hub.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        var sessions = app.Services.GetRequiredService<HubSessions>();
        Assert.Equal(0, await sessions.CloseEndedAsync());

        await Administration.SetActiveAsync(await UserIdAsync(DemoAccount.Shelter.Email), false, AdminUser());

        Assert.Equal(1, await sessions.CloseEndedAsync());
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, hub.Connection.State);
    }

    [Fact]
    public async Task Deactivated_actor_counts_its_remaining_accounts()
    {
        await using var db = await DbAsync();
        var cleanWorld = await ActorIdAsync("clean-world");
        var count = await UserAdministration.CountForActorAsync(db, cleanWorld);
        Assert.True(count >= 1);

        await Administration.SetActiveAsync(await UserIdAsync(DemoAccount.Shelter.Email), false, AdminUser());

        Assert.Equal(count - 1, await UserAdministration.CountForActorAsync(db, cleanWorld));
    }

    private async Task<(string Id, string Token)> CreateAsync(string email, string role)
    {
        var change = await Administration.CreateAsync(new NewUserForm { Email = email, DisplayName = "Staff " + role, ActorId = await ActorIdAsync("tamas"), Role = role }, AdminUser());
        Assert.True(change.Succeeded, string.Join(" ", change.Result.Errors.Select(e => e.Message)));
        return (change.UserId!, change.SetPasswordToken!);
    }

    private async Task<string> SetPasswordAsync(HttpClient browser, string path, string password)
    {
        var form = await browser.GetStringAsync(path);
        var response = await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = NrmAppFactory.AntiforgeryTokenIn(form),
            ["_handler"] = "set-password",
            ["Input.Password"] = password,
            ["Input.Confirm"] = password,
        }));
        return await response.Content.ReadAsStringAsync();
    }

    private AuditUser AdminUser() => new(UserIdAsync(DemoAccount.Admin.Email).GetAwaiter().GetResult(), null);

    private Task<string> CookieOfAsync(DemoAccount account) => HubTestClient.SignInCookieAsync(app, account.Email, account.Password);

    private HttpClient WithCookie(string cookie)
    {
        var client = app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private async Task<NrmDbContext> DbAsync() =>
        await app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>().CreateDbContextAsync();

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = await DbAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private async Task<int> ActorIdAsync(string code)
    {
        await using var db = await DbAsync();
        return await db.Actors.Where(a => a.Code == code).Select(a => a.Id).SingleAsync();
    }

    private async Task<List<AuditEntry>> AuditAsync(string userId, string action)
    {
        await using var db = await DbAsync();
        return await db.AuditEntries.Where(a => a.EntityKey == userId && a.Action == action).ToListAsync();
    }
}
