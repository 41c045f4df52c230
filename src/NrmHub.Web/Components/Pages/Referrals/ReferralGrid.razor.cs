using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MudBlazor;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Localization;
using NrmHub.Web.Resources;
using NotificationMessage = NrmHub.Core.Notifications.NotificationMessage;

namespace NrmHub.Web.Components.Pages.Referrals;

public sealed partial class ReferralGrid
{
    private MudDataGrid<ReferralSummary>? grid;
    private Dictionary<int, string> shortNames = [];
    private Caller? caller;
    private string? caseCode;
    private IReadOnlyCollection<ReferralState> states = [];
    private Urgency? urgency;
    private ServiceType? service;
    private string? region;
    private DateTime? sentFrom;
    private DateTime? sentTo;
    private bool reloadingQuietly;
    private bool filtersOpen;

    // The page on screen, and a patched page for LoadAsync to hand the grid instead of asking the database.
    private List<ReferralSummary> shown = [];
    private int shownTotal;
    private GridData<ReferralSummary>? patched;

    [Inject] public required ReferralService Referrals { get; init; }
    [Inject] public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }
    [Inject] public required CountryTime Time { get; init; }
    [Inject] public required CountryProfile Profile { get; init; }
    [Inject] public required IStringLocalizer<UiText> Text { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter, EditorRequired]
    public ReferralScope Scope { get; set; }

    [Parameter, EditorRequired]
    public required string TestId { get; set; }

    /// <summary>Where a row's case code leads; null shows the code without a link.</summary>
    [Parameter]
    public Func<ReferralSummary, string>? Link { get; set; }

    private int MoreFiltersInUse => (states.Count > 0 ? 1 : 0) + (urgency is null ? 0 : 1) + (service is null ? 0 : 1) + (region is null ? 0 : 1)
        + (sentFrom is null ? 0 : 1) + (sentTo is null ? 0 : 1);

    private bool Filtered => !string.IsNullOrWhiteSpace(caseCode) || MoreFiltersInUse > 0;

    protected override async Task OnInitializedAsync()
    {
        caller = (await AuthState).User.ToCaller();
        await using var db = await DbFactory.CreateDbContextAsync();
        shortNames = (await db.Actors.AsNoTracking().ToListAsync()).ToDictionary(a => a.Id, a => a.ShortNameIn(Cultures.Current));
    }

    private Dictionary<string, object> TestIdFor(string field) => new() { ["data-testid"] = $"{TestId}-{field}" };

    private string ShortName(int actorId) => shortNames.GetValueOrDefault(actorId) ?? "—";

    private string RegionName(string key) => Profile.RegionName(key, Cultures.Current);

    private async Task<GridData<ReferralSummary>> LoadAsync(GridState<ReferralSummary> state, CancellationToken ct)
    {
        if (caller is null)
        {
            return new GridData<ReferralSummary> { Items = [], TotalItems = 0 };
        }

        if (patched is { } live)
        {
            shownTotal = live.TotalItems;
            shown = [.. live.Items];
            return live;
        }

        var sort = state.SortDefinitions.FirstOrDefault();
        var query = new ReferralQuery(
            Scope,
            States: states.ToList(),
            Urgency: urgency,
            Service: service,
            SentFrom: sentFrom is { } from ? DateOnly.FromDateTime(from) : null,
            SentTo: sentTo is { } to ? DateOnly.FromDateTime(to) : null,
            Region: region,
            CaseCode: caseCode,
            Sort: sort?.SortBy switch
            {
                nameof(ReferralSummary.CaseCode) => ReferralSort.CaseCode,
                nameof(ReferralSummary.State) => ReferralSort.State,
                nameof(ReferralSummary.Urgency) => ReferralSort.Urgency,
                nameof(ReferralSummary.LastChangeUtc) => ReferralSort.LastChange,
                _ => ReferralSort.Newest,
            },
            Descending: sort?.Descending ?? true,
            Skip: state.Page * state.PageSize,
            Take: state.PageSize);
        var page = await Referrals.QueryAsync(caller, query, Time.Zone, audit: !reloadingQuietly, ct);
        shown = [.. page.Rows];
        shownTotal = page.Total;
        return new GridData<ReferralSummary> { Items = page.Rows, TotalItems = page.Total };
    }

    private async Task OnStatesChangedAsync(IEnumerable<ReferralState>? values)
    {
        states = values?.ToList() ?? [];
        await ReloadAsync();
    }

    private Task ReloadAsync() => grid?.ReloadServerData() ?? Task.CompletedTask;

    /// <summary>
    /// Each notification names one referral; the grid reads those rows (by key, in one query per batch) and patches the
    /// page it shows: a changed row is replaced where it stands, a new one goes on top of the default view (newest
    /// first, first page, no filter). Only where neither is right (another sort, a filter, a later page, a row that
    /// left the view) is the page re-read, once per batch and still bounded by the page size. The cost of a
    /// notification therefore does not grow with the length of the list (issue 13), and none of this is a new audited
    /// read: the user is still on the view they opened.
    /// </summary>
    private async Task OnNotificationsAsync(IReadOnlyList<NotificationMessage> notifications)
    {
        var ids = notifications.Select(n => n.ReferralId).OfType<int>().Distinct().Order().ToList();
        if (grid is null || caller is null || ids.Count == 0)
        {
            return;
        }

        var summaries = await Referrals.FindSummariesAsync(caller, ids);
        var sort = grid.SortDefinitions.Values.FirstOrDefault();
        // No sort chosen is the newest first (there is no Id column to sort by).
        var defaultView = !Filtered && grid.CurrentPage == 0 && sort is null;
        // Those sorts do not move a row whose state changed.
        var rowsStayPut = !Filtered && (sort is null || sort.SortBy is nameof(ReferralSummary.CaseCode) or nameof(ReferralSummary.Urgency));
        var total = shownTotal;
        var changed = false;
        var reread = false;
        // Oldest first, so that the newest of several new rows ends on top.
        foreach (var id in ids)
        {
            var summary = summaries.GetValueOrDefault(id);
            var belongs = summary is not null && (Scope switch
            {
                ReferralScope.Incoming => summary.ToActorId == caller.ActorId && summary.State != ReferralState.Draft,
                ReferralScope.Outgoing => summary.FromActorId == caller.ActorId,
                _ => true,
            });
            var index = shown.FindIndex(r => r.Id == id);
            if (index >= 0 && belongs && rowsStayPut)
            {
                shown[index] = summary!;
                changed = true;
            }
            else if (index < 0 && belongs && defaultView && id > shown.Select(r => r.Id).DefaultIfEmpty(0).Max())
            {
                shown.Insert(0, summary!);
                if (shown.Count > grid.RowsPerPage)
                {
                    shown.RemoveAt(shown.Count - 1);
                }

                total++;
                changed = true;
            }
            else if (index >= 0 || belongs)
            {
                reread = true;
            }

            // Otherwise not in this view and not for it (the other side's list of the same actor, say): nothing to show.
        }

        if (!changed && !reread)
        {
            return;
        }

        patched = reread ? null : new GridData<ReferralSummary> { Items = [.. shown], TotalItems = total };
        reloadingQuietly = true;
        try
        {
            await grid.ReloadServerData();
        }
        finally
        {
            reloadingQuietly = false;
            patched = null;
        }
    }
}
