using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Referrals;

/// <summary>
/// An officer types a referral on a bad link. The link drops in the middle of typing, first for ten seconds (the
/// circuit waits on the server) and then for longer than the server keeps a circuit (it is evicted, and the page
/// resumes a new one from persistent state). Nothing typed is lost, and what is saved is what the page shows.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReferralDraftTests(AppServerFixture app)
{
    private const string Name = "Draft Person Delta";

    [Fact]
    public async Task A_half_filled_referral_survives_a_dropped_link_and_an_evicted_circuit_and_saves_what_the_page_shows()
    {
        await using var proxy = new CuttableProxy(app.BaseUrl);
        var page = await app.NewPageAsync(baseUrl: proxy.BaseUrl);
        // What the page asks of the server over the circuit's socket: "ConnectCircuit" to get its circuit back after a
        // drop, "ResumeCircuit" to start a new one from the state of an evicted one.
        var asked = new System.Collections.Concurrent.ConcurrentBag<string>();
        page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
        {
            var text = frame.Binary is { } bytes ? System.Text.Encoding.ASCII.GetString(bytes) : frame.Text ?? "";
            foreach (var method in new[] { "ConnectCircuit", "ResumeCircuit", "StartCircuit" }.Where(m => text.Contains(m, StringComparison.Ordinal)))
            {
                asked.Add(method);
            }
        };
        await page.SignInAsync(DemoAccount.Officer.Email, DemoAccount.Officer.Password);
        await page.WaitForURLAsync($"**{DemoAccount.Officer.Home}");

        await LiveReferralTests.FillNewReferralAsync(page, Name);
        await page.ChooseAsync("r-consent", "Consent given");
        var reason = page.GetByTestId("r-reason");
        var dialog = page.GetByTestId("reconnect");
        await reason.ClickAsync();

        // The link goes while the officer is still typing: the keys after it cannot reach anything.
        var typing = page.Keyboard.TypeAsync("Met at the border crossing at night, needs a safe place and a doctor", new() { Delay = 30 });
        // Cut once the first words are in the field, not after a fixed time: on a busy machine 700 ms once held only
        // "Met a".
        await Assertions.Expect(reason).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Met at the"), new() { Timeout = 20_000 });

        proxy.Cut();
        await typing;
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await page.ScreenshotAsync("referral-draft-link-down");
        await Task.Delay(TimeSpan.FromSeconds(10));
        proxy.Restore();
        await Assertions.Expect(dialog).ToBeHiddenAsync(new() { Timeout = 20_000 });

        Assert.Contains("ConnectCircuit", asked);
        Assert.DoesNotContain("ResumeCircuit", asked);
        var shown = await reason.InputValueAsync();
        Assert.StartsWith("Met at", shown);
        Assert.Equal(Name, await page.GetByTestId("p-name").InputValueAsync());

        // Now down for longer than the server keeps a circuit: it is evicted, and the page comes back on a new one.
        proxy.Cut();
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Task.Delay(TimeSpan.FromSeconds(AppServerFixture.DisconnectedRetentionSeconds + 6));
        proxy.Restore();
        await Assertions.Expect(dialog).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await page.WaitForCircuitAsync();
        Assert.Contains("ResumeCircuit", asked);

        Assert.Equal(Name, await page.GetByTestId("p-name").InputValueAsync());
        Assert.Equal(shown, await reason.InputValueAsync());
        await Assertions.Expect(page.GetByTestId("receiver-clean-world")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByTestId("service-Shelter")).ToBeCheckedAsync();
        await page.ScreenshotAsync("referral-draft-resumed");

        await page.GetByTestId("referral-submit").ClickAsync();
        await page.WaitForURLAsync("**/cases/*");
        await Assertions.Expect(page.GetByTestId("profile-name")).ToHaveTextAsync(Name);
        await Assertions.Expect(page.GetByTestId("case-referral")).ToContainTextAsync(shown);
        Assert.DoesNotContain("no event handler", app.ServerOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_triple_click_on_send_or_enter_pressed_twice_creates_one_case()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(DemoAccount.Officer.Email, DemoAccount.Officer.Password);
        await page.WaitForURLAsync($"**{DemoAccount.Officer.Home}");

        const string clicked = "Double Submit Person Clicked";
        await LiveReferralTests.FillNewReferralAsync(page, clicked);
        await page.ChooseAsync("r-consent", "Consent given");
        await page.GetByTestId("referral-submit").ClickAsync(new() { ClickCount = 3 });
        await page.WaitForURLAsync("**/cases/*");

        const string entered = "Double Submit Person Entered";
        await LiveReferralTests.FillNewReferralAsync(page, entered);
        await page.ChooseAsync("r-consent", "Consent given");
        await page.GetByTestId("p-name").PressAsync("Enter");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/cases/*");
        await page.WaitForTimeoutAsync(1000);

        Assert.Equal(1, await CasesForAsync(clicked));
        Assert.Equal(1, await CasesForAsync(entered));
    }

    private async Task<long> CasesForAsync(string name)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={app.DatabaseFile}");
        await connection.OpenAsync();
        var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM CaseProfiles WHERE FullName = $name";
        count.Parameters.AddWithValue("$name", name);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
