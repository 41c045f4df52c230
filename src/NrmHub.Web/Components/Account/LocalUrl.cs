using System.Text.RegularExpressions;

namespace NrmHub.Web.Components.Account;

public static partial class LocalUrl
{
    /// <summary>
    /// Only a plain same-site path is followed after sign-in or a language switch; anything else goes home. Plain means
    /// one leading slash and nothing but the printable ASCII a URL may carry: no second slash or backslash (another
    /// host), no tab or line break (browsers drop them, so "/\t/evil.example" is "//evil.example", and a line break in
    /// a Location header is a server error), no raw non-ASCII (Kestrel refuses it in a header; "。" is read as a dot).
    /// </summary>
    public static string OrHome(string? url) =>
        url is { Length: <= 2048 } && PlainLocalPath().IsMatch(url) ? url : "/";

    [GeneratedRegex(@"^/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*(#[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*)?\z")]
    private static partial Regex PlainLocalPath();
}
