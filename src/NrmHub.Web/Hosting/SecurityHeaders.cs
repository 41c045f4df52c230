using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace NrmHub.Web.Hosting;

/// <summary>
/// The same protective headers on every response, pages and exports alike. Scripts run only from the app itself; the
/// one inline script (the import map that points module imports at fingerprinted files) carries this response's
/// nonce. Inline styles stay allowed: MudBlazor sets style attributes and writes the palette as a style element.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "nrm:csp-nonce";

    private const string PermissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    /// <summary>The nonce of this response, for the inline script that may run.</summary>
    public static string Nonce(HttpContext context) =>
        context.Items.TryGetValue(NonceKey, out var nonce) && nonce is string value ? value : "";

    public static string Policy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self'; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    public static void UseSecurityHeaders(this WebApplication app) =>
        app.Use((context, next) =>
        {
            var nonce = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(18));
            context.Items[NonceKey] = nonce;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = Policy(nonce);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
