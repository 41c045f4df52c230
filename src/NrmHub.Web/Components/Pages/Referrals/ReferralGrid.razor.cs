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

    private bool Filtered => !string.IsNullOrWhiteSpace(caseCode) || states.Count > 0 || urgency is not null || service is not null
        || region is not null || sentFrom is not null || sentTo is not null;

    protected override async Task OnInitializedAsync()
    {
        caller = (await AuthState).User.ToCaller();
        await using var db = await DbFactory.CreateDbContextAsync();
        shortNames = (await db.Actors.AsNoTracking().ToListAsync()).ToDictionary(a => a.Id, a => a.ShortNameIn(Cultures.Current));
    }

    private string ShortName(int actorId) => shortNames.GetValueOrDefault(actorId) ?? "—";

    private string RegionName(string key) => Profile.RegionName(key, Cultures.Current);

    private async Task<GridData<ReferralSummary>> LoadAsync(GridState<ReferralSummary> state, CancellationToken ct)
    {
        if (caller is null)
        {
            return new GridData<ReferralSummary> { Items = [], TotalItems = 0 };
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
        return new GridData<ReferralSummary> { Items = page.Rows, TotalItems = page.Total };
    }

    private async Task OnStatesChangedAsync(IEnumerable<ReferralState>? values)
    {
        states = values?.ToList() ?? [];
        await ReloadAsync();
    }

    private Task ReloadAsync() => grid?.ReloadServerData() ?? Task.CompletedTask;

    /// <summary>
    /// A notification names one referral. The grid re-reads its current page only (bounded by the page size, whatever
    /// the length of the list), and not as a new audited read: the user is still looking at the view they opened.
    /// </summary>
    private async Task OnNotificationAsync(NotificationMessage message)
    {
        if (grid is null || message.ReferralId is null)
        {
            return;
        }

        reloadingQuietly = true;
        try
        {
            await grid.ReloadServerData();
        }
        finally
        {
            reloadingQuietly = false;
        }
    }
}
