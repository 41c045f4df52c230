using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace NrmHub.Web.Components.Account;

/// <summary>The one-time link a new user (or one whose link ran out) chooses a password with. No name or e-mail in it.</summary>
public static class SetPasswordLink
{
    public const string Path = "Account/SetPassword";

    public static string For(string baseUri, string userId, string token) =>
        $"{baseUri.TrimEnd('/')}/{Path}?user={Uri.EscapeDataString(userId)}&code={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";

    public static string? Token(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 2048)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
