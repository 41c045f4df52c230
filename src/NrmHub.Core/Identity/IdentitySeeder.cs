using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NrmHub.Core.Data;

namespace NrmHub.Core.Identity;

/// <summary>A demo account from appsettings.Development.json. Never read outside Development.</summary>
public sealed class DemoUser
{
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Password { get; set; } = "";

    /// <summary>For the roles that must use two-factor authentication: the authenticator key the demo account starts with.</summary>
    public string? AuthenticatorKey { get; set; }
}

public sealed class IdentitySeeder(
    UserManager<NrmUser> users,
    RoleManager<IdentityRole> roles,
    IDbContextFactory<NrmDbContext> dbFactory,
    ILogger<IdentitySeeder> log)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }
    }

    /// <summary>Creates the account if it does not exist; an existing account is left exactly as it is.</summary>
    public async Task<NrmUser> EnsureUserAsync(string email, string displayName, string role, string actorCode, string password)
    {
        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"Unknown role '{role}'. Known roles: {string.Join(", ", Roles.All)}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var actor = await db.Actors.SingleOrDefaultAsync(a => a.Code == actorCode)
            ?? throw new ArgumentException($"No actor with code '{actorCode}' in the loaded country profile.");
        if (!actor.IsActive)
        {
            throw new ArgumentException($"The actor '{actorCode}' is inactive: a user can only belong to an active actor.");
        }

        var user = await users.FindByEmailAsync(email);
        if (user is not null)
        {
            return user;
        }

        user = new NrmUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            ActorId = actor.Id,
            LockoutEnabled = true,
        };
        Check(await users.CreateAsync(user, password), "user");
        Check(await users.AddToRoleAsync(user, role), "user role");
        // Ids only: an e-mail address is personal data and stays out of logs.
        log.LogInformation("Created user {UserId} with role {Role} at actor {ActorCode}", user.Id, role, actorCode);
        return user;
    }

    public async Task EnsureDemoUsersAsync(IEnumerable<DemoUser> demoUsers)
    {
        foreach (var demo in demoUsers)
        {
            try
            {
                var user = await EnsureUserAsync(demo.Email, demo.DisplayName, demo.Role, demo.Actor, demo.Password);
                if (demo.AuthenticatorKey is { Length: > 0 } key && !user.TwoFactorEnabled)
                {
                    Check(await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", key), "authenticator key");
                    Check(await users.SetTwoFactorEnabledAsync(user, true), "two-factor authentication");
                }
            }
            catch (ArgumentException)
            {
                // Demo accounts name actors of the Azerbaijan profile; another profile simply has none of them.
                log.LogWarning("Demo user for actor {ActorCode} skipped: not an actor of the loaded country profile", demo.Actor);
            }
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
