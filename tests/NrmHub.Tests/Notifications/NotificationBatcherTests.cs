using System.Globalization;
using Microsoft.Extensions.Logging;
using NrmHub.Core.Notifications;
using NrmHub.Tests.Infrastructure;
using NrmHub.Web.Components.Shared;

namespace NrmHub.Tests.Notifications;

/// <summary>
/// An open page gets the notifications that came while it was busy as one batch (issue 13: one at a time, a page fell
/// behind for good at 20 a second), in order, none lost, and a failed pass is logged rather than swallowed.
/// </summary>
public sealed class NotificationBatcherTests
{
    private static NotificationMessage Message(long id) => new(id, NotificationTypes.ReferralReceived, (int)id, $"C-{id}", DateTime.UnixEpoch);

    // Like a circuit's dispatcher: one pass at a time.
    private static Func<Func<Task>, Task> OneAtATime()
    {
        var gate = new SemaphoreSlim(1, 1);
        return async work =>
        {
            await gate.WaitAsync();
            try
            {
                await work();
            }
            finally
            {
                gate.Release();
            }
        };
    }

    [Fact]
    public async Task Notifications_that_arrive_while_the_page_is_busy_come_as_one_batch_in_order()
    {
        var batches = new List<long[]>();
        var firstStarted = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var allSeen = new TaskCompletionSource();
        var batcher = new NotificationBatcher(OneAtATime(), async batch =>
        {
            lock (batches)
            {
                batches.Add([.. batch.Select(m => m.Id)]);
            }

            if (batches.Count == 1)
            {
                firstStarted.SetResult();
                await releaseFirst.Task;
            }

            if (batches.Sum(b => b.Length) == 6)
            {
                allSeen.TrySetResult();
            }
        }, new ListLogger());

        batcher.Add(Message(1));
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var id = 2; id <= 6; id++)
        {
            batcher.Add(Message(id));
        }

        releaseFirst.SetResult();
        await allSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([[1L], [2L, 3L, 4L, 5L, 6L]], batches);
    }

    [Fact]
    public async Task The_publisher_never_runs_a_pages_update_itself_even_when_the_page_is_idle()
    {
        // An idle circuit runs InvokeAsync's work inline on the caller's thread, as this does. Inline, the dispatcher
        // thread read and rendered every open page in turn and fell seconds behind under load (issue 13).
        var release = new TaskCompletionSource();
        var applied = new TaskCompletionSource();
        var batcher = new NotificationBatcher(work => work(), async _ =>
        {
            release.Task.Wait(TimeSpan.FromSeconds(20));
            applied.TrySetResult();
            await Task.CompletedTask;
        }, new ListLogger());

        var publish = Task.Run(() => batcher.Add(Message(1)));
        var returned = await Task.WhenAny(publish, Task.Delay(TimeSpan.FromSeconds(5))) == publish;
        release.SetResult();
        await applied.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(returned, "Add waited for the page's update");
    }

    [Fact]
    public async Task The_page_applies_its_notifications_in_its_own_language_whatever_thread_delivers_them()
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("az");
            var applied = new TaskCompletionSource<(string, string)>();
            var batcher = new NotificationBatcher(work => work(), _ =>
            {
                applied.TrySetResult((CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name));
                return Task.CompletedTask;
            }, new ListLogger());

            await Task.Run(() =>
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
                batcher.Add(Message(1));
            });

            Assert.Equal(("az", "az"), await applied.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    [Fact]
    public async Task A_failed_pass_is_logged_and_later_notifications_still_arrive()
    {
        var logger = new ListLogger();
        var seen = new List<long>();
        var second = new TaskCompletionSource();
        var batcher = new NotificationBatcher(OneAtATime(), batch =>
        {
            if (batch.Any(m => m.Id == 1))
            {
                throw new InvalidOperationException("render failed");
            }

            seen.AddRange(batch.Select(m => m.Id));
            second.TrySetResult();
            return Task.CompletedTask;
        }, logger);

        batcher.Add(Message(1));
        await Poll.UntilAsync(() => logger.Entries.Count == 1, TimeSpan.FromSeconds(10), "condition not reached within 10 s");
        batcher.Add(Message(2));
        await second.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([2L], seen);
        var (level, exception) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.IsType<InvalidOperationException>(exception);
    }

    [Fact]
    public async Task Many_publishers_at_once_lose_nothing_and_repeat_nothing()
    {
        var seen = new List<long>();
        var done = new TaskCompletionSource();
        var batcher = new NotificationBatcher(OneAtATime(), async batch =>
        {
            await Task.Yield();
            seen.AddRange(batch.Select(m => m.Id));
            if (seen.Count == 2_000)
            {
                done.SetResult();
            }
        }, new ListLogger());

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                batcher.Add(Message((t * 500) + i + 1));
            }
        })));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(Enumerable.Range(1, 2_000).Select(i => (long)i), seen.Order());
        // Each publisher's own order is kept.
        for (var t = 0; t < 4; t++)
        {
            var own = seen.Where(id => id > t * 500 && id <= (t + 1) * 500).ToList();
            Assert.Equal(own.Order(), own);
        }
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, exception));
            }
        }
    }
}
