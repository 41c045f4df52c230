using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using NrmHub.Core.Data;
using NrmHub.Core.Notifications;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Sop;
using NrmHub.Web.Hubs;

namespace NrmHub.Tests.Notifications;

/// <summary>
/// The pieces of the live path issue 13 changed: the write gate, the group commit of new referrals, the notification rows written in one prepared
/// statement, the feed the dispatcher reads (and resumes from after a crash), the per-user live subscriptions, and a
/// live case refresh that is not a new read.
/// </summary>
public sealed class LivePathTests
{
    [Fact]
    public async Task Concurrent_referrals_all_commit_one_writer_at_a_time()
    {
        await using var bed = await SopTestBed.CreateAsync();

        // Sixteen writers at once on one database: each must be acknowledged and stored, none refused as busy.
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => bed.SendAsync("tamas", "mia-ganja-ctu"))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.ErrorCode));
        await using var db = await bed.Factory().CreateDbContextAsync();
        Assert.Equal(16, await db.Referrals.CountAsync());
        Assert.Equal(16, await db.Notifications.CountAsync(n => n.UserId == bed.Users["mia-ganja-ctu"]));
    }

    [Theory]
    [InlineData("synchronous", 2)] // FULL: the WAL is synced at every commit, so an acknowledged write survives a crash
    [InlineData("temp_store", 2)] // MEMORY: a group commit's savepoint journals stay off the disk
    [InlineData("foreign_keys", 1)]
    public async Task Every_connection_is_set_up_for_durable_writes(string pragma, long expected)
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var db = await bed.Factory().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = $"PRAGMA {pragma}";

        Assert.Equal(expected, Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Writes_queued_behind_a_commit_share_the_next_one_and_a_failing_write_is_rolled_back_alone()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var factory = bed.Factory();
        var commits = new GroupCommit(factory);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batchOf = new List<int>();

        Task<int> Cursor(string name, bool fail = false) => commits.RunAsync(async (db, ct) =>
        {
            db.NotificationCursors.Add(new NotificationCursor { Name = name, LastId = 1 });
            await db.SaveChangesAsync(ct);
            batchOf.Add(db.ChangeTracker.Entries().Count());
            return fail ? throw new InvalidOperationException($"{name} refused") : name.Length;
        });

        // The first write holds its transaction open, so the next three queue up and go in one batch after it.
        var first = commits.RunAsync(async (db, ct) =>
        {
            db.NotificationCursors.Add(new NotificationCursor { Name = "first", LastId = 1 });
            await db.SaveChangesAsync(ct);
            firstStarted.SetResult();
            await release.Task;
            return 0;
        });
        await firstStarted.Task;
        var (b, c, d) = (Cursor("b"), Cursor("c", fail: true), Cursor("d"));
        Assert.False(b.IsCompleted || c.IsCompleted || d.IsCompleted);
        release.SetResult();

        await first;
        Assert.Equal(1, await b);
        Assert.Equal("c refused", (await Assert.ThrowsAsync<InvalidOperationException>(() => c)).Message);
        Assert.Equal(1, await d);

        // Each write saw only its own entity, and once answered, every write that succeeded is committed.
        Assert.Equal([1, 1, 1], batchOf);
        await using var check = await factory.CreateDbContextAsync();
        Assert.Equal(["b", "d", "first"], await check.NotificationCursors.Select(n => n.Name).OrderBy(n => n).ToListAsync());
    }

    [Fact]
    public async Task A_write_is_answered_after_its_commit_and_others_see_it_then()
    {
        // A file in WAL mode, as in production: another connection reads the last commit while the batch is open.
        var file = Path.Combine(Path.GetTempPath(), $"nrm-group-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<NrmDbContext>();
            DatabaseSetup.Configure(options, $"Data Source={file}");
            var factory = new PooledDbContextFactory<NrmDbContext>(options.Options);
            await using (var db = await factory.CreateDbContextAsync())
            {
                await DatabaseSetup.MigrateAsync(db);
            }

            var seenInside = -1;
            await new GroupCommit(factory).RunAsync(async (db, ct) =>
            {
                db.NotificationCursors.Add(new NotificationCursor { Name = "pending", LastId = 1 });
                await db.SaveChangesAsync(ct);
                await using var other = await factory.CreateDbContextAsync();
                seenInside = await other.NotificationCursors.CountAsync(ct);
                return true;
            });

            Assert.Equal(0, seenInside);
            await using var after = await factory.CreateDbContextAsync();
            Assert.Equal(1, await after.NotificationCursors.CountAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    [Fact]
    public async Task A_transaction_disposed_without_commit_gives_the_gate_back()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var factory = bed.Factory();
        await using (var abandoned = await factory.CreateDbContextAsync())
        {
            await using var tx = await abandoned.Database.BeginTransactionAsync();
            abandoned.NotificationCursors.Add(new NotificationCursor { Name = "abandoned", LastId = 1 });
            await abandoned.SaveChangesAsync();
        }

        var next = Task.Run(async () =>
        {
            await using var db = await factory.CreateDbContextAsync();
            db.NotificationCursors.Add(new NotificationCursor { Name = "next", LastId = 2 });
            await db.SaveChangesAsync();
        });
        Assert.Same(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(20))));
        await next;
        await using var check = await factory.CreateDbContextAsync();
        Assert.Equal(["next"], await check.NotificationCursors.Select(c => c.Name).ToListAsync());
    }

    [Fact]
    public async Task Notification_rows_get_their_ids_and_read_back_as_EF_wrote_them()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");

        var pushed = Assert.Single(bed.Notifier.Pushed, n => n.UserId == bed.Users["mia-ganja-ctu"]);
        Assert.True(pushed.Id > 0);
        await using var db = await bed.Factory().CreateDbContextAsync();
        var stored = await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == pushed.Id);
        Assert.Equal((NotificationTypes.ReferralReceived, sent.Id, sent.CaseCode, bed.Clock.GetUtcNow().UtcDateTime),
            (stored.Type, stored.ReferralId, stored.CaseCode, stored.AtUtc));
        Assert.Null(stored.ReadAtUtc);
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.AtUtc == bed.Clock.GetUtcNow().UtcDateTime && n.UserId == bed.Users["mia-ganja-ctu"]));
    }

    [Fact]
    public async Task The_sending_units_open_lists_get_the_new_referral_live_but_nothing_is_stored_for_their_bell()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");

        var listed = Assert.Single(bed.Notifier.Pushed, n => n.UserId == bed.Users["tamas"]);
        Assert.Equal((0, NotificationTypes.ReferralListed, sent.Id, sent.CaseCode), (listed.Id, listed.Type, listed.ReferralId, listed.CaseCode));
        await using var db = await bed.Factory().CreateDbContextAsync();
        Assert.False(await db.Notifications.AnyAsync(n => n.Type == NotificationTypes.ReferralListed || n.UserId == bed.Users["tamas"]));
    }

    [Fact]
    public async Task The_feed_resumes_where_delivery_stopped_but_not_with_old_news()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var feed = new NotificationFeed(bed.Factory(), bed.Clock);
        await bed.SendAsync("tamas", "mia-ganja-ctu");
        var first = await feed.AfterAsync(0, 100);

        // No cursor yet: history is not news, delivery starts after the newest row.
        Assert.Equal(first[^1].Id, await feed.ResumeAtAsync());

        await feed.SaveAsync(first[^1].Id);
        await bed.SendAsync("tamas", "mia-ganja-ctu");
        await bed.SendAsync("tamas", "mia-ganja-ctu");
        var later = await feed.AfterAsync(first[^1].Id, 100);
        Assert.True(later.Count >= 2);
        Assert.Equal(later.Select(n => n.Id).Order(), later.Select(n => n.Id));

        // A crash after those commits: the restart pushes them, from the saved cursor.
        Assert.Equal(first[^1].Id, await feed.ResumeAtAsync());

        // Down for longer than the push window: they wait in the bell instead.
        bed.Clock.Advance(NotificationFeed.PushWindow + TimeSpan.FromMinutes(1));
        Assert.Equal(later[^1].Id, await feed.ResumeAtAsync());
        Assert.Empty(await feed.AfterAsync(later[^1].Id, 100));
    }

    [Fact]
    public void Live_updates_reach_only_their_user_and_stop_when_disposed()
    {
        var live = new LiveUpdates();
        var a = new List<long>();
        var b = new List<long>();
        var subscriptionA = live.Subscribe("a", m => a.Add(m.Id));
        using var subscriptionB = live.Subscribe("b", m => b.Add(m.Id));

        live.Publish("a", new NotificationMessage(1, NotificationTypes.ReferralReceived, 1, "C", DateTime.UnixEpoch));
        live.Publish("b", new NotificationMessage(2, NotificationTypes.ReferralReceived, 1, "C", DateTime.UnixEpoch));
        subscriptionA.Dispose();
        subscriptionA.Dispose();
        live.Publish("a", new NotificationMessage(3, NotificationTypes.ReferralReceived, 1, "C", DateTime.UnixEpoch));

        Assert.Equal([1L], a);
        Assert.Equal([2L], b);
    }

    [Fact]
    public void Referral_rows_kept_for_open_pages_are_the_newest_read_dropped_when_announced_unread_and_bounded()
    {
        var live = new LiveUpdates();
        static ReferralSummary Row(int id, int version) =>
            new(id, $"C-{id}", 1, 2, [], Urgency.Routine, ReferralState.Sent, DateTime.UnixEpoch, DateTime.UnixEpoch, DateTime.UnixEpoch, version);

        live.Remember([Row(1, 1), Row(2, 1)], []);
        live.Remember([Row(1, 2)], [2]);

        Assert.True(live.TryGetReferral(1, out var newest));
        Assert.Equal(2, newest.Version);
        Assert.False(live.TryGetReferral(2, out _));

        // Two generations: a row survives one turnover of the newer one, not two.
        live.Remember([.. Enumerable.Range(100, 1_001).Select(id => Row(id, 1))], []);
        Assert.True(live.TryGetReferral(1, out _));
        live.Remember([.. Enumerable.Range(5_000, 1_001).Select(id => Row(id, 1))], []);
        Assert.False(live.TryGetReferral(1, out _));
        Assert.True(live.TryGetReferral(5_000, out _));

        // A row found in the older generation and read again moves to the newer one, and an unread announcement drops it from both.
        live.Remember([Row(5_000, 2)], []);
        Assert.True(live.TryGetReferral(5_000, out var moved));
        Assert.Equal(2, moved.Version);
        live.Remember([], [5_000]);
        Assert.False(live.TryGetReferral(5_000, out _));
    }

    [Fact]
    public async Task A_live_refresh_of_an_open_case_is_not_a_new_audited_read()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");
        var referrals = bed.Referrals();
        var receiver = bed.CallerFor("mia-ganja-ctu");
        await using var db = await bed.Factory().CreateDbContextAsync();
        var before = await db.AuditEntries.CountAsync(e => e.Action == "case.read");

        Assert.NotNull(await referrals.GetCaseAsync(receiver, sent.CaseCode!));
        Assert.NotNull(await referrals.GetCaseAsync(receiver, sent.CaseCode!, audit: false));
        Assert.Null(await referrals.GetCaseAsync(bed.CallerFor("mia"), sent.CaseCode!, audit: false));

        Assert.Equal(before + 1, await db.AuditEntries.CountAsync(e => e.Action == "case.read"));
    }
}
