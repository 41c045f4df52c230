using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using NrmHub.Core.Notifications;

namespace NrmHub.Web.Hubs;

/// <summary>What the server calls on a connected client. Method names live here only.</summary>
public interface INotificationClient
{
    /// <summary>
    /// The user's new notifications, oldest first: all a delivery pass found for the user (at most
    /// <see cref="NotificationDispatcher.MaxPerMessage"/>; more come as further messages, in order). A client tells
    /// a repeat after a server restart by <see cref="NotificationMessage.Id"/>; live-only signals have id 0.
    /// </summary>
    Task NotifyMany(IReadOnlyList<NotificationMessage> messages);
}

/// <summary>
/// Live notifications for signed-in users (cookie), from the app's pages or any @microsoft/signalr client.
/// Messages go to the user's own connections only (SignalR's user id is the Identity user id), and every method
/// works on the caller's own notifications: there is nothing here to ask about anyone else.
/// </summary>
[Authorize]
public sealed class NotificationsHub(NotificationCenter center, HubSessions sessions, HubAudit audit) : Hub<INotificationClient>
{
    public const string Path = "/hubs/notifications";

    /// <summary>
    /// The group a user's connections join. SignalR's own per-user send looks at every open connection to find the
    /// user's (DefaultHubLifetimeManager), which at a thousand connections was a thousand checks per message; a group
    /// is a lookup.
    /// </summary>
    public static string UserGroup(string userId) => "user:" + userId;

    public override async Task OnConnectedAsync()
    {
        sessions.Opened(Context);
        if (Context.UserIdentifier is { } userId)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(userId));
        }

        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Closed(Context);
        return base.OnDisconnectedAsync(exception);
    }

    private string UserId => Context.UserIdentifier ?? throw new HubException("Not signed in.");

    public const int MaxTake = 100;

    /// <summary>The newest notifications, at most <see cref="MaxTake"/>; a count outside 1..100 is refused, not quietly changed.</summary>
    public Task<IReadOnlyList<NotificationMessage>> GetRecent(int take) =>
        take is < 1 or > MaxTake ? throw new HubException($"take must be from 1 to {MaxTake}.") : center.RecentAsync(UserId, take);

    public Task<int> UnreadCount() => center.UnreadCountAsync(UserId);

    /// <summary>False for an id that is not the caller's unread notification; one that is not theirs at all is audited.</summary>
    public async Task<bool> MarkRead(long id)
    {
        if (await center.MarkReadAsync(UserId, id))
        {
            return true;
        }

        if (!await center.IsOwnAsync(UserId, id))
        {
            await audit.RefusedAsync(Context, nameof(MarkRead), "Not the caller's notification.", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return false;
    }
}

