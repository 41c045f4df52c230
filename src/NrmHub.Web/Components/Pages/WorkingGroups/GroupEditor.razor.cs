using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using NrmHub.Core.WorkingGroups;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.WorkingGroups;

/// <summary>Creates or edits a working group: names, kind, theme, purpose, chair, member actors and people, terms of reference.</summary>
public sealed partial class GroupEditor
{
    private GroupForm form = new();
    private Dictionary<int, Actor> actors = [];
    private List<UserChoice> users = [];
    private Dictionary<string, string> errors = [];
    private GroupViewer? viewer;
    private bool saving;
    private bool notFound;

    [Parameter]
    public int? Id { get; set; }

    [Inject]
    public required GroupService Groups { get; init; }

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    [Inject]
    public required CountryProfile Profile { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    private string Title => Id is null ? L["Groups.New"] : string.Format(L["Groups.Edit"], form.NameEn);

    private IEnumerable<Actor> Sorted => actors.Values.Where(a => a.IsActive).OrderBy(a => a.ShortNameIn(Cultures.Current), StringComparer.CurrentCulture);

    private IReadOnlyCollection<int> Members
    {
        get => form.MemberActorIds;
        set => form.MemberActorIds = [.. value];
    }

    private IReadOnlyCollection<string> People
    {
        get => form.MemberUserIds;
        set => form.MemberUserIds = [.. value];
    }

    protected override async Task OnInitializedAsync()
    {
        viewer = (await AuthState).User.ToGroupViewer();
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            actors = await db.Actors.AsNoTracking().ToDictionaryAsync(a => a.Id);
            users = await db.Users.AsNoTracking().Where(u => u.DisabledAtUtc == null).OrderBy(u => u.DisplayName)
                .Select(u => new UserChoice(u.Id, u.DisplayName, u.ActorId)).ToListAsync();
        }

        if (Id is { } id && viewer is not null)
        {
            var loaded = await Groups.LoadFormAsync(id, viewer);
            notFound = loaded is null;
            form = loaded ?? form;
        }
    }

    private async Task SaveAsync()
    {
        if (saving || viewer is null)
        {
            return;
        }

        // Locked from the first click: a second submit arriving before the browser has left must not make a second group.
        saving = true;
        var result = await Groups.SaveAsync(form, viewer);
        errors = GroupText.ByField(L, result);
        if (result.Succeeded)
        {
            Navigation.NavigateTo($"groups/{result.Id}");
            return;
        }

        saving = false;
    }

    private string? Err(string field) => errors.GetValueOrDefault(field);

    /// <summary>A field that was changed no longer shows its old refusal; the others keep theirs until the next save.</summary>
    private void Clear(params string[] fields)
    {
        foreach (var field in fields)
        {
            errors.Remove(field);
        }
    }

    private static Dictionary<string, object?> Test(string id) => new() { ["data-testid"] = id };

    private sealed record UserChoice(string Id, string DisplayName, int ActorId);
}
