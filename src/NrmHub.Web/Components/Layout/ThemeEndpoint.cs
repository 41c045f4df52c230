namespace NrmHub.Web.Components.Layout;

public static class ThemeEndpoint
{
    public static bool IsDark(HttpContext http) => http.Request.Cookies[ThemeSwitch.CookieName] == "dark";

    public static void MapThemeEndpoint(this IEndpointRouteBuilder app)
    {
        // The same shape as the language switch: a link, a cookie for a year, back to the page the user was on.
        app.MapGet("/theme/{mode}", (string mode, string? returnUrl, HttpContext http) =>
        {
            if (mode is not ("dark" or "light"))
            {
                return Results.BadRequest($"Unknown theme '{mode}'. Use dark or light.");
            }

            http.Response.Cookies.Append(
                ThemeSwitch.CookieName,
                mode,
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });
            return Results.LocalRedirect(NrmHub.Web.Components.Account.LocalUrl.OrHome(returnUrl));
        }).AllowAnonymous();
    }
}
