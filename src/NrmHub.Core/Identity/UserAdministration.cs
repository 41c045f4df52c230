using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NrmHub.Core.Actors;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;

namespace NrmHub.Core.Identity;

/// <summary>A user as the administrators' list shows it.</summary>
public sealed record UserRow(
    string Id,
    string Email,
    string DisplayName,
    int ActorId,
    string ActorCode,
    bool ActorActive,
    string? Role,
    bool Active,
    bool TwoFactor,
    bool LockedOut,
    DateTime? LastSignInUtc);

public sealed class NewUserForm
{
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public int? ActorId { get; set; }
    public string? Role { get; set; }
}

/// <summary>A change to a user: refused with reasons, or done; a new account or a new link also carries its one-time token.</summary>
public sealed record UserChange(AdminResult Result, string? UserId = null, string? SetPasswordToken = null)
{
    public bool Succeeded => Result.Succeeded;

    public static UserChange Refused(string field, string code, string message) => new(AdminResult.Failed(new AdminError(field, code, message)));
}

/// <summary>
/// Gives the NRM's organisations their accounts. The administrator never chooses a password: a new user (or one whose
/// link has run out) gets a one-time set-password token, which Identity ties to the account's security stamp, so it
/// works once. Every change is audited with the account before and after, and every change that takes access away
/// (disable, role, organisation, two-factor reset) ends the user's sessions on the server at once.
/// </summary>
public sealed class UserAdministration(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<UserAdministration> log)
{
    public const string UserEntity = "User";
    public const int EmailMaxLength = 256;
    public const int DisplayNameMaxLength = 200;

