using Microsoft.Playwright;
using NrmHub.Testing;

namespace NrmHub.BrowserTests.Infrastructure;

/// <summary>
/// Starts the real app (the same binary `dotnet run` builds) on a free 127.0.0.1 port with a fresh SQLite file,
/// and one headless Debian chromium for all tests of the collection.
/// </summary>
public sealed class AppServerFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>An administrator created through the documented create-admin command, for tests that change an account.</summary>
    public const string ExtraAdminEmail = "second.admin@demo.nrmhub.local";
    public const string ExtraAdminPassword = "Second-Admin-2026!";

    /// <summary>How long the test app keeps the circuit of a page whose connection is gone.</summary>
    public const int DisconnectedRetentionSeconds = 20;

    private AppProcess? server;
    private string? databaseFile;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's SQLite file, for tests that must put data in a state only time would reach (an overdue step).</summary>
    public string DatabaseFile => databaseFile ?? throw new InvalidOperationException("The app has not started.");
    public IPlaywright Playwright { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public static string RepositoryRoot => AppProcess.RepositoryRoot;

    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot, "artifacts", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing. Run ./test.sh, which installs Debian's chromium.");
        }

        var port = AppProcess.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        databaseFile = Path.Combine(Path.GetTempPath(), $"nrmhub-browser-{Guid.NewGuid():N}.db");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = BaseUrl,
            ["NRMHUB_ADMIN_PASSWORD"] = ExtraAdminPassword,
            // Every test signs in from 127.0.0.1, more often than the per-address limit allows a person.
            ["Identity__SignInPostsPerMinute"] = "100000",
            // Shorter than Blazor's 3 minutes, so that the draft test can wait out an eviction.
            ["Circuits__DisconnectedRetentionSeconds"] = DisconnectedRetentionSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        using (var create = AppProcess.Start(databaseFile, ["--create-admin", ExtraAdminEmail, "--actor", "national-coordinator", "--name", "Second Admin"], environment))
        {
            var exit = await create.WaitForExitAsync(TimeSpan.FromSeconds(120));
            if (exit != 0)
            {
                throw new InvalidOperationException($"create-admin failed (exit {exit}):\n{create.Output}");
            }
        }

        server = AppProcess.Start(databaseFile, [], environment);
        await server.WaitUntilHealthyAsync(BaseUrl, TimeSpan.FromSeconds(90));

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(10_000);
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        if (server is not null)
        {
            // The app's own log of the run, beside the screenshots: what a failed browser test cannot show.
            await File.WriteAllTextAsync(Path.Combine(ArtifactsDirectory, "..", "app.log"), server.Output);
        }

        server?.Dispose();
        if (databaseFile is not null)
        {
            AppProcess.DeleteDatabase(databaseFile);
        }
    }

    /// <summary>
    /// A new page at <paramref name="width"/> (phone height below 600 px), in <paramref name="culture"/> when given,
    /// signed in as <paramref name="account"/> and, except on the static administration home, interactive.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(DemoAccount account, int width = 1366, string? culture = null)
    {
        var page = await NewPageAsync();
        await page.SetViewportSizeAsync(width, width < 600 ? 844 : 900);
        if (culture is not null)
        {
            await page.GotoAsync($"/culture/{culture}?returnUrl=/Account/Login");
        }

        await page.SignInAsync(account.Email, account.Password);
        try
        {
            // The address, not the load event: on a busy machine a home page once stood there, rendered, while its
            // load event had not fired in 30 s (as the two-factor page did, PageChecks.SignInAsync). What a test
            // needs of the page is awaited below: the circuit, or the parsed document.
            await page.WaitForURLAsync($"**{account.Home}", new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException(
                $"{account.Email} signed in but did not reach {account.Home}: at {page.Url}, the page reads: {await page.Locator("body").InnerTextAsync()}");
        }

        if (account != DemoAccount.Admin)
        {
            await page.WaitForCircuitAsync();
        }

        return page;
    }

    public async Task<IPage> NewPageAsync(string? culture = null, string? baseUrl = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl ?? BaseUrl,
            Locale = culture ?? "en-GB",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        // Generous: CI machines have 2 cores and the app, the test host and chromium share them.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public string ServerOutput => server?.Output ?? "";
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<AppServerFixture>
{
    public const string Name = "browser";
}
