using System.Text.Json;
using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;
using Xunit.Abstractions;

namespace NrmHub.BrowserTests.Foundation;

/// <summary>
/// What a first and a repeat visit cost on a regional 3G link (1.6 Mbit/s down, 300 ms round trip, emulated by
/// chromium). The bytes are asserted; the times are printed, not asserted: they are measurements of this machine.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageWeightTests(AppServerFixture app, ITestOutputHelper output)
{
    private const int FirstVisitBudget = 400 * 1024;
    private const int MapBudget = 700 * 1024;

    public static TheoryData<string, string, int> Pages() => new()
    {
        { "-", "/Account/Login", FirstVisitBudget },
        { DemoAccount.Admin.Email, "/admin", FirstVisitBudget },
        { DemoAccount.Officer.Email, "/referrals/new", FirstVisitBudget },
        { DemoAccount.Shelter.Email, "/inbox", FirstVisitBudget },
        { DemoAccount.Coordinator.Email, "/actors/map", MapBudget },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task First_visit_fits_the_budget_on_a_regional_link(string email, string path, int budget)
    {
        var storage = email == "-" ? null : await SignedInStateAsync(DemoAccount.All.Single(a => a.Email == email));
        // A fresh context: an empty HTTP cache, only the session cookie carried over.
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, StorageState = storage, Locale = "az-AZ" });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = 300,
            ["downloadThroughput"] = 1_600_000 / 8,
            ["uploadThroughput"] = 300_000 / 8,
        });
        long bytes = 0;
        var largest = new Dictionary<string, long>();
        var urls = new Dictionary<string, string>();
        cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) =>
        {
            if (e is { } v)
            {
                urls[v.GetProperty("requestId").GetString()!] = v.GetProperty("request").GetProperty("url").GetString()!;
            }
        };
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is { } v)
            {
                var size = v.GetProperty("encodedDataLength").GetInt64();
                bytes += size;
                largest[urls.GetValueOrDefault(v.GetProperty("requestId").GetString()!, "?")] = size;
            }
        };

        await page.AddInitScriptAsync(ReadyObserver(email));
        await page.GotoAsync(path);
        var first = await InteractiveAfterAsync(page);
        var firstBytes = bytes;

        await page.GotoAsync(path);
        var repeat = await InteractiveAfterAsync(page);

        var top = string.Join(", ", largest.OrderByDescending(kv => kv.Value).Take(6).Select(kv => $"{new Uri(kv.Key).AbsolutePath} {kv.Value / 1024} KB"));
        output.WriteLine($"{path}: first visit {firstBytes / 1024} KB, interactive after {first.TotalSeconds:0.00} s; repeat visit {repeat.TotalSeconds:0.00} s (1.6 Mbit/s, 300 ms RTT). Largest: {top}");
        Console.WriteLine($"[page weight] {path}: first {firstBytes / 1024} KB in {first.TotalSeconds:0.00} s, repeat {repeat.TotalSeconds:0.00} s");
        Assert.True(firstBytes <= budget, $"{path} transfers {firstBytes / 1024} KB on a first visit; the budget is {budget / 1024} KB. Largest: {top}");
        await context.CloseAsync();
    }

    /// <summary>
    /// From the start of the navigation to the moment the page can be used, as the page itself saw it: a mutation
    /// observer, installed before the page's own scripts (init scripts are not subject to its Content-Security-Policy),
    /// notes the time the ready element appears. Playwright's own waits back off to half a second between checks,
    /// which would be measured as load time.
    /// </summary>
    private static async Task<TimeSpan> InteractiveAfterAsync(IPage page)
    {
        await page.WaitUntilAsync("() => window.nrmReadyAt != null", 60_000);
        return TimeSpan.FromMilliseconds(await page.EvaluateAsync<double>("() => window.nrmReadyAt"));
    }

    private static string ReadyObserver(string email)
    {
        var ready = email == "-" ? "[data-testid=login-submit]" : "main[data-interactive=yes] [data-testid=page-title]";
        return $$"""
            (() => {
              const check = () => { if (window.nrmReadyAt == null && document.querySelector("{{ready}}")) { window.nrmReadyAt = performance.now(); } };
              new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
            })();
            """;
    }

    private async Task<string> SignedInStateAsync(DemoAccount account)
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(account.Email, account.Password);
        await page.WaitForURLAsync($"**{account.Home}");
        var state = await page.Context.StorageStateAsync();
        await page.Context.CloseAsync();
        return state;
    }
}
