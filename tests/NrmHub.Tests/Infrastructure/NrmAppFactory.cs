using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace NrmHub.Tests.Infrastructure;

/// <summary>
/// The real app over a real relational database: a named in-memory SQLite database that lives as long as the
/// factory holds its keeper connection open.
/// </summary>
public sealed partial class NrmAppFactory : WebApplicationFactory<Program>
{
    private readonly SqliteConnection keeper;
    private readonly Dictionary<string, string?> settings;

    public NrmAppFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    internal NrmAppFactory(IDictionary<string, string?> overrides)
    {
        ConnectionString = $"Data Source=file:nrm-{Guid.NewGuid():N}?mode=memory&cache=shared";
        keeper = new SqliteConnection(ConnectionString);
        keeper.Open();
        settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Nrm"] = ConnectionString,
            ["Identity:MaxFailedAccessAttempts"] = "3",
            // Tests sign in far more often than a person; the limit has a test of its own.
            ["Identity:SignInPostsPerMinute"] = "100000",
            // No job fires on its own in tests; tests start them by hand, with short retry waits.
            ["Jobs:SchedulesEnabled"] = "false",
            ["Jobs:RetryBackoffSeconds"] = "0.05,0.1",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
    }

    public string ConnectionString { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
    }

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real sign-in form (antiforgery token and all) and returns the response.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryTokenIn(form);
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    public static async Task<HttpClient> SignedInClientAsync(NrmAppFactory app, DemoAccount account)
    {
        var client = app.CreateBrowserLikeClient();
        var response = await SignInAsync(client, account.Email, account.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Signs in like a person: the password, then, for the demo accounts that use it, the authenticator code.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var response = await PostLoginAsync(client, email, password);
        if (response.Headers.Location?.OriginalString is { } location && location.Contains("LoginWith2fa", StringComparison.Ordinal))
        {
            var key = DemoAccount.All.Single(a => a.Email == email).AuthenticatorKey
                ?? throw new InvalidOperationException($"{email} asks for a code but has no known authenticator key.");
            var path = location.Replace("http://localhost", "", StringComparison.Ordinal);
            var form = await client.GetStringAsync(path);
            response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = AntiforgeryTokenIn(form),
                ["_handler"] = "login-2fa",
                ["Input.Code"] = NrmHub.Testing.Totp.Code(key, DateTimeOffset.UtcNow),
            }));
        }

        return response;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            keeper.Dispose();
        }
    }

    /// <summary>The antiforgery token of a form page, as a browser would post it back.</summary>
    public static string AntiforgeryTokenIn(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

/// <summary>The demo accounts of appsettings.Development.json.</summary>
public sealed record DemoAccount(string Email, string Password, string Role, string Home, string OrganisationName, string? AuthenticatorKey = null)
{
    public static readonly DemoAccount Officer = new("officer@demo.nrmhub.local", "Officer-Demo-2026!", "ReferralOfficer", "/referrals", "MIA Main Department on Combating Trafficking in Human Beings");
    public static readonly DemoAccount Shelter = new("shelter@demo.nrmhub.local", "Shelter-Demo-2026!", "ServiceProvider", "/inbox", "Clean World Public Union (shelter)");
    public static readonly DemoAccount Coordinator = new("coordinator@demo.nrmhub.local", "Coordinator-Demo-2026!", "Coordinator", "/coordination", "Office of the National Coordinator for Combating Trafficking", "YWGSMUTAO2GJIEDBWSIB5VP6WV6OL446");
    public static readonly DemoAccount Admin = new("admin@demo.nrmhub.local", "Admin-Demo-2026!", "Admin", "/admin", "Office of the National Coordinator for Combating Trafficking", "FVIVIRMDFFZQFVNQI7V53WDBIYCVS4GG");

    public static readonly DemoAccount[] All = [Officer, Shelter, Coordinator, Admin];

    public static DemoAccount ByRole(string role) => All.Single(a => a.Role == role);
}
