using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Web.Components.Account;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using NrmHub.Web.Localization;
using NrmHub.Web.Resources;
using NotificationMessage = NrmHub.Core.Notifications.NotificationMessage;

namespace NrmHub.Web.Components.Pages.Referrals;

public sealed partial class CaseDetail
{
    private CaseView? view;
    private Caller? caller;
    private bool loaded;
    private string? message;

    [Parameter]
    public string Code { get; set; } = "";

    [Inject]
    public required ReferralService Referrals { get; init; }

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    [Inject]
    public required CountryTime Time { get; init; }

    [Inject]
    public required IStringLocalizer<UiText> Text { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>Present while prerendering: lets a refused case answer 404, as endpoints and the hub do.</summary>
    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    private Dictionary<int, Actor> Names { get; set; } = [];

    protected override async Task OnParametersSetAsync()
    {
        caller = (await AuthState).User.ToCaller();
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            Names = await db.Actors.AsNoTracking().ToDictionaryAsync(a => a.Id);
        }

        await LoadAsync();
    }

    private async Task LoadAsync(bool audit = true)
    {
        view = caller is null ? null : await Referrals.GetCaseAsync(caller, Code, audit: audit);
        loaded = true;
        if (view is null && HttpContext is { Response.HasStarted: false })
        {
            HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private string NotRecorded => Text["NotRecorded"];

    /// <summary>An empty field says so, rather than leaving a gap the reader cannot tell from a rendering fault.</summary>
    private string Or(string? value) => string.IsNullOrWhiteSpace(value) ? NotRecorded : value;

    private string ShortName(int actorId) => Names.GetValueOrDefault(actorId)?.ShortNameIn(NrmHub.Web.Localization.Cultures.Current) ?? "—";

    [Inject]
    public required NrmHub.Core.Seed.CountryProfile Profile { get; init; }

    private string RegionName(string key) => Profile.RegionName(key, NrmHub.Web.Localization.Cultures.Current);

    private async Task PrintAsync() => await JS.InvokeVoidAsync("print");

    private async Task OnNotificationsAsync(IReadOnlyList<NotificationMessage> notifications)
    {
        if (notifications.Any(n => n.CaseCode == Code))
        {
            // The view already open, brought up to date: not a new read of the case.
            await LoadAsync(audit: false);
        }
    }

    private async Task OnActionAsync(string? outcomeMessage)
    {
        message = outcomeMessage;
        // The action itself was audited as a write; showing its result is the same view.
        await LoadAsync(audit: false);
    }
}
