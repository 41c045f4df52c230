using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using NrmHub.Core.Notifications;
using NrmHub.Web.Components.Shared;
using NrmHub.Web.Hubs;
using NrmHub.Web.Localization;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Components.Layout;

public partial class NotificationBell
{
    private const int RecentCount = 20;

    private string? userId;
    private IDisposable? subscription;
    private long newestSeen;
    private int unread;
    private bool open;
    private IReadOnlyList<NotificationMessage> recent = [];

    [Inject] public required NotificationCenter Center { get; init; }
    [Inject] public required LiveUpdates Live { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required CountryTime Time { get; init; }
    [Inject] public required IStringLocalizer<UiText> Text { get; init; }
    [Inject] public required ILogger<NotificationBell> Logger { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        userId = (await AuthState).User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is not null)
        {
            unread = await Center.UnreadCountAsync(userId);
            var batcher = new NotificationBatcher(InvokeAsync, ReceivedAsync, Logger);
            subscription = Live.Subscribe(userId, batcher.Add);
        }
    }

    /// <summary>
    /// Pushed notifications are new, unread rows of this user's: the bell counts them and, when open, lists them,
    /// without asking the database again (an open page costs nothing per notification but the render). Those that
    /// came while the page was busy arrive together and make one toast, not a stream of them.
    /// </summary>
    private Task ReceivedAsync(IReadOnlyList<NotificationMessage> batch)
    {
        // Live-only signals (a board change, a referral one's own unit sent) are for open pages, not news for the bell.
        // Ids rise with every row; a repeat (delivery resumed after a crash) is not counted twice.
        var fresh = new List<NotificationMessage>();
        foreach (var message in batch)
        {
            if (message.Id != 0 && message.Id > newestSeen)
            {
                newestSeen = message.Id;
                fresh.Add(message);
            }
        }

        if (fresh.Count == 0)
        {
            return Task.CompletedTask;
        }

        unread += fresh.Count;
        if (open)
        {
            recent = [.. fresh.AsEnumerable().Reverse().Where(m => recent.All(n => n.Id != m.Id)), .. recent];
            recent = [.. recent.Take(RecentCount)];
        }

        // A toast names the event and the case code only: the code is pseudonymous, nothing personal travels.
        var text = fresh is [var one]
            ? one.CaseCode is null ? Text[$"Notification.{one.Type}"].Value : $"{Text[$"Notification.{one.Type}"]} · {one.CaseCode}"
            : string.Format(Text["Notification.Several"], fresh.Count);
        Snackbar.Add(builder =>
        {
            builder.OpenElement(0, "span");
            builder.AddAttribute(1, "data-testid", "toast");
            builder.AddContent(2, text);
            builder.CloseElement();
        }, Severity.Info, o => o.VisibleStateDuration = 6000);
        StateHasChanged();
        return Task.CompletedTask;
    }

    private async Task ToggleAsync()
    {
        open = !open;
        if (open && userId is not null)
        {
            recent = await Center.RecentAsync(userId);
        }
    }

    private async Task OpenAsync(NotificationMessage n)
    {
        await Center.MarkReadAsync(userId!, n.Id);
        unread = await Center.UnreadCountAsync(userId!);
        open = false;
        if (n.CaseCode is not null)
        {
            Navigation.NavigateTo($"cases/{n.CaseCode}");
        }
        else if (n.GroupId is { } group)
        {
            Navigation.NavigateTo($"groups/{group}/board");
        }
    }

    private async Task MarkAllAsync()
    {
        await Center.MarkAllReadAsync(userId!);
        unread = 0;
        recent = await Center.RecentAsync(userId!);
    }

    public void Dispose() => subscription?.Dispose();
}
