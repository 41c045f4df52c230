using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.FileProviders;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;
using NrmHub.Core.Indicators;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;
using NrmHub.Core.WorkingGroups;
using NrmHub.Web.Api;
using NrmHub.Web.Components;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Components.Layout;
using NrmHub.Web.Jobs;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Hosting;

public static class Startup
{
    /// <summary>Migrates the database, loads the country seed and the roles (and, in Development, the demo users).</summary>
    /// <returns>false when start-up must stop; the reason has been logged.</returns>
    public static async Task<bool> InitializeAsync(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("NrmHub.Startup");
        SeedData seed;
        SopSeedData sop;
        IReadOnlyList<GroupSeed> groups;
        try
        {
            seed = app.Services.GetRequiredService<SeedData>();
            sop = app.Services.GetRequiredService<SopSeedData>();
            groups = app.Services.GetRequiredService<IReadOnlyList<GroupSeed>>();
            _ = app.Services.GetRequiredService<ResultsFramework>();
            _ = app.Services.GetRequiredService<IndicatorEngine>().Threshold;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Indicators:", StringComparison.Ordinal))
        {
            log.LogCritical("Start-up stopped, nothing was loaded. {Problem}", e.Message);
            Console.Error.WriteLine(e.Message);
            return false;
        }
        catch (SeedValidationException e)
        {
            log.LogCritical("Start-up stopped, nothing was loaded. {Problem}", e.Message);
            Console.Error.WriteLine(e.Message);
            return false;
        }

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>().CreateDbContextAsync())
        {
            if (await DatabaseSetup.CannotMigrateAsync(db) is { } problem)
            {
                log.LogCritical("Start-up stopped, the database was not changed. {Problem}", problem);
                Console.Error.WriteLine(problem);
                return false;
            }

            await DatabaseSetup.MigrateAsync(db);
        }

        var result = await app.Services.GetRequiredService<SeedLoader>().ApplyAsync(seed);
        log.LogInformation(
            "Country profile {Country}: {ActorsAdded} actors and {ChannelsAdded} channels added, {ActorsKept} actors and {ChannelsKept} channels already present",
            seed.Profile.Code, result.ActorsAdded, result.ChannelsAdded, result.ActorsKept, result.ChannelsKept);
        var stepsAdded = await app.Services.GetRequiredService<SopLoader>().ApplyAsync(sop);
        log.LogInformation("SOP template {Country}: {StepsAdded} steps added", seed.Profile.Code, stepsAdded);
        var groupsAdded = await app.Services.GetRequiredService<GroupSeedLoader>().ApplyAsync(groups);
        log.LogInformation("Working groups {Country}: {GroupsAdded} added", seed.Profile.Code, groupsAdded);
        // Computed KPIs get today's value now rather than at the first nightly run; a rerun the same day changes nothing.
        await app.Services.GetRequiredService<KpiService>().RecomputeAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<IdentitySeeder>();
        await identity.EnsureRolesAsync();
        if (app.Environment.IsDevelopment())
        {
            var demo = app.Configuration.GetSection("DemoUsers").Get<List<DemoUser>>() ?? [];
            await identity.EnsureDemoUsersAsync(demo);
            var activities = await app.Services.GetRequiredService<DemoActivities>().EnsureAsync();
            log.LogInformation("Demo activities: {ActivitiesAdded} added", activities);
        }

        return true;
    }

    /// <summary>
    /// One-off commands instead of serving: <c>--create-admin &lt;email&gt;</c> (the first administrator outside
    /// Development), <c>--create-user &lt;email&gt; --role &lt;role&gt;</c> (an account for scripts such as the load
    /// tests, which must not be administrators: those need two-factor) and <c>--run-job &lt;key&gt;</c> (one
    /// registered job, once). The exit code is set on failure.
    /// </summary>
    /// <returns>true when a command ran and the process should exit.</returns>
    public static async Task<bool> RunCommandAsync(this WebApplication app)
    {
        if (app.Configuration["create-admin"] is { } email)
        {
            await app.CreateAdminAsync(email);
            return true;
        }

        if (app.Configuration["create-user"] is { } userEmail)
        {
            await app.CreateUserAsync(userEmail);
            return true;
        }

        if (app.Configuration["run-job"] is { } job)
        {
            Environment.ExitCode = await JobCommand.RunAsync(app.Services, job);
            return true;
        }

        return false;
    }

    private static async Task CreateAdminAsync(this WebApplication app, string email)
    {
        var actor = app.Configuration["actor"] ?? "national-coordinator";
        var name = app.Configuration["name"] ?? "Administrator";
        var password = Environment.GetEnvironmentVariable("NRMHUB_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("Set NRMHUB_ADMIN_PASSWORD to the new administrator's password (it is never read from the command line, so it stays out of shell history).");
            Environment.ExitCode = 2;
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NrmUser>>();
            if (await users.FindByEmailAsync(email) is { } existing)
            {
                if (!await users.IsInRoleAsync(existing, Roles.Admin))
                {
                    Console.Error.WriteLine($"{email} already belongs to an account that is not an administrator; nothing was changed. Use another e-mail address, or have an administrator change that account's role at /admin/users.");
                    Environment.ExitCode = 2;
                    return;
                }

                Console.WriteLine($"An administrator account with this e-mail address already exists; nothing was changed.");
                return;
            }

            await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().EnsureUserAsync(email, name, Roles.Admin, actor, password);
            Console.WriteLine($"Administrator account created for actor '{actor}'. Sign in and enable two-factor authentication.");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine(e.Message);
            Environment.ExitCode = 2;
        }
    }

