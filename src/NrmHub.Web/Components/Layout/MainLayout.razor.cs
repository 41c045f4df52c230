using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Localization;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Components.Layout;

public partial class MainLayout
{
    // Open by default: the responsive drawer closes itself below its breakpoint, so phones start with it shut.
    private bool drawerOpen = true;

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    [Inject]
    public required IStringLocalizer<UiText> Text { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>The light or dark palette, chosen by the user and kept in a cookie that App reads on every request.</summary>
    [CascadingParameter(Name = ThemeSwitch.CascadeName)]
    public bool DarkMode { get; set; }

    private (string Organisation, string Roles) UserBox { get; set; } = ("", "");

    protected override async Task OnParametersSetAsync()
    {
        if (AuthState is null || (await AuthState).User is not { Identity.IsAuthenticated: true } user)
        {
            return;
        }

        // The organisation in the user's language: the claim carries only the id and the English short name.
        var organisation = user.FindFirst(NrmClaims.ActorShortName)?.Value ?? "";
        if (user.GetActorId() is { } actorId)
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            var actor = await db.Actors.AsNoTracking().Where(a => a.Id == actorId)
                .Select(a => new NrmHub.Core.Actors.Actor { Code = a.Code, ShortName = a.ShortName, NameEn = a.NameEn, NameAz = a.NameAz, NameRu = a.NameRu })
                .SingleOrDefaultAsync();
            organisation = actor?.Name(Cultures.Current) ?? organisation;
        }

        var roles = string.Join(", ", NrmHub.Core.Identity.Roles.All.Where(user.IsInRole).Select(r => Text[$"Role.{r}"].Value));
        UserBox = (organisation, roles);
    }

    private void ToggleDrawer() => drawerOpen = !drawerOpen;
}
