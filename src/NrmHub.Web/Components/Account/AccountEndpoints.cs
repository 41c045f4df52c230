using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using NrmHub.Core.Identity;

namespace NrmHub.Web.Components.Account;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form-bound parameter makes the endpoint validate the antiforgery token.
        app.MapPost("/Account/Logout", async (SignInManager<NrmUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/Account/Login");
        });
    }
}
