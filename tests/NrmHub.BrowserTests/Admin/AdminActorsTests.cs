using Microsoft.Playwright;
using NrmHub.BrowserTests.Infrastructure;

namespace NrmHub.BrowserTests.Admin;

/// <summary>
/// The browser tests share one app and database, so these create actors with codes of their own and change
/// nothing that other tests rely on.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminActorsTests(AppServerFixture app)
{
    private static string UniqueCode(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private async Task<IPage> SignedInAsync(string path, string? culture = null)
    {
        var page = await app.NewPageAsync(culture);
        await page.SignInAsync(DemoAccount.Admin.Email, DemoAccount.Admin.Password);
        await page.WaitForURLAsync($"**{DemoAccount.Admin.Home}");
        await page.GotoAsync(path);
        await WaitUntilInteractiveAsync(page);
        return page;
    }

    /// <summary>
    /// Admin pages are prerendered; a click before the circuit takes over is lost and typed text is overwritten.
    /// Each admin page marks its title once it renders interactively.
    /// </summary>
    private static Task WaitUntilInteractiveAsync(IPage page) =>
        page.Locator("[data-testid=page-title][data-interactive=yes]").WaitForAsync();

    /// <summary>Creates an actor through the editor, with one mandate for <paramref name="service"/>.</summary>
    private static async Task CreateActorAsync(IPage page, string code, string shortName, string service)
    {
        await page.GotoAsync("/admin/actors/new");
        await WaitUntilInteractiveAsync(page);
        await page.GetByTestId("actor-code").FillAsync(code);
        await page.GetByTestId("actor-short-name").FillAsync(shortName);
        await page.GetByTestId("actor-name-en").FillAsync($"{shortName} (browser test)");
        await page.GetByTestId("actor-name-az").FillAsync($"{shortName} (sınaq)");
        await page.GetByTestId("mandate-add").ClickAsync();
        await page.GetByTestId("mandate-services-0").GetByLabel(service, new() { Exact = true }).CheckAsync();
        await page.GetByTestId("actor-save").ClickAsync();
        await page.WaitForURLAsync($"**/admin/actors?saved={code}");
        await Assertions.Expect(page.GetByTestId("admin-actor-grid")).ToContainTextAsync(code);
    }

    [Fact]
    public async Task Actors_editor_shows_messages_at_the_fields_then_creates_an_actor_with_a_mandate()
    {
        var page = await SignedInAsync("/admin/actors");
        await Assertions.Expect(page.GetByTestId("nav-admin-actors")).ToBeVisibleAsync();
        await page.GetByTestId("admin-actor-search").FillAsync("mia-thb");
        await Assertions.Expect(page.GetByTestId("admin-actor-grid")).ToContainTextAsync("MIA THB Dept");

        await page.GetByTestId("admin-actor-new").ClickAsync();
        await page.WaitForURLAsync("**/admin/actors/new");
        await WaitUntilInteractiveAsync(page);
        await page.GetByTestId("actor-code").FillAsync("Not A Code");
        await page.GetByTestId("contact-add").ClickAsync();
        await page.GetByTestId("contact-role-0").FillAsync("Unit e-mail");
        await page.ChooseAsync("contact-kind-0", "E-mail");
        await page.GetByTestId("contact-value-0").FillAsync("not-an-address");
        await page.GetByTestId("mandate-add").ClickAsync();
        await page.GetByLabel("Capacity (places)").FillAsync("2");
        await Assertions.Expect(page.GetByTestId("mandate-capacity-0")).ToHaveValueAsync("2");
        await page.GetByLabel("Occupied places").FillAsync("5");
        await page.GetByTestId("actor-save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("editor-errors")).ToContainTextAsync("Nothing was saved");
        await Assertions.Expect(page.GetByTestId("err-Code")).ToContainTextAsync("2–64 characters");
        await Assertions.Expect(page.GetByTestId("err-ShortName")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("err-NameEn")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("err-Contacts-0-Value")).ToContainTextAsync("not an e-mail address");
        await Assertions.Expect(page.GetByTestId("err-Mandates-0-Services")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("err-Mandates-0-Occupancy")).ToBeVisibleAsync();
        await page.ScreenshotAsync("admin-actor-editor-errors");
        await page.AssertAccessibleAsync();

        var code = UniqueCode("bt-ngo");
        await CreateActorAsync(page, code, "BT NGO", "Shelter");
        await Assertions.Expect(page.GetByTestId("actors-message")).ToContainTextAsync(code);
        await page.ScreenshotAsync("admin-actors");
        await page.AssertAccessibleAsync();

        await page.GetByTestId($"edit-{code}").ClickAsync();
        await page.WaitForURLAsync($"**/admin/actors/edit/{code}");
        await WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("mandate-services-0").GetByLabel("Shelter", new() { Exact = true })).ToBeCheckedAsync();
        await page.GetByTestId("actor-short-name").FillAsync("BT NGO renamed");
        await page.GetByTestId("actor-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("editor-saved")).ToBeVisibleAsync();
        await page.ScreenshotAsync("admin-actor-editor");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task A_pasted_40800_character_legal_basis_stops_at_its_limit_keeps_the_connection_and_saves_what_the_page_shows()
    {
        var page = await SignedInAsync("/admin/actors");
        var code = UniqueCode("bt-law");
        await CreateActorAsync(page, code, "BT Law", "Legal aid");
        await page.GotoAsync($"/admin/actors/edit/{code}");
        await WaitUntilInteractiveAsync(page);
        await page.AssertEveryFieldLimitedAsync();

        // A whole statute pasted in: 40,800 characters of Azerbaijani, 80 KB as UTF-8, well past one circuit message.
        var statute = string.Concat(Enumerable.Repeat("Qanunun maddəsi əsasında şəxslərə yardım göstərilir. ", 800))[..40_800];
        var basis = page.GetByTestId("mandate-basis-0");
        await basis.ClickAsync();
        await page.Keyboard.InsertTextAsync(statute);

        var shown = await basis.InputValueAsync();
        Assert.Equal(statute[..1000], shown);
        await Assertions.Expect(page.Locator(".mud-input-control:has([data-testid=mandate-basis-0])")).ToContainTextAsync("1000 / 1000");
        await page.GetByTestId("actor-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("editor-saved")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("reconnect")).ToBeHiddenAsync();
        await page.ScreenshotAsync("admin-actor-pasted-statute");

        // What was saved is what the page showed: read back from the database on a fresh page.
        await page.GotoAsync($"/admin/actors/edit/{code}");
        await WaitUntilInteractiveAsync(page);
        Assert.Equal(shown, await page.GetByTestId("mandate-basis-0").InputValueAsync());
    }

    [Fact]
    public async Task Channels_self_loop_is_refused_at_the_field_and_a_valid_channel_is_created()
    {
        var page = await SignedInAsync("/admin/channels");
        var from = UniqueCode("bt-from");
        var to = UniqueCode("bt-to");
        await CreateActorAsync(page, from, "BT Police", "Identification");
        await CreateActorAsync(page, to, "BT Shelter", "Shelter");

        await page.GotoAsync("/admin/channels");
        await WaitUntilInteractiveAsync(page);
        await page.GetByTestId("admin-channel-new").ClickAsync();
        await page.ChooseAsync("channel-from", $"BT Police ({from})");
        await page.ChooseAsync("channel-to", $"BT Police ({from})");
        await page.GetByTestId("channel-services").GetByLabel("Identification", new() { Exact = true }).CheckAsync();
        await page.GetByTestId("channel-save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("err-ToActorId")).ToContainTextAsync("cannot lead back to the same actor");
        await page.ScreenshotAsync("admin-channel-self-loop");
        await page.AssertEveryFieldLimitedAsync();
        await page.AssertAccessibleAsync();

        await page.ChooseAsync("channel-to", $"BT Shelter ({to})");
        await Assertions.Expect(page.GetByTestId("channel-to-mandates")).ToContainTextAsync("Shelter");
        await page.GetByTestId("channel-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("err-Services")).ToContainTextAsync("no mandate for: Identification");

        await page.GetByTestId("channel-services").GetByLabel("Identification", new() { Exact = true }).UncheckAsync();
        await page.GetByTestId("channel-services").GetByLabel("Shelter", new() { Exact = true }).CheckAsync();
        await page.ChooseAsync("channel-basis", "Memorandum");
        await page.GetByTestId("channel-time-limit").FillAsync("within 24 hours");
        await page.GetByTestId("channel-save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("channels-message")).ToContainTextAsync("was created");
        await Assertions.Expect(page.GetByTestId("channel-editor")).ToHaveCountAsync(0);
        await page.GetByTestId("admin-channel-search").FillAsync(from);
        await Assertions.Expect(page.GetByTestId("admin-channel-grid")).ToContainTextAsync("BT Shelter");
        await Assertions.Expect(page.GetByTestId("admin-channel-grid")).ToContainTextAsync("within 24 hours");
        await page.ScreenshotAsync("admin-channels");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Audit_viewer_lists_the_changes_newest_first_and_shows_before_and_after()
    {
        var page = await SignedInAsync("/admin/actors");
        var code = UniqueCode("bt-audit");
        await CreateActorAsync(page, code, "BT Audit", "Medical care");
        await page.GetByTestId("admin-actor-search").FillAsync(code);
        await page.GetByTestId($"toggle-{code}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("actors-message")).ToContainTextAsync("deactivated");

        await page.GetByTestId("nav-admin-audit").ClickAsync();
        await page.WaitForURLAsync("**/admin/audit");
        await WaitUntilInteractiveAsync(page);
        await page.GetByTestId("audit-key").FillAsync(code);
        await Assertions.Expect(page.GetByTestId("audit-count")).ToContainTextAsync("2 entries");
        var rows = page.GetByTestId("audit-grid").Locator("tbody tr");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("actor.deactivate");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("actor.create");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Demo Administrator");

        await rows.Nth(0).GetByRole(AriaRole.Button).ClickAsync();
        var diff = page.GetByTestId("audit-diff");
        await Assertions.Expect(diff.Locator("[data-path=isActive]")).ToHaveTextAsync("Status");
        await Assertions.Expect(diff.Locator(".nrm-diff-before")).ToHaveTextAsync("true");
        await Assertions.Expect(diff.Locator(".nrm-diff-after")).ToHaveTextAsync("false");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).CountAsync());
        await page.ScreenshotAsync("admin-audit");
        await page.AssertAccessibleAsync();
    }

    [Theory]
    [InlineData("ru-RU", "Каналы направления", "Журнал аудита")]
    [InlineData("az-AZ", "Göndəriş kanalları", "Audit jurnalı")]
    public async Task AdminPages_in_other_languages_are_translated(string culture, string channelsTitle, string auditTitle)
    {
        var page = await SignedInAsync("/admin/channels", culture);
        await Assertions.Expect(page.GetByTestId("page-title")).ToHaveTextAsync(channelsTitle);
        await page.GetByTestId("admin-channel-new").ClickAsync();
        await page.GetByTestId("channel-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("err-FromActorId")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("err-FromActorId")).Not.ToContainTextAsync("Choose an actor");
        await page.ScreenshotAsync($"admin-channels-{culture}");

        await page.GotoAsync("/admin/audit");
        await WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("page-title")).ToHaveTextAsync(auditTitle);
        await page.AssertAccessibleAsync();
    }
}
