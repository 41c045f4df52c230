using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Sop;

[Collection(BrowserCollection.Name)]
public sealed class SopPagesTests(AppServerFixture app)
{
    private async Task<IPage> SignedInAsync(DemoAccount account)
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(account.Email, account.Password);
        await page.WaitForURLAsync($"**{account.Home}");
        await page.WaitForCircuitAsync();
        return page;
    }

    /// <summary>What the sweep would have done a day later: the acknowledgement is overdue and escalated once.</summary>
    private async Task MakeAcknowledgementOverdueAsync(string caseCode)
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabaseFile}");
        await connection.OpenAsync();
        var cmd = connection.CreateCommand();
        cmd.CommandText = """
            UPDATE StepInstances SET State = 'Escalated', EscalationLevel = 1, DueAtUtc = $due, RemindAtUtc = $remind, RemindedAtUtc = $remind,
                EscalatedAtUtc = $due, NextActionAtUtc = NULL, Version = Version + 1
            WHERE StepId = 'acknowledge-referral' AND CaseId = (SELECT Id FROM Cases WHERE Code = $code)
            """;
        var now = DateTime.UtcNow;
        cmd.Parameters.AddWithValue("$due", now.AddHours(-3).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$remind", now.AddHours(-9).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$code", caseCode);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task Sop_case_page_shows_the_steps_and_the_coordinator_sees_the_overdue_one()
    {
        var officer = await SignedInAsync(DemoAccount.Officer);
        await officer.GotoAsync("/referrals/new");
        await officer.WaitForCircuitAsync();
        await officer.GetByTestId("p-name").FillAsync("Test Person Sop");
        await officer.ChooseAsync("p-region", "Baku");
        await officer.ChooseAsync("p-form", "Labour exploitation");
        await officer.GetByTestId("service-Shelter").CheckAsync();
        await officer.GetByTestId("receiver-clean-world").CheckAsync();
        await officer.ChooseAsync("r-consent", "Consent given");
        await officer.GetByTestId("referral-submit").ClickAsync();
        await officer.WaitForURLAsync("**/cases/*");
        var caseCode = officer.Url.Split("/cases/")[1];

        var deadlines = officer.GetByTestId("case-deadlines");
        await Assertions.Expect(deadlines.Locator("[data-step='acknowledge-referral']")).ToHaveAttributeAsync("data-state", "Open");
        await Assertions.Expect(deadlines.Locator("[data-step='accept-or-decline']")).ToBeVisibleAsync();
        await Assertions.Expect(deadlines.Locator("[data-step='case-review']")).ToBeVisibleAsync();
        // The police opened this case, so "refer to the police" does not apply.
        await Assertions.Expect(deadlines.Locator("[data-step='refer-to-police']")).ToHaveCountAsync(0);
        await Assertions.Expect(deadlines.Locator("[data-step='acknowledge-referral'] [data-testid='deadline-remaining']")).ToContainTextAsync("left");

        // The officer's organisation owns the case review; the receiver's steps offer no button here.
        await Assertions.Expect(deadlines.Locator("[data-step='acknowledge-referral'] [data-testid='step-done']")).ToHaveCountAsync(0);
        await deadlines.Locator("[data-step='case-review'] [data-testid='step-done']").ClickAsync();
        await Assertions.Expect(officer.GetByTestId("deadline-message")).ToContainTextAsync("Marked done");
        await Assertions.Expect(deadlines.Locator("[data-step='case-review'][data-state='Done']")).ToHaveCountAsync(1);
        await Assertions.Expect(deadlines.Locator("[data-step='case-review'][data-state='Open']")).ToHaveCountAsync(1);

        await MakeAcknowledgementOverdueAsync(caseCode);
        await officer.ReloadAsync();
        await officer.WaitForCircuitAsync();
        var ack = officer.GetByTestId("case-deadlines").Locator("[data-step='acknowledge-referral']");
        await Assertions.Expect(ack).ToHaveAttributeAsync("data-state", "Escalated");
        await Assertions.Expect(ack).ToContainTextAsync("overdue");
        await Assertions.Expect(ack).ToContainTextAsync("Escalated (level 1)");
        await officer.GetByTestId("case-deadlines").ScrollIntoViewIfNeededAsync();
        await officer.ScreenshotAsync("sop-case-deadlines");
        await officer.AssertAccessibleAsync();

        var coordinator = await SignedInAsync(DemoAccount.Coordinator);
        await coordinator.GetByTestId("nav-sop-overdue").ClickAsync();
        await coordinator.WaitForURLAsync("**/sop/overdue");
        await Assertions.Expect(coordinator.GetByTestId("page-title")).ToHaveTextAsync("Overdue SOP steps");
        var row = coordinator.GetByTestId("overdue-row").Filter(new() { HasText = caseCode });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("Acknowledge the referral");
        await Assertions.Expect(coordinator.GetByTestId("overdue-actor").Filter(new() { HasText = "Clean World" })).ToBeVisibleAsync();
        // Pseudonymous: the person's name never reaches the coordinator's page.
        await Assertions.Expect(coordinator.Locator("body")).Not.ToContainTextAsync("Test Person Sop");
        await coordinator.ScreenshotAsync("sop-overdue");
        await coordinator.AssertAccessibleAsync();

        // For the working-group meeting: printed without the app frame, black on white, each region from a new page.
        await coordinator.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(coordinator.Locator(".mud-appbar")).ToBeHiddenAsync();
        await Assertions.Expect(coordinator.Locator(".mud-drawer")).ToBeHiddenAsync();
        await Assertions.Expect(coordinator.GetByTestId("print")).ToBeHiddenAsync();
        Assert.Equal("rgb(255, 255, 255)", await coordinator.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
        var breaks = await coordinator.GetByTestId("overdue-region").EvaluateAllAsync<string[]>("els => els.map(e => getComputedStyle(e).breakBefore)");
        Assert.Equal(["page"], breaks.Skip(1).Distinct().DefaultIfEmpty("page"));
        Assert.NotEqual("page", breaks[0]);
        await coordinator.PdfAsync(new() { Path = Path.Combine(AppServerFixture.ArtifactsDirectory, "sop-overdue-print.pdf"), Format = "A4" });
        await coordinator.EmulateMediaAsync(new() { Media = Media.Screen });

        var azerbaijani = await app.NewPageAsync("az");
        await azerbaijani.SignInAsync(DemoAccount.Coordinator.Email, DemoAccount.Coordinator.Password);
        await azerbaijani.WaitForURLAsync($"**{DemoAccount.Coordinator.Home}");
        await azerbaijani.GotoAsync("/sop/overdue");
        await Assertions.Expect(azerbaijani.GetByTestId("page-title")).ToHaveTextAsync("Gecikmiş SƏP addımları");
        await azerbaijani.ScreenshotAsync("sop-overdue-az");
    }
}
