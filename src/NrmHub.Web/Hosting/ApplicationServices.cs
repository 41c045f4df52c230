using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;
using NrmHub.Core.Indicators;
using NrmHub.Core.Notifications;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;
using NrmHub.Core.WorkingGroups;
using NrmHub.Web.Hubs;
using NrmHub.Web.Jobs;
using NrmHub.Web.Components.Account;
using MudBlazor.Services;

namespace NrmHub.Web.Hosting;

public static class ApplicationServices
{
    private static Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/hubs") || ctx.Request.Path.StartsWithSegments("/api")
            || ctx.Request.Path.StartsWithSegments(NrmHub.Web.Jobs.HangfireDashboard.Path))
        {
            ctx.Response.StatusCode = status;
        }
        else
        {
            ctx.Response.Redirect(ctx.RedirectUri);
        }

        return Task.CompletedTask;
    }

    public static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddTransportSecurity();
        builder.AddKeyRing();

        services.AddSingleton(TimeProvider.System);

        // Settings are read when services are first built, not here, so that hosts and tests can override them.
        // A Blazor circuit lives for hours, so pages take a short-lived context from the factory per operation.
        // Pooled: a new referral takes several contexts, and building each one's internal services was about a
        // quarter of the time of its first query (profiled in issue 13). Identity's stores and the health check use a
        // scoped context, leased from the same pool and given back when the scope ends.
        services.AddPooledDbContextFactory<NrmDbContext>((sp, o) => DatabaseSetup.Configure(
            o,
            sp.GetRequiredService<IConfiguration>().GetConnectionString("Nrm")
                ?? throw new InvalidOperationException("ConnectionStrings:Nrm is not set.")));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<NrmDbContext>>().CreateDbContext());

        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IConfiguration>();
            return SeedReader.Read(
                settings["Nrm:SeedPath"] ?? Path.Combine(AppContext.BaseDirectory, "seed"),
                settings["Nrm:Country"] ?? "az");
        });
        services.AddSingleton(sp => sp.GetRequiredService<SeedData>().Profile);
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IConfiguration>();
            return SopSeedReader.Read(settings["Nrm:SeedPath"] ?? Path.Combine(AppContext.BaseDirectory, "seed"), sp.GetRequiredService<SeedData>());
        });
        services.AddSingleton(sp => sp.GetRequiredService<SopSeedData>().CalendarIn(sp.GetRequiredService<CountryProfile>()));
        services.AddSingleton<SopLoader>();
        services.AddSingleton<DeadlineEngine>();
        services.AddSingleton<DeadlineSweep>();
        services.AddSingleton<SopQueries>();
        services.AddSingleton<StepCompletion>();
        services.AddSingleton<SeedLoader>();
        services.AddSingleton<ActorGraph>();
        services.AddSingleton<LiveUpdates>();
        services.AddSingleton<NrmHub.Web.Localization.CountryTime>();
        services.AddSingleton<NotificationFeed>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<INotifier>(sp => sp.GetRequiredService<NotificationDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        services.AddSingleton<NotificationCenter>();
        services.AddSingleton<GroupCommit>();
        services.AddSingleton<ReferralService>();
        services.AddSingleton<NrmHub.Web.Hubs.HubAudit>();
        services.AddSignalR(o => o.AddFilter<NrmHub.Web.Hubs.HubAudit>());
        services.AddSingleton<ActorAdministration>();
        services.AddSingleton<SopAdministration>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IConfiguration>();
            return GroupSeedReader.Read(settings["Nrm:SeedPath"] ?? Path.Combine(AppContext.BaseDirectory, "seed"), sp.GetRequiredService<SeedData>());
        });
        services.AddSingleton<GroupSeedLoader>();
        services.AddSingleton<Board>();
        services.AddSingleton<GroupService>();
        services.AddSingleton<KpiService>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IConfiguration>();
            return ResultsFrameworkReader.Read(settings["Nrm:SeedPath"] ?? Path.Combine(AppContext.BaseDirectory, "seed"),
                sp.GetRequiredService<SeedData>(), sp.GetRequiredService<IReadOnlyList<GroupSeed>>());
        });
        services.AddSingleton<IndicatorEngine>();
        services.AddSingleton<FrameworkService>();
        services.AddSingleton<ActivityService>();
        services.AddSingleton<DemoActivities>();
        services.AddScoped<NrmHub.Web.Api.IndicatorExportEndpoints.Deps>();
        services.AddBackgroundJobs();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddOptions<Microsoft.AspNetCore.Components.Server.CircuitOptions>().Configure<IConfiguration>((o, settings) =>
        {
            // How long a page whose connection is gone keeps its circuit (Blazor's default, 3 minutes). After that the
            // circuit is evicted and its persistent state (a half-typed referral) waits for the browser to resume it,
            // in server memory only, for an hour: long enough for a lunch break, short for a victim's data.
            o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(Math.Max(1, settings.GetValue("Circuits:DisconnectedRetentionSeconds", 180)));
            o.PersistedCircuitInMemoryRetentionPeriod = TimeSpan.FromMinutes(Math.Max(1, settings.GetValue("Circuits:PersistedStateMinutes", 60)));
        });
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        services.AddMudServices(o =>
        {
            // A toast that fades is unreadable while it fades (and axe says so): it comes and goes at once, bottom right.
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
        });
        services.AddLocalization();
        services.AddTransient<MudBlazor.MudLocalizer, NrmHub.Web.Localization.MudTranslations>();

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
            // Hubs, APIs and the Hangfire dashboard answer 401/403; only pages are sent to the sign-in form.
            o.Events.OnRedirectToLogin = ctx => Answer(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Answer(ctx, StatusCodes.Status403Forbidden);
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
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<NrmDbContext>()
            .AddSignInManager<NrmSignInManager>()
            .AddErrorDescriber<IdentityErrors>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<NrmClaimsPrincipalFactory>();
        services.AddOptions<IdentityOptions>().Configure<IConfiguration>((o, settings) =>
        {
            o.Lockout.MaxFailedAccessAttempts = settings.GetValue("Identity:MaxFailedAccessAttempts", 5);
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(settings.GetValue("Identity:LockoutMinutes", 15));
        });
        services.AddScoped<IdentitySeeder>();
        services.AddSingleton<UserAdministration>();
        // A set-password link lasts three days: long enough to reach a shelter that opens its mail twice a week.
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(72));
        services.AddServerSideSessions();
        services.AddSignInLimit();
        services.AddSingleton<NrmHub.Web.Hubs.HubSessions>();
        services.AddHostedService(sp => sp.GetRequiredService<NrmHub.Web.Hubs.HubSessions>());

        services.AddHealthChecks().AddDbContextCheck<NrmDbContext>("database");
    }
}
