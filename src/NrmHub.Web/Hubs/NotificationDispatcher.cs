using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.Notifications;
using NrmHub.Core.Referrals;

namespace NrmHub.Web.Hubs;

/// <summary>
/// The one notification path, out of the request that caused it. A service commits its notification rows and
/// calls <see cref="PushAsync"/>, which only wakes this dispatcher and returns: the request answers without waiting
/// for a thousand sockets (issue 13 measured the awaited push inside the request). The dispatcher then reads the
/// committed rows after the last one it delivered, in commit order, and pushes them to the hub (external clients,
/// one message per user per pass) and to the Blazor circuits of their users (<see cref="LiveUpdates"/>). Because it
/// reads rows rather than being handed objects, a crash between commit and push loses nothing: on restart it resumes
/// from its saved cursor.
/// </summary>
/// <remarks>
/// The queue is bounded twice: wake-ups coalesce into one pending signal (a burst of commits is one read), and the
/// live-only signals (board changes, never stored) wait in a bounded channel that drops the oldest when full; those
/// are hints to re-read a board, so losing one under overload costs a refresh, not data. The cursor is saved at most
/// once a second (a row, not a write per notification), so a crash may push up to a second's rows twice: clients
/// tell a repeat by the notification id.
/// </remarks>
public sealed class NotificationDispatcher(
    NotificationFeed feed,
    IHubContext<NotificationsHub, INotificationClient> hub,
    LiveUpdates live,
    IDbContextFactory<NrmDbContext> dbFactory,
    TimeProvider clock,
    ILogger<NotificationDispatcher> log) : BackgroundService, INotifier
{
    public const int Batch = 500;
    public const int LiveOnlyCapacity = 10_000;

    /// <summary>The most notifications one hub message carries (about 250 bytes each).</summary>
    public const int MaxPerMessage = 100;
    public static readonly TimeSpan CursorSaveInterval = TimeSpan.FromSeconds(1);

    // Rows written by another process (a job run from the command line) are found by this poll.
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// What each pass sent: its notifications, the hub messages they became and how long the sends took
    /// (<c>dotnet-counters monitor --counters NrmHub.Live</c>).
    /// </summary>
    public const string MeterName = "NrmHub.Live";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> PassNotifications = Meter.CreateHistogram<int>("nrmhub.live.pass.notifications", "{notification}");
    private static readonly Histogram<int> PassMessages = Meter.CreateHistogram<int>("nrmhub.live.pass.messages", "{message}");
    private static readonly Histogram<double> PassTime = Meter.CreateHistogram<double>("nrmhub.live.pass.duration", "ms");

    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Channel<Notification> liveOnly = Channel.CreateBounded<Notification>(
        new BoundedChannelOptions(LiveOnlyCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public Task PushAsync(IReadOnlyList<Notification> notifications, CancellationToken ct = default)
    {
        foreach (var notification in notifications)
        {
            if (notification.Id == 0)
            {
                liveOnly.Writer.TryWrite(notification);
            }
        }

        wake.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastId = await ResumeAsync(stoppingToken);
        var savedId = lastId;
        var savedAt = clock.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using (var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    poll.CancelAfter(PollInterval);
                    try
                    {
                        await wake.Reader.ReadAsync(poll.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // The poll: look for rows another process committed.
                    }
                }

                await DeliverLiveOnlyAsync();
                lastId = await DeliverStoredAsync(lastId, stoppingToken);
                if (lastId != savedId && clock.GetElapsedTime(savedAt) >= CursorSaveInterval)
                {
                    await feed.SaveAsync(lastId, stoppingToken);
                    (savedId, savedAt) = (lastId, clock.GetTimestamp());
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "Live delivery failed after notification {LastId}; retrying", lastId);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        if (lastId != savedId)
        {
            // A clean stop keeps its place exactly: nothing is pushed twice after a restart.
            await feed.SaveAsync(lastId, CancellationToken.None);
        }
    }

    private async Task<long> ResumeAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await feed.ResumeAtAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Could not read where live delivery stopped; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
            }
        }
    }

    private async Task<long> DeliverStoredAsync(long lastId, CancellationToken ct)
    {
        while (true)
        {
            var rows = await feed.AfterAsync(lastId, Batch, ct);
            if (rows.Count == 0)
            {
                return lastId;
            }

            await SendAsync(rows);
            lastId = rows[^1].Id;
            if (rows.Count < Batch)
            {
                return lastId;
            }
        }
    }

    private async Task DeliverLiveOnlyAsync()
    {
        List<Notification>? signals = null;
        while (liveOnly.Reader.TryRead(out var signal))
        {
            (signals ??= []).Add(signal);
        }

        if (signals is not null)
        {
            await SendAsync(signals);
        }
    }

    /// <summary>
    /// One hub message per user per pass, not one per notification: referrals the group commit wrote together reach
    /// each of a user's tabs as one frame, not one per referral (issue 13: a frame costs the server a lock, a pipe, a
    /// WebSocket send and a system call, and the client as much again). A user's messages go in id
    /// order, one after the other; different users' go at once, so one user's slow sockets do not hold back the
    /// next user's. A failed send is logged and dropped; the rows stay stored for the bell.
    /// </summary>
    private async Task SendAsync(IReadOnlyList<Notification> notifications)
    {
        var started = Stopwatch.GetTimestamp();
        await ShareReferralRowsAsync(notifications);
        var byUser = new Dictionary<string, List<NotificationMessage>>(StringComparer.Ordinal);
        foreach (var notification in notifications)
        {
            var message = NotificationMessage.From(notification);
            live.Publish(notification.UserId, message);
            if (!byUser.TryGetValue(notification.UserId, out var messages))
            {
                byUser[notification.UserId] = messages = [];
            }

            messages.Add(message);
        }

        var sends = new List<Task>(byUser.Count);
        var frames = 0;
        foreach (var (userId, messages) in byUser)
        {
            frames += (messages.Count + MaxPerMessage - 1) / MaxPerMessage;
            sends.Add(SendInOrderAsync(hub.Clients.Group(NotificationsHub.UserGroup(userId)), messages));
        }

        try
        {
            await Task.WhenAll(sends);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Live delivery of {Count} notifications to the hub partly failed; they stay stored for the recipients", notifications.Count);
        }

        PassNotifications.Record(notifications.Count);
        PassMessages.Record(frames);
        PassTime.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Reads, once, the referrals this pass announces to users with an open page, and leaves them in
    /// <see cref="LiveUpdates"/> for those pages, instead of each page reading the same rows again (issue 13: with
    /// 15 open lists, those reads were two thirds of the time of a page's live update). Read after the rows' commit and
    /// before any page hears of them, so a page always finds a summary at least as new as its notification; the
    /// pass's other referrals are forgotten, so a page never takes an older one. A failed read only costs the pages
    /// their own reads.
    /// </summary>
    private async Task ShareReferralRowsAsync(IReadOnlyList<Notification> notifications)
    {
        HashSet<int>? read = null;
        HashSet<int>? forget = null;
        foreach (var notification in notifications)
        {
            if (notification.ReferralId is not { } id)
            {
                continue;
            }

            if (live.HasSubscribers(notification.UserId))
            {
                (read ??= []).Add(id);
            }
            else
            {
                (forget ??= []).Add(id);
            }
        }

        if (read is null && forget is null)
        {
            return;
        }

        IReadOnlyList<ReferralSummary> rows = [];
        if (read is not null)
        {
            forget?.ExceptWith(read);
            try
            {
                rows = await ReferralService.SummariesForLiveUpdatesAsync(dbFactory, read);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not read the referrals of a delivery pass for open pages; they read their own");
                (forget ??= []).UnionWith(read);
            }
        }

        live.Remember(rows, forget ?? []);
    }

    private static async Task SendInOrderAsync(INotificationClient user, List<NotificationMessage> messages)
    {
        if (messages.Count <= MaxPerMessage)
        {
            await user.NotifyMany(messages);
            return;
        }

        // A sweep may have hundreds for one user: several messages, each awaited, so they cannot overtake each other.
        for (var start = 0; start < messages.Count; start += MaxPerMessage)
        {
            await user.NotifyMany(messages.GetRange(start, Math.Min(MaxPerMessage, messages.Count - start)));
        }
    }
}

/// <summary>
/// Open pages subscribe here for their signed-in user (as eShop's WebApp does) and re-render through InvokeAsync.
/// Subscriptions are kept per user, so a notification costs its own user's handlers, not every open page's.
/// Subscribers must dispose their subscription.
/// </summary>
public sealed class LiveUpdates
{
    // Referral summaries are kept in two generations of at most this many: enough for any page that is not minutes
    // behind, and one that is reads its own.
    private const int RowsPerGeneration = 1_000;

    private readonly ConcurrentDictionary<string, ImmutableArray<Action<NotificationMessage>>> handlers = new(StringComparer.Ordinal);
    private readonly Lock rowsLock = new();
    private Dictionary<int, ReferralSummary> rows = [];
    private Dictionary<int, ReferralSummary> olderRows = [];

    public bool HasSubscribers(string userId) => handlers.ContainsKey(userId);

    /// <summary>
    /// The summaries a delivery pass read for the open pages it is about to notify (newer replace older), and the
    /// referrals it announced without reading them, which are dropped: what is kept is never older than the last
    /// notification published about it.
    /// </summary>
    public void Remember(IReadOnlyCollection<ReferralSummary> summaries, IEnumerable<int> forget)
    {
        lock (rowsLock)
        {
            foreach (var id in forget)
            {
                rows.Remove(id);
                olderRows.Remove(id);
            }

            foreach (var summary in summaries)
            {
                olderRows.Remove(summary.Id);
                rows[summary.Id] = summary;
            }

            if (rows.Count > RowsPerGeneration)
            {
                (olderRows, rows) = (rows, []);
            }
        }
    }

    /// <summary>
    /// The summary of a referral as the live path last read it, for nobody in particular: the caller must check
    /// <see cref="ReferralService.MaySee"/> for its user. False when there is none; then read it yourself.
    /// </summary>
    public bool TryGetReferral(int referralId, [MaybeNullWhen(false)] out ReferralSummary summary)
    {
        lock (rowsLock)
        {
            return rows.TryGetValue(referralId, out summary) || olderRows.TryGetValue(referralId, out summary);
        }
    }

    public IDisposable Subscribe(string userId, Action<NotificationMessage> handler)
    {
        handlers.AddOrUpdate(userId, _ => [handler], (_, list) => list.Add(handler));
        return new Subscription(this, userId, handler);
    }

    public void Publish(string userId, NotificationMessage message)
    {
        if (handlers.TryGetValue(userId, out var list))
        {
            foreach (var handler in list)
            {
                handler(message);
            }
        }
    }

    private void Unsubscribe(string userId, Action<NotificationMessage> handler)
    {
        while (handlers.TryGetValue(userId, out var list))
        {
            var rest = list.Remove(handler);
            if (rest.IsEmpty ? handlers.TryRemove(new KeyValuePair<string, ImmutableArray<Action<NotificationMessage>>>(userId, list)) : handlers.TryUpdate(userId, rest, list))
            {
                return;
            }
        }
    }

    private sealed class Subscription(LiveUpdates owner, string userId, Action<NotificationMessage> handler) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Unsubscribe(userId, handler);
            }
        }
    }
}
