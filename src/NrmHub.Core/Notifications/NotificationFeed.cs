using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;

namespace NrmHub.Core.Notifications;

/// <summary>How far live delivery has got through the stored notifications; one row per reader.</summary>
public class NotificationCursor
{
    public const int NameLength = 40;

    public required string Name { get; set; }
    public long LastId { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

/// <summary>
/// The committed notification rows in the order they were committed, for the live dispatcher. SQLite has one writer
/// at a time and ids are taken inside the write, so a row with a higher id was committed after every lower one: a
/// reader that has seen up to id N can never later find a new row at or below N. Ids are AUTOINCREMENT, so deleting
/// old rows never brings a number back.
/// </summary>
public sealed class NotificationFeed(IDbContextFactory<NrmDbContext> dbFactory, TimeProvider clock)
{
    public const string LiveCursor = "live";

    /// <summary>Rows older than this when the app starts are not pushed live: they wait in the bell like any other.</summary>
    public static readonly TimeSpan PushWindow = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Where delivery resumes after a start: the saved cursor (so rows committed just before a crash are pushed now),
    /// but not before the push window. A database without a cursor starts at its newest row: history is not news.
    /// </summary>
    public async Task<long> ResumeAtAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var saved = await db.NotificationCursors.AsNoTracking().Where(c => c.Name == LiveCursor).Select(c => (long?)c.LastId).SingleOrDefaultAsync(ct);
        var newest = await db.Notifications.MaxAsync(n => (long?)n.Id, ct) ?? 0;
        if (saved is not { } cursor)
        {
            return newest;
        }

        // Walks forward from the cursor (the rows since its last save, a second's worth) to the first recent one.
        var cutoff = clock.GetUtcNow().UtcDateTime - PushWindow;
        var firstRecent = await db.Notifications.Where(n => n.Id > cursor && n.AtUtc >= cutoff).OrderBy(n => n.Id).Select(n => (long?)n.Id).FirstOrDefaultAsync(ct);
        return firstRecent is { } id ? id - 1 : Math.Max(cursor, newest);
    }

    /// <summary>The next committed rows after <paramref name="afterId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Notification>> AfterAsync(long afterId, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking().Where(n => n.Id > afterId).OrderBy(n => n.Id).Take(take).ToListAsync(ct);
    }

    public async Task SaveAsync(long lastId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.NotificationCursors.Where(c => c.Name == LiveCursor)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastId, lastId).SetProperty(c => c.UpdatedUtc, now), ct) == 0)
        {
            db.NotificationCursors.Add(new NotificationCursor { Name = LiveCursor, LastId = lastId, UpdatedUtc = now });
            await db.SaveChangesAsync(ct);
        }
    }
}
