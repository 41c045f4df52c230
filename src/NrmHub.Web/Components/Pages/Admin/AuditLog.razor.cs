using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MudBlazor;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.Admin;

/// <summary>Reads the audit trail, newest first. There is deliberately no way to change or remove an entry here.</summary>
public sealed partial class AuditLog
{
    /// <summary>The "who" filter's value for entries of the system itself (no user).</summary>
    private const string SystemValue = "(system)";

    private MudDataGrid<Row>? grid;
    private IReadOnlyList<string> entityTypes = [];
    private IReadOnlyList<string> actions = [];
    private Dictionary<string, string> users = [];
    private Dictionary<int, string> actorNames = [];
    private AuditText? text;
    private int count;
    private string? who;
    private string? action;
    private string? entityType;
    private string? key;
    private DateTime? dateFrom;
    private DateTime? dateTo;
    private Row? selected;
    private string? before;
    private string? after;

    // The grid loads its data only once the page is interactive, never in the prerender, so this is one per visit.
    private bool visitAudited;

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject] public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }
    [Inject] public required CountryProfile Profile { get; init; }
    [Inject] public required CountryTime Time { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required ILogger<AuditLog> Log { get; init; }

    protected override async Task OnInitializedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var (types, acts, userIds) = await AuditQueries.ChoicesAsync(db);
        (entityTypes, actions) = (types, acts);
        users = (await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync())
            .OrderBy(u => u.DisplayName, StringComparer.CurrentCulture)
            .ToDictionary(u => u.Id, u => u.DisplayName);
        var actors = await db.Actors.AsNoTracking().ToListAsync();
        actorNames = actors.ToDictionary(a => a.Id, a => a.ShortNameIn(Cultures.Current));
        text = new AuditText(L, Profile, actorNames, actors.ToDictionary(a => a.Code, a => a.ShortNameIn(Cultures.Current)));
    }

    private string WhoName(string? id) => id switch
    {
        null => "",
        SystemValue => L["Admin.Audit.System"],
        _ => users.GetValueOrDefault(id) ?? L["Admin.Audit.UnknownUser"],
    };

    private AuditFilter Filter() => new(
        UserId: who is null or SystemValue ? null : who,
        SystemOnly: who == SystemValue,
        Action: action,
        EntityType: entityType,
        Key: key,
        FromUtc: dateFrom is { } from ? LocalMidnightToUtc(from) : null,
        ToUtc: dateTo is { } to ? LocalMidnightToUtc(to.AddDays(1)) : null);

    /// <summary>A day picked in the country's calendar, as the UTC instant it starts.</summary>
    private DateTime LocalMidnightToUtc(DateTime day) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day.Date, DateTimeKind.Unspecified), Time.Zone);

    private async Task FilterAsync()
    {
        selected = null;
        if (grid is not null)
        {
            await grid.ReloadServerData();
        }
    }

    private async Task<GridData<Row>> LoadAsync(GridState<Row> state, CancellationToken ct)
    {
        try
        {
            return await QueryAsync(state, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The grid swallows what its ServerData throws and keeps spinning: say what went wrong.
            Log.LogError(e, "Reading the audit trail failed");
            throw;
        }
    }

    private async Task<GridData<Row>> QueryAsync(GridState<Row> state, CancellationToken ct)
    {
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        var filter = Filter();
        var page = await AuditQueries.QueryAsync(db, filter, state.Page * state.PageSize, state.PageSize, ct);
        count = page.Total;
        if (!visitAudited)
        {
            visitAudited = true;
            await AuditQueries.RecordReadAsync(db, Clock.GetUtcNow().UtcDateTime, (await AuthState).User.ToAuditUser(), filter, page.Total, ct);
        }

        var rows = page.Rows.Select(a => new Row(
            a.Id,
            a.AtUtc,
            a.UserId is null ? L["Admin.Audit.System"] : users.GetValueOrDefault(a.UserId) ?? L["Admin.Audit.UnknownUser"],
            a.UserActorId is { } actorId ? actorNames.GetValueOrDefault(actorId) : null,
            a.Action,
            a.EntityType,
            a.EntityKey)).ToList();
        return new GridData<Row> { Items = rows, TotalItems = page.Total };
    }

    private async Task ShowAsync(Row row)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var entry = await db.AuditEntries.AsNoTracking().Where(a => a.Id == row.Id).Select(a => new { a.Before, a.After }).SingleOrDefaultAsync();
        (before, after) = (entry?.Before, entry?.After);
        selected = row;
    }

    public sealed record Row(long Id, DateTime AtUtc, string Who, string? Organisation, string Action, string EntityType, string Key);
}
