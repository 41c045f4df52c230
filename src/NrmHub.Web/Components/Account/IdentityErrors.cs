using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Components.Account;

/// <summary>Identity's messages a user can meet (the password rules, a stale link) in the user's language.</summary>
public sealed class IdentityErrors(IStringLocalizer<UiText> text) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), length);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), uniqueChars);

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric));

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit));

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower));

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper));

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken));

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch));

    private IdentityError Error(string code, params object[] arguments) =>
        new() { Code = code, Description = text[$"Identity.{code}", arguments] };
}
