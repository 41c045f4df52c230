using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;

namespace NrmHub.Web.Components.Account;

/// <summary>
/// Keeps the sign-in ticket in the database (<see cref="UserSession"/>) and only its random key in the cookie, so
/// that a session can be ended on the server: signing out, being disabled or losing a role deletes the row, and a copy
/// of the cookie is then worth nothing. The ticket also carries its own key as <see cref="SessionClaim"/>, so open
/// circuits and hub connections can tell whether their session still exists.
/// </summary>
public sealed class SessionStore(IDbContextFactory<NrmDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider clock, ILogger<SessionStore> log)
    : ITicketStore
{
    public const string SessionClaim = "nrm:session";

    private readonly IDataProtector protector = protection.CreateProtector("NrmHub.UserSession.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("A session needs a signed-in user.");
        await using var db = await dbFactory.CreateDbContextAsync();
        db.UserSessions.Add(new UserSession
        {
            Id = key,
            UserId = userId,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            ExpiresUtc = ticket.Properties.ExpiresUtc?.UtcDateTime,
            Ticket = Protect(ticket, key),
        });
        await db.SaveChangesAsync();
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var protectedTicket = Protect(ticket, key);
        var expires = ticket.Properties.ExpiresUtc?.UtcDateTime;
        // A session ended meanwhile stays ended: renewing updates a row, it never brings one back.
        await db.UserSessions.Where(s => s.Id == key)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Ticket, protectedTicket).SetProperty(x => x.ExpiresUtc, expires));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var session = await db.UserSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == key);
        if (session is null)
        {
            return null;
        }

        if (session.ExpiresUtc is { } expires && expires <= clock.GetUtcNow().UtcDateTime)
        {
            await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(protector.Unprotect(session.Ticket));
        }
        catch (CryptographicException)
        {
            // Keys rotated away or the row was tampered with: the session is simply gone.
            log.LogWarning("A stored session could not be read and was ended");
            await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
            return null;
        }
    }

    public async Task RemoveAsync(string key)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
    }

    /// <summary>Whether these sessions still exist; the others' circuits and connections are to be closed.</summary>
    public async Task<HashSet<string>> LiveAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var live = await db.UserSessions.Where(s => keys.Contains(s.Id) && (s.ExpiresUtc == null || s.ExpiresUtc > now)).Select(s => s.Id).ToListAsync(ct);
        return [.. live];
    }

    public static string? KeyOf(ClaimsPrincipal? user) => user?.FindFirstValue(SessionClaim);

    private byte[] Protect(AuthenticationTicket ticket, string key)
    {
        if (ticket.Principal.Identity is ClaimsIdentity identity)
        {
            foreach (var old in identity.FindAll(SessionClaim).ToList())
            {
                identity.RemoveClaim(old);
            }

            identity.AddClaim(new Claim(SessionClaim, key));
        }

        return protector.Protect(TicketSerializer.Default.Serialize(ticket));
    }
}

/// <summary>Points the application cookie at <see cref="SessionStore"/>.</summary>
public static class SessionStoreSetup
{
    public static IServiceCollection AddServerSideSessions(this IServiceCollection services)
    {
        services.AddSingleton<SessionStore>();
        services.AddOptions<CookieAuthenticationOptions>(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme)
            .Configure<SessionStore>((o, store) => o.SessionStore = store);
        return services;
    }
}
