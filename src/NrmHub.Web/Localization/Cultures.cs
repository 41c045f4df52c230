using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace NrmHub.Web.Localization;

public static class Cultures
{
    public const string Default = "en";

    /// <summary>The UI languages of the NRM seeds: English, Azerbaijani, Russian.</summary>
    public static readonly string[] Supported = ["en", "az", "ru"];

    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public static string NativeName(string culture) => culture switch
    {
        "az" => "Azərbaycanca",
        "ru" => "Русский",
        _ => "English",
    };

    public static void MapCultureEndpoints(this IEndpointRouteBuilder app)
    {
        // A plain link works on every page, interactive or not, and the cookie keeps the choice for a year.
        app.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (!Supported.Contains(culture))
            {
                return Results.BadRequest($"Unknown language '{culture}'. Supported: {string.Join(", ", Supported)}.");
            }

            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });
            return Results.LocalRedirect(NrmHub.Web.Components.Account.LocalUrl.OrHome(returnUrl));
        }).AllowAnonymous();
    }
}
