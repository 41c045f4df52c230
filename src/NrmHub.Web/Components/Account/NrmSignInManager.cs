using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NrmHub.Core.Identity;

namespace NrmHub.Web.Components.Account;

/// <summary>Identity's sign-in, refusing disabled accounts and noting when each user last signed in.</summary>
public sealed class NrmSignInManager(
    UserManager<NrmUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<NrmUser> claimsFactory,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<NrmUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<NrmUser> confirmation,
    TimeProvider clock)
    : SignInManager<NrmUser>(users, contextAccessor, claimsFactory, options, logger, schemes, confirmation)
{
    private static readonly NrmUser Nobody = new() { DisplayName = "" };

    // A hash of a password nobody knows, made with the same hasher settings as real ones (a harmless race at first use).
    private static string? nobodysHash;

    public override async Task<bool> CanSignInAsync(NrmUser user) =>
        user.DisabledAtUtc is null && await base.CanSignInAsync(user);

    /// <summary>
    /// An unknown e-mail costs what a wrong password costs (one hash of the password typed), so the time of the answer
    /// does not tell which addresses have accounts.
    /// </summary>
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is { } user)
        {
            return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        }

        nobodysHash ??= UserManager.PasswordHasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));
        UserManager.PasswordHasher.VerifyHashedPassword(Nobody, nobodysHash, password);
        return SignInResult.Failed;
    }

    public override async Task<SignInResult> PasswordSignInAsync(NrmUser user, string password, bool isPersistent, bool lockoutOnFailure) =>
        await NoteAsync(user, await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure));

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        return user is null ? result : await NoteAsync(user, result);
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        return user is null ? result : await NoteAsync(user, result);
    }

    private async Task<SignInResult> NoteAsync(NrmUser user, SignInResult result)
    {
        if (result.Succeeded)
        {
            user.LastSignInUtc = clock.GetUtcNow().UtcDateTime;
            await UserManager.UpdateAsync(user);
        }

        return result;
    }
}
