using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Hubs;
using NrmHub.Web.Localization;
using NrmHub.Web.Resources;
using NotificationMessage = NrmHub.Core.Notifications.NotificationMessage;

namespace NrmHub.Web.Components.Pages.Referrals;

public sealed partial class ReferralGrid
{
    private const int DefaultPageSize = 25;
    private static readonly int[] PageSizes = [10, DefaultPageSize, 50, 100];

    private sealed record Column(string Title, ReferralSort? Sort);

    private static readonly Column[] Columns =
    [
        new("Referral.CaseCode", ReferralSort.CaseCode),
        new("Referral.From", null),
        new("Referral.To", null),
        new("Referral.Services", null),
        new("Referral.Urgency", ReferralSort.Urgency),
        new("Referral.State", ReferralSort.State),
        new("Referral.LastChange", ReferralSort.LastChange),
    ];

    private Dictionary<int, string> shortNames = [];
    private Caller? caller;
    private string? caseCode;
    private IReadOnlyCollection<ReferralState> states = [];
    private Urgency? urgency;
    private ServiceType? service;
    private string? region;
    private DateTime? sentFrom;
    private DateTime? sentTo;
    private bool filtersOpen;

    // The view: page (from 0), page size and sort; no sort chosen is the newest first.
    private int page;
    private int pageSize = DefaultPageSize;
    private ReferralSort? sortBy;
    private bool descending;

    // The page on screen. A load that an earlier-started one finishes after is dropped (loads counts them).
    private List<ReferralSummary> shown = [];
    private int shownTotal;
    private bool loaded;
    private int loads;

    private int LastPage => Math.Max(0, (shownTotal - 1) / pageSize);

    [Inject] public required ReferralService Referrals { get; init; }
    [Inject] public required LiveUpdates Live { get; init; }
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

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // After the first render, which a prerender has none of: the page is read (and audited) once, by the live circuit.
        if (firstRender)
        {
            await LoadAsync(audit: true);
            StateHasChanged();
        }
    }

    private Dictionary<string, object> TestIdFor(string field) => new() { ["data-testid"] = $"{TestId}-{field}" };

    private string ShortName(int actorId) => shortNames.GetValueOrDefault(actorId) ?? "—";

    private string RegionName(string key) => Profile.RegionName(key, Cultures.Current);

    /// <summary>Reads the page in view. Audited as a list read unless it is a live refresh of the view already read.</summary>
    private async Task LoadAsync(bool audit)
    {
        if (caller is null)
        {
            return;
        }

        var load = ++loads;
        var query = new ReferralQuery(
            Scope,
            States: states.ToList(),
            Urgency: urgency,
            Service: service,
            SentFrom: sentFrom is { } from ? DateOnly.FromDateTime(from) : null,
            SentTo: sentTo is { } to ? DateOnly.FromDateTime(to) : null,
            Region: region,
            CaseCode: caseCode,
            Sort: sortBy ?? ReferralSort.Newest,
            Descending: sortBy is null || descending,
            Skip: page * pageSize,
            Take: pageSize);
        var result = await Referrals.QueryAsync(caller, query, Time.Zone, audit, CancellationToken.None);
        if (load != loads)
        {
            return;
        }

        shown = [.. result.Rows];
        shownTotal = result.Total;
        loaded = true;
        if (page > LastPage)
        {
            // The list got shorter than the page in view (a filter, or rows that left it): show its last page.
            page = LastPage;
            await LoadAsync(audit: false);
        }
    }

    private async Task OnStatesChangedAsync(IEnumerable<ReferralState>? values)
    {
        states = values?.ToList() ?? [];
        await ReloadAsync();
    }

    /// <summary>A new filter is a new view: from its first page, and a new audited read.</summary>
    private Task ReloadAsync()
    {
        page = 0;
        return LoadAsync(audit: true);
    }

    /// <summary>Ascending, then descending, then back to the newest first, as MudBlazor's grids do.</summary>
    private Task SortByAsync(ReferralSort column)
    {
        (sortBy, descending) = sortBy != column ? ((ReferralSort?)column, false) : descending ? (null, false) : (column, true);
        return ReloadAsync();
    }

    private string? AriaSort(ReferralSort? column) =>
        column is null ? null : sortBy != column ? "none" : descending ? "descending" : "ascending";

    private string SortClass(ReferralSort column) => sortBy != column ? "" : descending ? "mud-direction-desc" : "mud-direction-asc";

    private Task GoToPageAsync(int target)
    {
        page = Math.Clamp(target, 0, LastPage);
        return LoadAsync(audit: true);
    }

    private Task PageSizeChangedAsync(ChangeEventArgs e)
    {
        // Only the sizes offered: a value forged in the browser falls back to the default rather than reaching the query.
        pageSize = int.TryParse(e.Value?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
            && PageSizes.Contains(size) ? size : DefaultPageSize;
        return ReloadAsync();
    }

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
        if (!loaded || caller is null || ids.Count == 0)
        {
            return;
        }

        // The live path has usually read these rows once for every open page (LiveUpdates); only the rest are read here.
        var summaries = new Dictionary<int, ReferralSummary>();
        var unread = new List<int>();
        foreach (var id in ids)
        {
            if (!Live.TryGetReferral(id, out var shared))
            {
                unread.Add(id);
            }
            else if (ReferralService.MaySee(caller, shared))
            {
                summaries[id] = shared;
            }
        }

        if (unread.Count > 0)
        {
            foreach (var (id, summary) in await Referrals.FindSummariesAsync(caller, unread))
            {
                summaries[id] = summary;
            }
        }

        var defaultView = !Filtered && page == 0 && sortBy is null;
        // Those sorts do not move a row whose state changed.
        var rowsStayPut = !Filtered && sortBy is null or ReferralSort.CaseCode or ReferralSort.Urgency;
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
                if (shown.Count > pageSize)
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

        if (reread)
        {
            await LoadAsync(audit: false);
        }
        else if (changed)
        {
            shownTotal = total;
        }
    }
}
