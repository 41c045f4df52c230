using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Referrals;

[Collection(BrowserCollection.Name)]
public sealed class LiveReferralTests(AppServerFixture app)
{
    private static readonly LocatorAssertionsToBeVisibleOptions WithinTwoSeconds = new() { Timeout = 2_000 };

    private async Task<IPage> SignedInAsync(DemoAccount account)
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(account.Email, account.Password);
        await page.WaitForURLAsync($"**{account.Home}");
        await page.WaitForCircuitAsync();
        return page;
    }

    internal static async Task FillNewReferralAsync(IPage officer, string personName)
    {
        await officer.GotoAsync("/referrals/new");
        await officer.WaitForCircuitAsync();
        await officer.GetByTestId("p-name").FillAsync(personName);
        await officer.ChooseAsync("p-region", "Baku");
        await officer.ChooseAsync("p-form", "Labour exploitation");
        await officer.GetByTestId("service-Shelter").CheckAsync();
        await officer.GetByTestId("service-Medical").CheckAsync();
        await officer.GetByTestId("receiver-clean-world").CheckAsync();
    }

    [Fact]
    public async Task Officer_sends_shelter_sees_it_live_accepts_and_officer_sees_accepted_live()
    {
        var shelter = await SignedInAsync(DemoAccount.Shelter);
        var officer = await SignedInAsync(DemoAccount.Officer);

        await FillNewReferralAsync(officer, "Test Person Alpha");
        await officer.ScreenshotAsync("referral-new");
        await officer.AssertAccessibleAsync();
        await officer.ChooseAsync("r-consent", "Consent given");
        await officer.GetByTestId("referral-submit").ClickAsync();

        await officer.WaitForURLAsync("**/cases/*");
        var caseCode = officer.Url.Split("/cases/")[1];
        await Assertions.Expect(officer.GetByTestId("case-referral-state")).ToHaveTextAsync("Sent");
        Assert.DoesNotContain("Alpha", officer.Url);

        // The shelter's inbox was already open: the row must arrive without a reload.
        var row = shelter.GetByTestId("inbox").GetByRole(AriaRole.Link, new() { Name = caseCode });
        await Assertions.Expect(row).ToBeVisibleAsync(WithinTwoSeconds);
        await Assertions.Expect(shelter.GetByTestId("toast")).ToBeVisibleAsync();
        await Assertions.Expect(shelter.GetByTestId("bell-count")).Not.ToHaveTextAsync("0");
        await shelter.ScreenshotAsync("referral-inbox-live");
        await shelter.AssertAccessibleAsync();

        await row.ClickAsync();
        await shelter.WaitForURLAsync($"**/cases/{caseCode}");
        await Assertions.Expect(shelter.GetByTestId("profile-name")).ToHaveTextAsync("Test Person Alpha");
        await shelter.GetByTestId("accept").ClickAsync();
        await Assertions.Expect(shelter.GetByTestId("case-referral-state")).ToHaveTextAsync("Accepted");
        await shelter.ScreenshotAsync("referral-case-shelter");
        await shelter.AssertAccessibleAsync();

        // The shelter refers the same person onward for legal aid: the case gets a chain.
        await shelter.GetByTestId("refer-onward").ClickAsync();
        await shelter.WaitForURLAsync("**/referrals/new?onward=*");
        await shelter.WaitForCircuitAsync();
        await Assertions.Expect(shelter.GetByTestId("p-name")).ToHaveCountAsync(0);
        await Assertions.Expect(shelter.GetByTestId("onward-case")).ToContainTextAsync(caseCode);
        await shelter.GetByTestId("service-LegalAid").CheckAsync();
        await shelter.GetByTestId("receiver-clrpl").CheckAsync();
        await shelter.ChooseAsync("r-consent", "Consent given");
        await shelter.ScreenshotAsync("referral-onward");
        await shelter.AssertAccessibleAsync();
        await shelter.GetByTestId("referral-submit").ClickAsync();
        await shelter.WaitForURLAsync($"**/cases/{caseCode}");
        await Assertions.Expect(shelter.GetByTestId("case-referral")).ToHaveCountAsync(2);
        await Assertions.Expect(shelter.GetByTestId("case-timeline").Locator("li")).ToHaveCountAsync(3);

        // The officer's case page was left open: it turns "accepted" by itself.
        await Assertions.Expect(officer.GetByTestId("case-referral-state")).ToHaveTextAsync("Accepted", new() { Timeout = 2_000 });
        await Assertions.Expect(officer.GetByTestId("case-timeline")).ToContainTextAsync("accepted");
        await officer.ScreenshotAsync("referral-case-officer");
        await officer.AssertAccessibleAsync();

        await officer.GotoAsync("/referrals");
        await Assertions.Expect(officer.GetByTestId("my-referrals")).ToContainTextAsync(caseCode);
        await officer.ScreenshotAsync("referral-my-referrals");
        await officer.AssertAccessibleAsync();

        // The coordinator sees the code and the state, never the person; the case page itself is not theirs.
        var coordinator = await SignedInAsync(DemoAccount.Coordinator);
        await coordinator.GotoAsync("/coordination/referrals");
        await coordinator.WaitForCircuitAsync();
        await Assertions.Expect(coordinator.GetByTestId("all-referrals")).ToContainTextAsync(caseCode);
        await Assertions.Expect(coordinator.Locator("body")).Not.ToContainTextAsync("Alpha");
        await coordinator.ScreenshotAsync("referral-all-coordinator");
        await coordinator.AssertAccessibleAsync();
        var response = await coordinator.GotoAsync($"/cases/{caseCode}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(coordinator.GetByTestId("case-not-found")).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.Locator("body")).Not.ToContainTextAsync("Alpha");
    }

    [Fact]
    public async Task A_live_row_and_its_toast_come_in_the_receivers_language_not_the_senders()
    {
        // The push is delivered on a server thread of no particular language; the page must still speak its user's.
        var shelter = await app.SignedInPageAsync(DemoAccount.Shelter, culture: "ru");
        var officer = await SignedInAsync(DemoAccount.Officer);

        await FillNewReferralAsync(officer, "Test Person Gamma");
        await officer.ChooseAsync("r-consent", "Consent given");
        await officer.GetByTestId("referral-submit").ClickAsync();
        await officer.WaitForURLAsync("**/cases/*");
        var caseCode = officer.Url.Split("/cases/")[1];

        var row = shelter.GetByTestId("inbox").Locator("tr").Filter(new() { HasText = caseCode });
        await Assertions.Expect(row).ToBeVisibleAsync(WithinTwoSeconds);
        await Assertions.Expect(row).ToContainTextAsync("Приют");
        await Assertions.Expect(row).ToContainTextAsync("Отправлено");
        await Assertions.Expect(shelter.GetByTestId("toast").Filter(new() { HasText = caseCode })).ToContainTextAsync("Получено направление");
        await Assertions.Expect(shelter.Locator("body")).Not.ToContainTextAsync("Referral received");
        await shelter.ScreenshotAsync("referral-inbox-live-ru");
        await shelter.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Referral_without_consent_is_refused_with_a_clear_message()
    {
        var officer = await SignedInAsync(DemoAccount.Officer);
        await FillNewReferralAsync(officer, "Test Person Beta");

        await officer.GetByTestId("referral-submit").ClickAsync();

        // The message sits at the field it is about, and the top of the form says that fields need attention.
        await Assertions.Expect(officer.GetByTestId("referral-error")).ToBeVisibleAsync();
        var consentField = officer.Locator(".mud-input-control").Filter(new() { Has = officer.GetByTestId("r-consent") });
        await Assertions.Expect(consentField).ToContainTextAsync("Record the person's consent");
        Assert.EndsWith("/referrals/new", officer.Url);
        await officer.ScreenshotAsync("referral-new-no-consent");
        await officer.AssertAccessibleAsync();
    }
}
