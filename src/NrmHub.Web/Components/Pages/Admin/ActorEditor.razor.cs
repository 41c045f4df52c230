using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.Admin;

public sealed partial class ActorEditor
{
    private ActorForm? form;
    private AdminResult? result;
    private List<(int Id, string Label)> parents = [];
    private bool notFound;
    private bool saved;

    [Parameter]
    public string? Code { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject]
    public required ActorAdministration Administration { get; init; }

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    [Inject]
    public required CountryProfile Profile { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private bool IsNew => Code is null;

    private string Title => IsNew ? L["Admin.Actors.New"] : string.Format(L["Admin.Actors.Edit"], form?.ShortName ?? Code);

    protected override async Task OnParametersSetAsync() => await ReloadAsync();

    private async Task ReloadAsync()
    {
        result = null;
        saved = false;
        form = IsNew ? new ActorForm() : await Administration.LoadActorAsync(Code!);
        notFound = form is null;
        await using var db = await DbFactory.CreateDbContextAsync();
        parents = (await db.Actors.AsNoTracking().Where(a => a.Code != Code).OrderBy(a => a.ShortName)
                .Select(a => new { a.Id, a.ShortName, a.Code }).ToListAsync())
            .Select(a => (a.Id, $"{a.ShortName} ({a.Code})")).ToList();
    }

    /// <summary>A shelter's address is restricted by rule; choosing the kind sets it, so the form does not start out wrong.</summary>
    private void KindChanged()
    {
        if (form is { Kind: ActorKind.Shelter })
        {
            form.AddressDisclosure = Disclosure.Restricted;
        }
    }

    private bool Has(string field) => result?.For(field).Any() == true;

    private string RegionName(string key) => Profile.RegionName(key, Cultures.Current);

    private string ParentLabel(int? id) => id is null ? "" : parents.FirstOrDefault(p => p.Id == id).Label ?? "";

    private async Task SaveAsync()
    {
        if (form is null)
        {
            return;
        }

        saved = false;
        var by = (await AuthState).User.ToAuditUser();
        result = IsNew ? await Administration.CreateActorAsync(form, by) : await Administration.UpdateActorAsync(form, by);
        if (!result.Succeeded)
        {
            return;
        }

        if (IsNew)
        {
            Navigation.NavigateTo($"admin/actors?saved={Uri.EscapeDataString(form.Code)}");
            return;
        }

        form.Version = result.Version;
        saved = true;
        // Re-read so that new mandates carry their ids for the next save.
        var code = form.Code;
        form = await Administration.LoadActorAsync(code) ?? form;
    }
}
