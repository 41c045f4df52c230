using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace NrmHub.BrowserTests.Infrastructure;

public static class PageChecks
{
    /// <summary>Saves a full-page screenshot under artifacts/screenshots so a person can look at it.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        // From the top, so the fixed app bar is drawn where a person sees it and not where the last click scrolled to.
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppServerFixture.ArtifactsDirectory, $"{name}.png"), FullPage = true });
    }

    /// <summary>Runs axe-core on the page; serious and critical violations fail the test with what and where.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")
            .ToList();
        Assert.True(bad.Count == 0, $"Accessibility violations on {page.Url}:\n{string.Join("\n", bad)}");
    }

    /// <summary>
    /// Fails unless every field a person can type into has a length limit: then a paste can neither be refused after
    /// the fact nor grow past what one circuit message carries (the server checks the same limits).
    /// </summary>
    public static async Task AssertEveryFieldLimitedAsync(this IPage page)
    {
        var unlimited = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll("input, textarea")]
                .filter(e => !e.readOnly && !e.disabled && !["hidden", "checkbox", "radio", "submit", "button", "file", "range", "color"].includes(e.type) && !(e.maxLength > 0))
                .map(e => e.dataset.testid || e.id || e.name || e.outerHTML.slice(0, 100))
            """);
        Assert.True(unlimited.Length == 0, $"{page.Url}: fields without a length limit: {string.Join(", ", unlimited)}");
    }

    /// <summary>Picks an option of a MudSelect (a combobox whose list opens in a popover), as a person clicks it.</summary>
    public static async Task ChooseAsync(this IPage page, string testId, string option)
    {
        await page.GetByTestId(testId).ClickAsync();
        var item = page.Locator(".mud-popover-open").GetByRole(AriaRole.Option, new() { Name = option, Exact = true });
        await item.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open [role=option]")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Waits until a JavaScript expression or function is true. Playwright's WaitForFunction builds its predicate with
    /// eval, which the app's Content-Security-Policy rightly forbids; evaluating through DevTools is not subject to it.
    /// </summary>
    public static async Task WaitUntilAsync(this IPage page, string expression, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await page.EvaluateAsync<bool>(expression))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still false after {timeoutMs} ms: {expression}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Signs in like a person: the password, then, for a demo account that uses it, the authenticator code.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        if (DemoAccount.All.FirstOrDefault(a => a.Email == email)?.AuthenticatorKey is { } key)
        {
            var field = page.GetByTestId("twofactor-code");
            try
            {
                // Waits for the address and the code field, not for the page's load event: on a busy machine the
                // two-factor page once stood there, form and all, while its load event had not fired in 30 s.
                await page.WaitForURLAsync("**/Account/LoginWith2fa**", new() { WaitUntil = WaitUntilState.Commit });
                await Assertions.Expect(field).ToBeVisibleAsync();
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                // The password step did not lead to the code: say where the page is and what it says.
                throw new InvalidOperationException(
                    $"Sign-in of {email} did not reach the two-factor step; the page is {page.Url} and reads: {await page.Locator("body").InnerTextAsync()}");
            }

            var code = NrmHub.Testing.Totp.Code(key, DateTimeOffset.UtcNow);
            await field.FillAsync(code);
            // The form must carry the code when it is posted, not an earlier render's empty field.
            await Assertions.Expect(field).ToHaveValueAsync(code);
            await page.GetByTestId("twofactor-submit").ClickAsync();
            try
            {
                await page.WaitForURLAsync(url => !url.Contains("/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase));
            }
            catch (TimeoutException)
            {
                // Say what the page said: a refused code, a limit, or nothing at all are different failures.
                throw new InvalidOperationException(
                    $"Two-factor sign-in of {email} did not leave {page.Url}; the page reads: {await page.Locator("body").InnerTextAsync()}");
            }
        }
    }

    /// <summary>
    /// Waits until the page is interactive (the layout re-rendered by the circuit marks itself), so typing and clicks
    /// reach server-side state; input made against the prerendered HTML would be lost.
    /// </summary>
    public static async Task WaitForCircuitAsync(this IPage page) =>
        await page.Locator("main[data-interactive=yes] [data-testid=page-title]").WaitForAsync();
}

public sealed record DemoAccount(string Email, string Password, string Role, string Home, string Organisation, string? AuthenticatorKey = null)
{
    public static readonly DemoAccount Officer = new("officer@demo.nrmhub.local", "Officer-Demo-2026!", "ReferralOfficer", "/referrals", "MIA Main Department on Combating Trafficking in Human Beings");
    public static readonly DemoAccount Shelter = new("shelter@demo.nrmhub.local", "Shelter-Demo-2026!", "ServiceProvider", "/inbox", "Clean World Public Union (shelter)");
    public static readonly DemoAccount Coordinator = new("coordinator@demo.nrmhub.local", "Coordinator-Demo-2026!", "Coordinator", "/coordination", "Office of the National Coordinator for Combating Trafficking", "YWGSMUTAO2GJIEDBWSIB5VP6WV6OL446");
    public static readonly DemoAccount Admin = new("admin@demo.nrmhub.local", "Admin-Demo-2026!", "Admin", "/admin", "Office of the National Coordinator for Combating Trafficking", "FVIVIRMDFFZQFVNQI7V53WDBIYCVS4GG");

    public static readonly DemoAccount[] All = [Officer, Shelter, Coordinator, Admin];
}
