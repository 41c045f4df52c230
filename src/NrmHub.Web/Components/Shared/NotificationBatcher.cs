using System.Collections.Concurrent;
using System.Globalization;
using NrmHub.Core.Notifications;

namespace NrmHub.Web.Components.Shared;

/// <summary>
/// Hands an open page the notifications that arrived while it was busy as one batch. A page that applied them one
/// after another (a read, a render, a toast each) fell behind for good once they came faster than it could apply one
/// (issue 13: at 20 a second the backlog grew without bound); with batches, its work per second follows how long
/// one pass takes, not the rate. Order is kept, nothing is dropped, and one pass runs at a time per page.
/// </summary>
public sealed class NotificationBatcher(Func<Func<Task>, Task> invokeOnPage, Func<IReadOnlyList<NotificationMessage>, Task> apply, ILogger logger)
{
    private readonly ConcurrentQueue<NotificationMessage> pending = new();

    // Made while the page initialises, in its user's language; the thread that delivers has its own (or none), and a
    // live row or toast must not switch language.
    private readonly CultureInfo culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;
    private int draining;

    /// <summary>Called on whatever thread published the notification; never blocks it.</summary>
    public void Add(NotificationMessage message)
    {
        pending.Enqueue(message);
        if (Interlocked.CompareExchange(ref draining, 1, 0) == 0)
        {
            // Not inline: a circuit's InvokeAsync runs the work on the calling thread when the circuit is idle, so the
            // one dispatcher thread would read and render every open page in turn, and fall seconds behind at
            // 15 pages × 20 notifications a second (measured, issue 13). On the pool, pages apply theirs side by side.
            ThreadPool.UnsafeQueueUserWorkItem(static batcher => _ = batcher.DrainAsync(), this, preferLocal: false);
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            try
            {
                await invokeOnPage(async () =>
                {
                    CultureInfo.CurrentCulture = culture;
                    CultureInfo.CurrentUICulture = uiCulture;
                    var batch = new List<NotificationMessage>();
                    while (pending.TryDequeue(out var message))
                    {
                        batch.Add(message);
                    }

                    if (batch.Count > 0)
                    {
                        await apply(batch);
                    }
                });
            }
            catch (ObjectDisposedException)
            {
                // The page closed (its renderer is gone) while notifications were on their way: nobody to show them to.
                return;
            }
            catch (Exception ex)
            {
                // A failed live update leaves the page as it was until the next one or a reload; it must not be silent.
                logger.LogWarning(ex, "A live update of an open page failed");
            }

            Volatile.Write(ref draining, 0);
            // One that arrived after the last dequeue but before the flag dropped would otherwise wait for the next.
            if (pending.IsEmpty || Interlocked.CompareExchange(ref draining, 1, 0) != 0)
            {
                return;
            }
        }
    }
}