    /// <summary>One account, or several separated by commas (one start-up for all: scripts make twenty at a time).</summary>
    private static async Task CreateUserAsync(this WebApplication app, string emails)
    {
        var role = app.Configuration["role"];
        var actor = app.Configuration["actor"];
        var password = Environment.GetEnvironmentVariable("NRMHUB_USER_PASSWORD");
        if (string.IsNullOrEmpty(role) || string.IsNullOrEmpty(actor) || string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine($"--create-user needs --role ({string.Join(", ", Roles.All)}), --actor <actor code> and the password in NRMHUB_USER_PASSWORD.");
            Environment.ExitCode = 2;
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NrmUser>>();
        foreach (var email in emails.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                if (await users.FindByEmailAsync(email) is not null)
                {
                    Console.Error.WriteLine($"{email} already has an account; nothing was changed.");
                    Environment.ExitCode = 2;
                    continue;
                }

                await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().EnsureUserAsync(email, app.Configuration["name"] ?? email, role, actor, password);
                Console.WriteLine($"{email}: {role} account created for actor '{actor}'.");
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"{email}: {e.Message}");
                Environment.ExitCode = 2;
                return;
            }
        }
    }

    /// <summary>
    /// MudBlazor's CSS and JS are linked by their plain routes (only those are served compressed), which the static
    /// assets answer with "no-cache": a revalidation per file on every page, 300 ms each on a regional link. App adds
    /// the package version to the link, so the URL changes with every upgrade and the files may be cached for good.
    /// </summary>
    private static void UseVersionedPackageAssets(this WebApplication app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/_content/MudBlazor") && context.Request.Query.ContainsKey("v"))
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Response.StatusCode == StatusCodes.Status200OK)
                    {
                        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });

    /// <summary>Serves the npm libraries the build copied to frontend/ at /lib (see NrmHub.Web.csproj).</summary>
    private static void UseFrontendLibraries(this WebApplication app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "frontend");
        if (Directory.Exists(folder))
        {
            // Not fingerprinted, so not "immutable": a day in the cache, then a cheap revalidation. Compressed by the
            // pipeline's response compression: these files (Cytoscape is 430 KB) sit outside the static web assets that the
            // build precompresses.
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(folder),
                RequestPath = "/lib",
                OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=86400",
            });
        }
    }

    // Writes to the API answer with an id and a case code, smaller than a compressor's header: starting a gzip stream for
    // them cost the referral path a 256 KB zlib state per request and the GC time to free it (issue 13).
    private static bool IsCompressible(HttpContext context) =>
        !context.WebSockets.IsWebSocketRequest
        && !context.Request.Path.StartsWithSegments("/_blazor")
        && !context.Request.Path.StartsWithSegments("/hubs")
        && !(context.Request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method));

    public static void UseApplicationPipeline(this WebApplication app)
    {
        app.UseTransportSecurity();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        // Pages go out compressed: a prerendered list is 60 KB of HTML, 0.3 s on a regional link, and a tenth of that in
        // Brotli. BREACH does not apply: the only secrets in a page (antiforgery tokens, component descriptors) come out
        // of Data Protection with a fresh IV in every response. WebSockets and the hubs stay out: their frames are
        // deflated by the WebSocket itself, and a buffering compressor would hold back long-polling responses.
        app.UseWhen(IsCompressible, compressed => compressed.UseResponseCompression());

        // A scope of its own for the re-executed page: a component that set 404 while prerendering already initialised
        // the request scope's NavigationManager, and .NET 10 refuses to initialise it twice.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization(o =>
        {
            o.SetDefaultCulture(Cultures.Default)
                .AddSupportedCultures(Cultures.Supported)
                .AddSupportedUICultures(Cultures.Supported);
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        app.UseRateLimiter();
        app.UseTwoFactorPolicy();
        app.UseAntiforgery();
        app.UseVersionedPackageAssets();
        app.MapStaticAssets();
        app.UseFrontendLibraries();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapCultureEndpoints();
        app.MapThemeEndpoint();
        app.MapAccountEndpoints();
        app.MapHub<NrmHub.Web.Hubs.NotificationsHub>(NrmHub.Web.Hubs.NotificationsHub.Path);
        app.MapExportEndpoints();
        app.MapHsdsEndpoints();
        app.MapReferralApi();
        app.MapSnapshotEndpoints();
        app.MapGroupExportEndpoints();
        app.MapIndicatorExportEndpoints();
        app.MapHangfireDashboard();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
