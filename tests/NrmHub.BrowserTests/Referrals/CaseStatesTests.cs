using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Referrals;

/// <summary>The case page in every referral state, from both sides: every action button visible and readable, axe clean.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CaseStatesTests(AppServerFixture app)
{
    private async Task<IPage> SignedInAsync(DemoAccount account, int width = 390)
    {
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(width, 844);
        await page.SignInAsync(account.Email, account.Password);
        await page.WaitForURLAsync($"**{account.Home}");
        return page;
    }

    private static async Task OpenAsync(IPage page, string caseCode)
    {
        await page.GotoAsync($"/cases/{caseCode}");
        await page.WaitForCircuitAsync();
    }

    /// <summary>Each action button has a size, is inside the viewport's width, and axe finds its contrast sufficient.</summary>
    private static async Task AssertActionsReadableAsync(IPage page, string name, params string[] expected)
    {
        var actions = page.GetByTestId("referral-actions").Locator("> [data-testid]");
        var shown = await actions.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.testid)");
        Assert.Equal(expected, shown);
        foreach (var id in expected)
        {
            var button = page.GetByTestId(id);
            await Assertions.Expect(button).ToBeVisibleAsync();
            var box = await button.BoundingBoxAsync();
            Assert.True(box is { Width: > 20, Height: > 20 } && box.X + box.Width <= page.ViewportSize!.Width, $"{id} is not fully on screen: {box?.X},{box?.Width}");
            var colours = await button.EvaluateAsync<string[]>("e => { const s = getComputedStyle(e); return [s.color, s.backgroundColor, s.borderColor]; }");
            Assert.False(colours[0] == colours[1], $"{id} draws its text in its background colour: {string.Join(" / ", colours)}");
        }

        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= page.ViewportSize!.Width, $"The case page scrolls sideways: {scrollWidth} px");
        await page.ScreenshotAsync($"case-state-{name}");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Every_state_shows_readable_actions_to_the_receiver_and_the_sender()
    {
        var officer = await SignedInAsync(DemoAccount.Officer);
        var shelter = await SignedInAsync(DemoAccount.Shelter);
        var codes = new Dictionary<string, string>();
        foreach (var state in new[] { "sent", "acknowledged", "accepted", "inprogress", "done", "declined", "revoked" })
        {
            codes[state] = await officer.SendReferralAsync($"Person {state}");
        }

        await OpenAsync(shelter, codes["sent"]);
        await AssertActionsReadableAsync(shelter, "sent-receiver", "acknowledge", "accept", "decline-open");
        await OpenAsync(officer, codes["sent"]);
        await AssertActionsReadableAsync(officer, "sent-sender", "revoke");

        await OpenAsync(shelter, codes["acknowledged"]);
        await shelter.GetByTestId("acknowledge").ClickAsync();
        await Assertions.Expect(shelter.GetByTestId("case-referral-state")).ToHaveTextAsync("Acknowledged");
        await AssertActionsReadableAsync(shelter, "acknowledged-receiver", "accept", "decline-open");

        await OpenAsync(shelter, codes["accepted"]);
        await shelter.GetByTestId("accept").ClickAsync();
        await Assertions.Expect(shelter.GetByTestId("case-referral-state")).ToHaveTextAsync("Accepted");
        await AssertActionsReadableAsync(shelter, "accepted-receiver", "start", "complete-open", "refer-onward");
        await OpenAsync(officer, codes["accepted"]);
        await AssertActionsReadableAsync(officer, "accepted-sender");

        await OpenAsync(shelter, codes["inprogress"]);
        await shelter.GetByTestId("accept").ClickAsync();
        await shelter.GetByTestId("start").ClickAsync();
        await Assertions.Expect(shelter.GetByTestId("case-referral-state")).ToHaveTextAsync("In progress");
        await AssertActionsReadableAsync(shelter, "inprogress-receiver", "complete-open", "refer-onward");

        await OpenAsync(shelter, codes["done"]);
        await shelter.GetByTestId("accept").ClickAsync();
        await shelter.GetByTestId("complete-open").ClickAsync();
        await shelter.GetByTestId("complete-panel").GetByText("Shelter", new() { Exact = true }).ClickAsync();
        await shelter.ScreenshotAsync("case-state-complete-panel");
        await shelter.AssertAccessibleAsync();
        await shelter.GetByTestId("complete").ClickAsync();
        await Assertions.Expect(shelter.GetByTestId("case-referral-state")).ToHaveTextAsync("Done");
        await AssertActionsReadableAsync(shelter, "done-receiver");

        await OpenAsync(shelter, codes["declined"]);
        await shelter.GetByTestId("decline-open").ClickAsync();
        await shelter.GetByTestId("decline-panel").GetByText("Outside our region", new() { Exact = false }).ClickAsync();
        await shelter.ScreenshotAsync("case-state-decline-panel");
        await shelter.AssertAccessibleAsync();
        await shelter.AssertEveryFieldLimitedAsync();
        await shelter.GetByTestId("decline").ClickAsync();
        // Declining ends the shelter's need to know: the page now says so instead of the case.
        await Assertions.Expect(shelter.GetByTestId("case-not-found").Or(shelter.GetByTestId("case-referral-state"))).ToBeVisibleAsync();
        await OpenAsync(officer, codes["declined"]);
        await Assertions.Expect(officer.GetByTestId("case-referral-state")).ToHaveTextAsync("Declined");
        await AssertActionsReadableAsync(officer, "declined-sender");

        await OpenAsync(officer, codes["revoked"]);
        await officer.GetByTestId("revoke").ClickAsync();
        await Assertions.Expect(officer.GetByTestId("case-referral-state")).ToHaveTextAsync("Revoked");
        await AssertActionsReadableAsync(officer, "revoked-sender");
    }

    [Fact]
    public async Task Case_page_prints_without_the_app_frame_black_on_white()
    {
        var officer = await SignedInAsync(DemoAccount.Officer, 1366);
        var code = await officer.SendReferralAsync("Person print");
        await OpenAsync(officer, code);

        await officer.EmulateMediaAsync(new() { Media = Media.Print });

        await Assertions.Expect(officer.Locator(".mud-appbar")).ToBeHiddenAsync();
        await Assertions.Expect(officer.Locator(".mud-drawer")).ToBeHiddenAsync();
        await Assertions.Expect(officer.GetByTestId("referral-actions")).ToBeHiddenAsync();
        Assert.Equal("rgb(255, 255, 255)", await officer.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
        Assert.Equal("rgb(0, 0, 0)", await officer.GetByTestId("case-profile").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        var pdf = await officer.PdfAsync(new() { Path = Path.Combine(AppServerFixture.ArtifactsDirectory, "case-print.pdf"), Format = "A4" });
        Assert.True(pdf.Length > 1000);
    }
}
