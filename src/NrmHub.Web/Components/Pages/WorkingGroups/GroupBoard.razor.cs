using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using NrmHub.Core;
using NrmHub.Core.Actors;
using NrmHub.Core.Notifications;
using NrmHub.Core.WorkingGroups;

namespace NrmHub.Web.Components.Pages.WorkingGroups;

public sealed partial class GroupBoard
{
    private MudDropContainer<ActionItem>? container;
    private List<ActionItem> items = [];
    private ActionForm newCard = new();
    private Dictionary<string, string> errors = [];
    private GroupViewer? viewer;
    private string? message;
    private bool messageIsError;
    private string? announcement;
    private bool adding;
    private bool busy;

    [Parameter, EditorRequired]
    public required GroupDetails Details { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyDictionary<int, Actor> Actors { get; set; }

    [Inject]
    public required Board Board { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        viewer = (await AuthState).User.ToGroupViewer();
        items = [.. Details.Items];
    }

    private bool CanChange(ActionItem item) =>
        viewer is not null && GroupAccess.ChangesCard(Details.Membership, viewer, item.OwnerActorId, item.OwnerUserId);

    private Task OnDroppedAsync(MudItemDropInfo<ActionItem> drop) =>
        Enum.TryParse<BoardColumn>(drop.DropzoneIdentifier, out var to) && drop.Item is { } item && item.Column != to ? MoveAsync((item, to)) : Task.CompletedTask;

    /// <summary>One path for a drop and a button: the service decides, and a refusal puts the card back where it really is.</summary>
    private async Task MoveAsync((ActionItem Item, BoardColumn To) move)
    {
        if (busy || viewer is null)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await Board.MoveAsync(move.Item.Id, move.To, move.Item.Version, viewer);
            await ReloadItemAsync(move.Item.Id);
            messageIsError = !result.Succeeded;
            var now = items.FirstOrDefault(i => i.Id == move.Item.Id);
            message = result.Succeeded
                ? string.Format(L["Groups.Board.Moved"], move.Item.Title, L[$"Groups.Column.{move.To}"])
                : result.Errors.Any(e => e.Code == FormErrorCodes.Stale) && now is not null
                    ? string.Format(L["Groups.Board.Stale"], now.Title, L[$"Groups.Column.{now.Column}"])
                    : string.Join(" ", result.Errors.Select(e => GroupText.Error(L, e)));
            ShowItems();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task AddAsync()
    {
        if (busy || viewer is null)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await Board.AddAsync(Details.Group.Id, newCard, viewer);
            errors = GroupText.ByField(L, result);
            if (result.Succeeded)
            {
                newCard = new ActionForm();
                adding = false;
                messageIsError = false;
                message = L["Groups.Board.Added"];
                await ReloadItemAsync(result.Id!.Value);
                ShowItems();
            }
        }
        finally
        {
            busy = false;
        }
    }

    private async Task OnNotificationsAsync(IReadOnlyList<NotificationMessage> notifications)
    {
        var changed = notifications.Where(n => n.Type == NotificationTypes.BoardChanged && n.GroupId == Details.Group.Id)
            .Select(n => n.ActionItemId).OfType<int>().Distinct();
        foreach (var id in changed)
        {
            var before = items.FirstOrDefault(i => i.Id == id);
            await ReloadItemAsync(id);
            var after = items.FirstOrDefault(i => i.Id == id);
            if (after is not null && (before is null || before.Version != after.Version))
            {
                announcement = string.Format(L["Groups.Board.LiveChanged"], after.Title, L[$"Groups.Column.{after.Column}"]);
            }
        }

        ShowItems();
    }

    /// <summary>Applies the one changed card, never the whole board: the cost of a live update does not grow with the board.</summary>
    private async Task ReloadItemAsync(int id)
    {
        if (viewer is null)
        {
            return;
        }

        var fresh = await Board.ItemAsync(id, viewer);
        var index = items.FindIndex(i => i.Id == id);
        if (fresh is null && index >= 0)
        {
            items.RemoveAt(index);
        }
        else if (fresh is not null && index >= 0)
        {
            items[index] = fresh;
        }
        else if (fresh is not null)
        {
            items.Add(fresh);
        }

        items = [.. items.OrderBy(i => i.DueOn).ThenBy(i => i.Id)];
    }

    /// <summary>
    /// One render once the cards and the words about them are both set: rendering the card first showed a moved card
    /// whose announcement or message came a render later.
    /// </summary>
    private void ShowItems()
    {
        StateHasChanged();
        container?.Refresh();
    }
}
