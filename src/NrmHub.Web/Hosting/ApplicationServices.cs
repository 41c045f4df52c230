using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;
using NrmHub.Core.Seed;
using NrmHub.Web.Components.Account;
using Radzen;

namespace NrmHub.Web.Hosting;

public static class ApplicationServices
{
    public static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddSingleton(TimeProvider.System);

        var connectionString = config.GetConnectionString("Nrm")
            ?? throw new InvalidOperationException("ConnectionStrings:Nrm is not set.");
        // A Blazor circuit lives for hours, so pages take a short-lived context from the factory per operation.
        // The factory also registers a scoped context, which Identity's stores and the health check use.
        services.AddDbContextFactory<NrmDbContext>(o => DatabaseSetup.Configure(o, connectionString));

        var seedPath = config["Nrm:SeedPath"] ?? Path.Combine(AppContext.BaseDirectory, "seed");
        var country = config["Nrm:Country"] ?? "az";
        services.AddSingleton(_ => SeedReader.Read(seedPath, country));
        services.AddSingleton(sp => sp.GetRequiredService<SeedData>().Profile);
        services.AddSingleton<SeedLoader>();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddLocalization();

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.AddAuthorization();

        services.AddIdentityCore<NrmUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
                // Stronger than the defaults (6 characters): these accounts open case files of people at risk.
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 6;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = config.GetValue("Identity:MaxFailedAccessAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(config.GetValue("Identity:LockoutMinutes", 15));
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<NrmDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<NrmClaimsPrincipalFactory>();
        services.AddScoped<IdentitySeeder>();

        services.AddHealthChecks().AddDbContextCheck<NrmDbContext>("database");
    }
}