    public static class Codes
    {
        public const string EmailInvalid = "User.EmailInvalid";
        public const string EmailTaken = "User.EmailTaken";
        public const string NameRequired = "User.NameRequired";
        public const string ActorRequired = "User.ActorRequired";
        public const string ActorInactive = "User.ActorInactive";
        public const string RoleUnknown = "User.RoleUnknown";
        public const string LastAdmin = "User.LastAdmin";
        public const string Self = "User.Self";
        public const string Disabled = "User.Disabled";
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(int? actorId = null, string? role = null, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NrmDbContext>();
        var now = clock.GetUtcNow();
        var users = db.Users.AsNoTracking();
        if (actorId is { } a)
        {
            users = users.Where(u => u.ActorId == a);
        }

        if (role is not null)
        {
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        }

        var rows = await users
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                u.ActorId,
                ActorCode = u.Actor!.Code,
                ActorActive = u.Actor.IsActive,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
                u.DisabledAtUtc,
                u.TwoFactorEnabled,
                u.LockoutEnd,
                u.LastSignInUtc,
            })
            .ToListAsync(ct);
        return rows
            .Select(u => new UserRow(u.Id, u.Email ?? "", u.DisplayName, u.ActorId, u.ActorCode, u.ActorActive, u.Role, u.DisabledAtUtc is null,
                u.TwoFactorEnabled, u.LockoutEnd is { } end && end > now, u.LastSignInUtc))
            .OrderBy(u => u.ActorCode, StringComparer.Ordinal).ThenBy(u => u.DisplayName, StringComparer.CurrentCulture)
            .ToList();
    }

    public async Task<UserChange> CreateAsync(NewUserForm form, AuditUser by, CancellationToken ct = default)
    {
        var email = form.Email?.Trim() ?? "";
        var name = form.DisplayName?.Trim() ?? "";
        var errors = new List<AdminError>();
        if (email.Length > EmailMaxLength)
        {
            errors.Add(new(nameof(form.Email), AdminErrorCodes.TooLong, $"At most {EmailMaxLength} characters.", email.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        else if (!IsEmail(email))
        {
            errors.Add(new(nameof(form.Email), Codes.EmailInvalid, "Enter a work e-mail address, such as name@organisation.az."));
        }

        if (TextRules.IsBlank(name))
        {
            errors.Add(new(nameof(form.DisplayName), Codes.NameRequired, "Enter the person's name."));
        }
        else if (name.Length > DisplayNameMaxLength)
        {
            errors.Add(new(nameof(form.DisplayName), AdminErrorCodes.TooLong, $"At most {DisplayNameMaxLength} characters.", name.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (form.Role is null || !Roles.All.Contains(form.Role))
        {
            errors.Add(new(nameof(form.Role), Codes.RoleUnknown, "Choose a role."));
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NrmDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NrmUser>>();
        errors.AddRange(await ActorErrorsAsync(db, form.ActorId, ct));
        if (errors.Count == 0 && await users.FindByEmailAsync(email) is not null)
        {
            errors.Add(new(nameof(form.Email), Codes.EmailTaken, "An account with this e-mail address already exists."));
        }

        if (errors.Count > 0)
        {
            return new UserChange(AdminResult.Failed(errors));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new NrmUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            ActorId = form.ActorId!.Value,
            LockoutEnabled = true,
        };
        Check(await users.CreateAsync(user));
        Check(await users.AddToRoleAsync(user, form.Role!));
        Record(db, by, "user.create", user.Id, before: null, after: await SnapshotAsync(db, user.Id, ct));
        await db.SaveChangesAsync(ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        await tx.CommitAsync(ct);
        log.LogInformation("User {UserId} created with role {Role} at actor {ActorId}", user.Id, form.Role, user.ActorId);
        return new UserChange(AdminResult.Ok(null), user.Id, token);
    }

    /// <summary>A fresh one-time link for a user whose link ran out or who forgot the password; earlier links stop working.</summary>
    public Task<UserChange> NewSetPasswordLinkAsync(string userId, AuditUser by, CancellationToken ct = default) =>
        ChangeAsync(userId, by, "user.password-link", async (user, users, _) =>
        {
            if (user.DisabledAtUtc is not null)
            {
                return UserChange.Refused("User", Codes.Disabled, "Re-enable the account first.");
            }

            // A new stamp: the old link and every session die with it.
            Check(await users.UpdateSecurityStampAsync(user));
            return null;
        }, issueToken: true, ct);

    public Task<UserChange> SetActiveAsync(string userId, bool active, AuditUser by, CancellationToken ct = default) =>
        ChangeAsync(userId, by, active ? "user.enable" : "user.disable", async (user, users, db) =>
        {
            if ((user.DisabledAtUtc is null) == active)
            {
                return new UserChange(AdminResult.Ok(null), user.Id);
            }

            if (!active)
            {
                if (user.Id == by.UserId)
                {
                    return UserChange.Refused("User", Codes.Self, "You cannot disable your own account.");
                }

                if (await IsLastActiveAdminAsync(db, user, ct))
                {
                    return UserChange.Refused("User", Codes.LastAdmin, "This is the last active administrator: make another one first.");
                }

                user.DisabledAtUtc = clock.GetUtcNow().UtcDateTime;
                Check(await users.UpdateSecurityStampAsync(user));
            }
            else
            {
                if (await db.Actors.Where(a => a.Id == user.ActorId).Select(a => a.IsActive).SingleAsync(ct) is false)
                {
                    return UserChange.Refused("User", Codes.ActorInactive, "The user's organisation is inactive: move the user to an active one first.");
                }

                user.DisabledAtUtc = null;
                Check(await users.UpdateAsync(user));
            }

            return null;
        }, issueToken: false, ct);

    public Task<UserChange> UnlockAsync(string userId, AuditUser by, CancellationToken ct = default) =>
        ChangeAsync(userId, by, "user.unlock", async (user, users, _) =>
        {
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            return null;
        }, issueToken: false, ct);

    public Task<UserChange> ResetTwoFactorAsync(string userId, AuditUser by, CancellationToken ct = default) =>
        ChangeAsync(userId, by, "user.reset-2fa", async (user, users, _) =>
        {
            Check(await users.SetTwoFactorEnabledAsync(user, false));
            Check(await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes"));
            // A new key also renews the security stamp, which ends the sessions.
            Check(await users.ResetAuthenticatorKeyAsync(user));
            return null;
        }, issueToken: false, ct);

    public Task<UserChange> ChangeRoleAsync(string userId, string? role, AuditUser by, CancellationToken ct = default) =>
        ChangeAsync(userId, by, "user.role", async (user, users, db) =>
        {
            if (role is null || !Roles.All.Contains(role))
            {
                return UserChange.Refused("Role", Codes.RoleUnknown, "Choose a role.");
            }

            var current = await users.GetRolesAsync(user);
            if (current.Count == 1 && current[0] == role)
            {
                return new UserChange(AdminResult.Ok(null), user.Id);
            }

            if (user.Id == by.UserId)
            {
                return UserChange.Refused("Role", Codes.Self, "You cannot change your own role.");
            }

            if (role != Roles.Admin && await IsLastActiveAdminAsync(db, user, ct))
            {
                return UserChange.Refused("Role", Codes.LastAdmin, "This is the last active administrator: make another one first.");
            }

            Check(await users.RemoveFromRolesAsync(user, current));
            Check(await users.AddToRoleAsync(user, role));
            Check(await users.UpdateSecurityStampAsync(user));
            return null;
        }, issueToken: false, ct);

    public Task<UserChange> ChangeActorAsync(string userId, int? actorId, AuditUser by, CancellationToken ct = default) =>
        ChangeAsync(userId, by, "user.actor", async (user, users, db) =>
        {
            if (user.ActorId == actorId)
            {
                return new UserChange(AdminResult.Ok(null), user.Id);
            }

            if (await ActorErrorsAsync(db, actorId, ct) is { Count: > 0 } errors)
            {
                return new UserChange(AdminResult.Failed(errors));
            }

            user.ActorId = actorId!.Value;
            Check(await users.UpdateSecurityStampAsync(user));
            return null;
        }, issueToken: false, ct);

    /// <summary>The number of accounts, active or not, that belong to an actor: said before an actor is deactivated.</summary>
    public static Task<int> CountForActorAsync(NrmDbContext db, int actorId, CancellationToken ct = default) =>
        db.Users.CountAsync(u => u.ActorId == actorId && u.DisabledAtUtc == null, ct);

    /// <summary>Ends every session of the user: their cookies, wherever they were copied, stop working now.</summary>
    public static Task<int> EndSessionsAsync(NrmDbContext db, string userId, CancellationToken ct = default) =>
        db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);

    private delegate Task<UserChange?> Change(NrmUser user, UserManager<NrmUser> users, NrmDbContext db);

    /// <summary>
    /// One change in one transaction: the account before, the change (null when it went through), the account after,
    /// the audit row, the end of the user's sessions when access changed, and optionally a new one-time token.
    /// </summary>
    private async Task<UserChange> ChangeAsync(string userId, AuditUser by, string action, Change change, bool issueToken, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NrmDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NrmUser>>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return UserChange.Refused("User", AdminErrorCodes.NotFound, "This account no longer exists.");
        }

        var before = await SnapshotAsync(db, user.Id, ct);
        var stamp = user.SecurityStamp;
        if (await change(user, users, db) is { } refusedOrUnchanged)
        {
            return refusedOrUnchanged;
        }

        if (user.SecurityStamp != stamp)
        {
            await EndSessionsAsync(db, user.Id, ct);
        }

        Record(db, by, action, user.Id, before, await SnapshotAsync(db, user.Id, ct));
        await db.SaveChangesAsync(ct);
        var token = issueToken ? await users.GeneratePasswordResetTokenAsync(user) : null;
        await tx.CommitAsync(ct);
        log.LogInformation("User {UserId}: {Action}", user.Id, action);
        return new UserChange(AdminResult.Ok(null), user.Id, token);
    }

    private static async Task<List<AdminError>> ActorErrorsAsync(NrmDbContext db, int? actorId, CancellationToken ct)
    {
        if (actorId is not { } id)
        {
            return [new("ActorId", Codes.ActorRequired, "Choose the user's organisation.")];
        }

        return await db.Actors.Where(a => a.Id == id).Select(a => (bool?)a.IsActive).SingleOrDefaultAsync(ct) switch
        {
            null => [new("ActorId", AdminErrorCodes.NotFound, "This organisation no longer exists.")],
            false => [new("ActorId", Codes.ActorInactive, "This organisation is inactive: a user can only belong to an active one.")],
            _ => [],
        };
    }

    private static async Task<bool> IsLastActiveAdminAsync(NrmDbContext db, NrmUser user, CancellationToken ct)
    {
        var adminRoleId = await db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id).SingleAsync(ct);
        var admins = db.Users.Where(u => u.DisabledAtUtc == null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRoleId));
        return await admins.AnyAsync(u => u.Id == user.Id, ct) && !await admins.AnyAsync(u => u.Id != user.Id, ct);
    }

    private static async Task<object> SnapshotAsync(NrmDbContext db, string userId, CancellationToken ct)
    {
        // UserManager saves each step inside the open transaction, so reading back gives the account as it now is.
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).OrderBy(n => n).ToListAsync(ct);
        var actorCode = await db.Actors.Where(a => a.Id == user.ActorId).Select(a => a.Code).SingleAsync(ct);
        return new
        {
            user.Email,
            user.DisplayName,
            Actor = actorCode,
            Roles = roles,
            Active = user.DisabledAtUtc is null,
            TwoFactor = user.TwoFactorEnabled,
            LockedOutUntil = user.LockoutEnd,
            PasswordSet = user.PasswordHash is not null,
        };
    }

    private void Record(NrmDbContext db, AuditUser by, string action, string userId, object? before, object after) =>
        AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, by, action, UserEntity, userId, before: before, after: after);

    private static bool IsEmail(string value) =>
        value.Length > 3 && !value.Any(char.IsWhiteSpace) && MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
