using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.Admin;

public sealed partial class AdminActors
{
    private List<Row> rows = [];
    private string search = "";
    private bool showInactive = true;
    private string? message;
    private bool messageIsError;

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject]
    public required ActorAdministration Administration { get; init; }

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    /// <summary>The code of an actor just created by the editor, which sends the administrator back here.</summary>
    [SupplyParameterFromQuery(Name = "saved")]
    public string? SavedCode { get; set; }

    private IEnumerable<Row> Visible => rows
        .Where(r => showInactive || r.IsActive)
        .Where(r => string.IsNullOrWhiteSpace(search) || r.SearchText.Contains(search.Trim(), StringComparison.CurrentCultureIgnoreCase));

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        if (SavedCode is not null && rows.Any(r => r.Code == SavedCode))
        {
            message = string.Format(L["Admin.Actors.Created"], SavedCode);
            search = SavedCode;
        }
    }

    private async Task LoadAsync()
    {
        var lang = Cultures.Current;
        await using var db = await DbFactory.CreateDbContextAsync();
        var actors = await db.Actors.AsNoTracking().Include(a => a.Mandates).OrderBy(a => a.ShortName).ToListAsync();
        rows = actors.Select(a => new Row(a.Code, a.ShortNameIn(lang), a.Name(lang), L[$"ActorKind.{a.Kind}"], a.Mandates.Count, a.IsActive)).ToList();
    }

    private async Task SetActiveAsync(Row row, bool active)
    {
        var result = await Administration.SetActorActiveAsync(row.Code, active, (await AuthState).User.ToAuditUser());
        messageIsError = !result.Succeeded;
        message = result.Succeeded
            ? string.Format(active ? L["Admin.Actors.Reactivated"] : L["Admin.Actors.Deactivated"], row.ShortName)
            : string.Join(" ", result.Errors.Select(L.Message));
        if (result.Succeeded && !active)
        {
            // Their accounts stay enabled until an administrator disables or moves them: say so, with the number.
            await using var db = await DbFactory.CreateDbContextAsync();
            var actorId = await db.Actors.Where(a => a.Code == row.Code).Select(a => a.Id).SingleAsync();
            message += " " + string.Format(L["Admin.Actors.UsersLeft"], await Core.Identity.UserAdministration.CountForActorAsync(db, actorId));
        }
        await LoadAsync();
    }

    private sealed record Row(string Code, string ShortName, string Name, string KindName, int Mandates, bool IsActive)
    {
        public string SearchText { get; } = string.Join(" ", Code, ShortName, Name, KindName);
    }
}
