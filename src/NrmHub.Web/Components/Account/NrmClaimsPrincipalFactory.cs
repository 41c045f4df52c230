using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;

namespace NrmHub.Web.Components.Account;

public static class NrmClaims
{
    public const string ActorId = "nrm:actor_id";
    public const string DisplayName = "nrm:display_name";
    public const string ActorShortName = "nrm:actor_short_name";

    public static int? GetActorId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ActorId), out var id) ? id : null;

    /// <summary>The caller as the referral service needs it; null for a user without an actor (never signed in properly).</summary>
    public static NrmHub.Core.Referrals.Caller? ToCaller(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && user.GetActorId() is { } actorId
            ? new NrmHub.Core.Referrals.Caller(id, actorId, user.IsInRole(Roles.Coordinator), user.IsInRole(Roles.Admin))
            : null;

    public static string GetDisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? "";
}

/// <summary>Puts the user's actor into the cookie, so every request knows whose cases it may see without a lookup.</summary>
public sealed class NrmClaimsPrincipalFactory(
    UserManager<NrmUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options,
    IDbContextFactory<NrmDbContext> dbFactory)
    : UserClaimsPrincipalFactory<NrmUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(NrmUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(NrmClaims.ActorId, user.ActorId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(NrmClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(TwoFactorPolicy.Claim, user.TwoFactorEnabled ? "on" : "off"));
        await using var db = await dbFactory.CreateDbContextAsync();
        var shortName = await db.Actors.Where(a => a.Id == user.ActorId).Select(a => a.ShortName).SingleAsync();
        identity.AddClaim(new Claim(NrmClaims.ActorShortName, shortName));
        return identity;
    }
}
