using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NrmHub.Core.Identity;

namespace NrmHub.Web.Components.Account;

/// <summary>
/// A circuit can stay open for hours; every 30 seconds it checks that its session still exists and the account is
/// still enabled, unlocked and unchanged (security stamp), so signing out elsewhere, being disabled or losing a role
/// ends access to case data in open tabs too, within the minute the administrators are promised.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NrmUser>>();
        var user = await users.GetUserAsync(authenticationState.User);
        if (user is null || user.DisabledAtUtc is not null || await users.IsLockedOutAsync(user))
        {
            return false;
        }

        if (SessionStore.KeyOf(authenticationState.User) is not { } session
            || (await scope.ServiceProvider.GetRequiredService<SessionStore>().LiveAsync([session], cancellationToken)).Count == 0)
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var principalStamp = authenticationState.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }
}
