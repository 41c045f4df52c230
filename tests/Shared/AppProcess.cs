using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NrmHub.Testing;

/// <summary>
/// The real app as its own process: the binary that <c>dotnet build</c> made for src/NrmHub.Web (the configuration
/// the tests were built with), started with Development settings, a SQLite file of the test's own and no job
/// schedules. One place for the browser tests (a server on a free port) and the process-kill tests (one-off
/// commands); compiled into both test projects.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly StringBuilder output = new();

    private AppProcess(Process process) => Process = process;

    public Process Process { get; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string WebProjectDirectory => Path.Combine(RepositoryRoot, "src", "NrmHub.Web");

    /// <summary>What the process printed so far, standard output and error interleaved.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the app with <paramref name="args"/>; <paramref name="environment"/> adds to or overrides the defaults.</summary>
    public static AppProcess Start(string databaseFile, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var executable = Path.Combine(WebProjectDirectory, "bin", configuration, "net10.0", "NrmHub.Web");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"The app is not built at {executable}.");
        }

        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = WebProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Nrm"] = $"Data Source={databaseFile}";
        start.Environment["Jobs__SchedulesEnabled"] = "false";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var app = new AppProcess(process);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Waits for a one-off command to end; kills it and throws when it runs longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The app did not exit in {timeout.TotalSeconds} s:\n{Output}");
        }

        return Process.ExitCode;
    }

    /// <summary>Polls /healthz until the server answers 200; throws with the server's output if it exits or is too slow.</summary>
    public async Task WaitUntilHealthyAsync(string baseUrl, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {Process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync($"{baseUrl}/healthz")).StatusCode == HttpStatusCode.OK)
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

        throw new TimeoutException($"The app did not become healthy in {timeout.TotalSeconds} s:\n{Output}");
    }

    /// <summary>Ends the process at once, as a crash or a power cut would.</summary>
    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Deletes a SQLite file with its WAL, shared-memory and journal companions.</summary>
    public static void DeleteDatabase(string databaseFile)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(databaseFile + suffix);
        }
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
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
