using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;

namespace NrmHub.Core.Notifications;

/// <summary>A user's stored notifications: what the bell shows. Every method is scoped to the given user id.</summary>
public sealed class NotificationCenter(IDbContextFactory<NrmDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<NotificationMessage>> RecentAsync(string userId, int take = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.Id).Take(Math.Clamp(take, 1, 100))
            .Select(n => new NotificationMessage(n.Id, n.Type, n.ReferralId, n.CaseCode, n.AtUtc, n.GroupId, n.ActionItemId)).ToListAsync(ct);
    }

    public async Task<int> UnreadCountAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAtUtc == null, ct);
    }

    public async Task<bool> IsReadAsync(string userId, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AnyAsync(n => n.UserId == userId && n.Id == id && n.ReadAtUtc != null, ct);
    }

    public async Task<bool> IsOwnAsync(string userId, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AnyAsync(n => n.UserId == userId && n.Id == id, ct);
    }

    /// <summary>Marks one of the user's own notifications read; an id that is not theirs changes nothing.</summary>
    public async Task<bool> MarkReadAsync(string userId, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Notifications.Where(n => n.UserId == userId && n.Id == id && n.ReadAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), ct) == 1;
    }

    public async Task<int> MarkAllReadAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Notifications.Where(n => n.UserId == userId && n.ReadAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), ct);
    }
}
