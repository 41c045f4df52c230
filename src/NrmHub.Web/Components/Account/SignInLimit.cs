using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using NrmHub.Web.Localization;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Components.Account;

/// <summary>
/// Sign-in forms take a limited number of posts per client address and minute (ASP.NET Core's rate limiter), so a
/// script can neither guess passwords quickly nor lock every account by failing five times on each.
/// </summary>
public static class SignInLimit
{
    private static readonly string[] Forms = ["/Account/Login", "/Account/LoginWith2fa", "/Account/SetPassword"];

    public static IServiceCollection AddSignInLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, settings) =>
        {
            var perMinute = settings.GetValue("Identity:SignInPostsPerMinute", 10);
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignInPost(context)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(""));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (rejected, ct) => AnswerAsync(rejected.HttpContext, ct);
        });
        return services;
    }

    private static bool IsSignInPost(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && Forms.Any(f => context.Request.Path.Equals(f, StringComparison.OrdinalIgnoreCase));

    private static async ValueTask AnswerAsync(HttpContext context, CancellationToken ct)
    {
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<UiText>>();
        context.Response.Headers.RetryAfter = "60";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{Cultures.Current}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>NrmHub</title></head>
            <body><main><h1>{WebUtility.HtmlEncode(text["Login.TooManyTitle"])}</h1><p>{WebUtility.HtmlEncode(text["Login.TooMany"])}</p>
            <p><a href="/Account/Login">{WebUtility.HtmlEncode(text["Login.Title"])}</a></p></main></body></html>
            """, ct);
    }
}
