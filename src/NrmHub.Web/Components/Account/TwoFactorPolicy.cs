using System.Security.Claims;
using NrmHub.Core.Identity;

namespace NrmHub.Web.Components.Account;

/// <summary>
/// Administrators and coordinators see every referral's overview and change the NRM itself: they must use two-factor
/// authentication. Signed in without it, they are taken to its set-up and can do nothing else until it is on.
/// </summary>
public static class TwoFactorPolicy
{
    /// <summary>"on" or "off" in the cookie, written at sign-in and renewed when 2FA is turned on.</summary>
    public const string Claim = "nrm:2fa";

    public const string EnrolPath = "/Account/Manage/EnableAuthenticator";

    private static readonly string[] RequiredFor = [Roles.Admin, Roles.Coordinator];

    // What someone being sent to the set-up may still reach: the set-up, signing out or in, the page's own files.
    private static readonly string[] Open = [EnrolPath, "/Account/Logout", "/Account/Login", "/Account/LoginWith2fa", "/culture", "/theme", "/healthz", "/_framework", "/_content", "/lib", "/not-found", "/Error"];

    public static bool IsRequired(ClaimsPrincipal user) => RequiredFor.Any(user.IsInRole);

    public static bool Lacks(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && IsRequired(user) && user.FindFirstValue(Claim) != "on";

    public static void UseTwoFactorPolicy(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            if (Lacks(context.User) && !MayPass(context.Request.Path))
            {
                if (HttpMethods.IsGet(context.Request.Method) && !IsMachineEndpoint(context.Request.Path))
                {
                    context.Response.Redirect(EnrolPath + "?required=true");
                }
                else
                {
                    // A body of its own, so the status-code pages do not re-run this as a (refused) form post.
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync("Two-factor authentication must be set up first: " + EnrolPath);
                }

                return;
            }

            await next(context);
        });

    private static bool MayPass(PathString path) =>
        Open.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
        // The page's stylesheets, scripts, fonts and icons: a file name in the last segment.
        || (!IsMachineEndpoint(path) && path.Value is { } value && value[(value.LastIndexOf('/') + 1)..].Contains('.', StringComparison.Ordinal));

    private static bool IsMachineEndpoint(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor");
}
