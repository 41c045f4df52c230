using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

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

    private readonly StringBuilder output = new();
    private Process? server;
    private string? databaseFile;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's SQLite file, for tests that must put data in a state only time would reach (an overdue step).</summary>
    public string DatabaseFile => databaseFile ?? throw new InvalidOperationException("The app has not started.");
    public IPlaywright Playwright { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot, "artifacts", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing. Run ./test.sh, which installs Debian's chromium.");
        }

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        databaseFile = Path.Combine(Path.GetTempPath(), $"nrmhub-browser-{Guid.NewGuid():N}.db");

        var create = StartApp(["--create-admin", ExtraAdminEmail, "--actor", "national-coordinator", "--name", "Second Admin"], port);
        if (!create.WaitForExit(120_000) || create.ExitCode != 0)
        {
            throw new InvalidOperationException($"create-admin failed (exit {(create.HasExited ? create.ExitCode : -1)}):\n{output}");
        }

        server = StartApp([], port);
        await WaitUntilHealthyAsync();

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
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databaseFile + suffix);
        }
    }

    public async Task<IPage> NewPageAsync(string? culture = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = culture ?? "en-GB",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        // Generous: CI machines have 2 cores and the app, the test host and chromium share them.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public string ServerOutput
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    private Process StartApp(string[] args, int port)
    {
        var webProject = Path.Combine(RepositoryRoot, "src", "NrmHub.Web");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var executable = Path.Combine(webProject, "bin", configuration, "net9.0", "linux-x64", "NrmHub.Web");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"The app is not built at {executable}.");
        }

        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = webProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Nrm"] = $"Data Source={databaseFile}";
        start.Environment["NRMHUB_ADMIN_PASSWORD"] = ExtraAdminPassword;
        start.Environment["Jobs__SchedulesEnabled"] = "false";

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (server!.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {server.ExitCode}:\n{ServerOutput}");
            }

            try
            {
                var response = await http.GetAsync($"{BaseUrl}/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The app did not become healthy in 90 s:\n{ServerOutput}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NrmHub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NrmHub.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<AppServerFixture>
{
    public const string Name = "browser";
}
