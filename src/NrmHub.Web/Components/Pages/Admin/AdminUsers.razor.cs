using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.JSInterop;
using MudBlazor;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;
using NrmHub.Web.Components.Account;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.Admin;

public enum UserAction
{
    Role,
    Actor,
    Disable,
    Enable,
    Unlock,
    ResetTwoFactor,
    NewLink,
}

public sealed record UserRequest(UserAction Action, string? Value = null);

public sealed partial class AdminUsers
{
    private List<UserRow> users = [];
    private Dictionary<int, Actor> actors = [];
    private int? filterActor;
    private string? filterRole;
    private NewUserForm? form;
    private AdminResult? created;
    private UserRow? selected;
    private (string Name, string Url)? link;
    private string? message;
    private bool messageIsError;
    private bool busy;

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject]
    public required UserAdministration Administration { get; init; }

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required IWebHostEnvironment Environment { get; init; }

    [Inject]
    public required ILogger<AdminUsers> Log { get; init; }

    [Inject]
    public required CountryTime Time { get; init; }

    /// <summary>The organisations in the user's language and alphabet order, sorted once: three lists and the panel use it.</summary>
    private IReadOnlyList<Actor> ActorsByName { get; set; } = [];

    private IEnumerable<UserRow> Visible => users
        .Where(u => filterActor is null || u.ActorId == filterActor)
        .Where(u => filterRole is null || u.Role == filterRole);

    protected override async Task OnInitializedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        actors = await db.Actors.AsNoTracking().ToDictionaryAsync(a => a.Id);
        ActorsByName = [.. actors.Values.OrderBy(a => a.ShortNameIn(Cultures.Current), StringComparer.CurrentCulture)];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        users = [.. await Administration.ListAsync()];
        if (selected is not null)
        {
            selected = users.FirstOrDefault(u => u.Id == selected.Id);
        }
    }

    private string ActorName(int id) => actors.TryGetValue(id, out var a) ? a.ShortNameIn(Cultures.Current) : "";

    private bool HasError(string field) => created?.For(field).Any() == true;

    private void OpenNew()
    {
        form = new NewUserForm();
        created = null;
        selected = null;
    }

    private void Select(UserRow user)
    {
        selected = user;
        form = null;
        message = null;
    }

    private async Task CreateAsync()
    {
        if (form is null || busy)
        {
            return;
        }

        busy = true;
        try
        {
            var change = await Administration.CreateAsync(form, await WhoAsync());
            created = change.Result;
            if (!change.Succeeded)
            {
                return;
            }

            ShowLink(form.DisplayName!.Trim(), change);
            message = string.Format(L["Admin.Users.Created"], form.DisplayName!.Trim());
            messageIsError = false;
            form = null;
            created = null;
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task ApplyAsync(UserRequest request)
    {
        if (selected is not { } user || busy)
        {
            return;
        }

        if (request.Action is UserAction.Disable or UserAction.ResetTwoFactor or UserAction.NewLink && !await ConfirmAsync(request.Action, user))
        {
            return;
        }

        busy = true;
        // Any change renews the account's stamp or leaves it as it was; either way a link shown earlier is not worth keeping.
        link = null;
        try
        {
            var who = await WhoAsync();
            var change = request.Action switch
            {
                UserAction.Role => await Administration.ChangeRoleAsync(user.Id, request.Value, who),
                UserAction.Actor => await Administration.ChangeActorAsync(user.Id, int.TryParse(request.Value, out var id) ? id : null, who),
                UserAction.Disable => await Administration.SetActiveAsync(user.Id, false, who),
                UserAction.Enable => await Administration.SetActiveAsync(user.Id, true, who),
                UserAction.Unlock => await Administration.UnlockAsync(user.Id, who),
                UserAction.ResetTwoFactor => await Administration.ResetTwoFactorAsync(user.Id, who),
                UserAction.NewLink => await Administration.NewSetPasswordLinkAsync(user.Id, who),
                _ => throw new ArgumentOutOfRangeException(nameof(request)),
            };
            messageIsError = !change.Succeeded;
            message = change.Succeeded
                ? string.Format(L[$"Admin.Users.Done.{request.Action}"], user.DisplayName)
                : string.Join(" ", change.Result.Errors.Select(L.Message));
            if (change.Succeeded && change.SetPasswordToken is not null)
            {
                ShowLink(user.DisplayName, change);
            }

            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task<bool> ConfirmAsync(UserAction action, UserRow user) =>
        await Dialogs.ShowMessageBoxAsync(
            L[$"Admin.Users.Confirm.{action}"],
            string.Format(L[$"Admin.Users.ConfirmText.{action}"], user.DisplayName),
            yesText: L[$"Admin.Users.ConfirmYes.{action}"],
            cancelText: L["Admin.Cancel"]) == true;

    private void ShowLink(string name, UserChange change)
    {
        var url = SetPasswordLink.For(Navigation.BaseUri, change.UserId!, change.SetPasswordToken!);
        link = (name, url);
        if (Environment.IsDevelopment())
        {
            // Development only, so that a demo can be followed without copying from the screen. Never in production logs.
            Log.LogInformation("Set-password link for user {UserId}: {Link}", change.UserId, url);
        }
    }

    private async Task CopyLinkAsync()
    {
        if (link is { } l)
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", l.Url);
        }
    }

    private async Task<Core.Audit.AuditUser> WhoAsync() => (await AuthState).User.ToAuditUser();
}
