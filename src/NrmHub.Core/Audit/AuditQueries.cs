using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;

namespace NrmHub.Core.Audit;

/// <summary>What the audit viewer filters by; every part is optional. Times are UTC, <see cref="ToUtc"/> exclusive.</summary>
public sealed record AuditFilter(
    string? UserId = null,
    bool SystemOnly = false,
    string? Action = null,
    string? EntityType = null,
    string? Key = null,
    DateTime? FromUtc = null,
    DateTime? ToUtc = null);

public sealed record AuditRow(long Id, DateTime AtUtc, string? UserId, int? UserActorId, string Action, string EntityType, string EntityKey);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total);

/// <summary>Reads the audit trail, newest first, filtered and paged in the database.</summary>
public static class AuditQueries
{
    public const string ReadAction = "audit.read";
    public const string ReadEntity = "AuditLog";

    public static async Task<AuditPage> QueryAsync(NrmDbContext db, AuditFilter filter, int skip, int take, CancellationToken ct = default)
    {
        var query = Filtered(db.AuditEntries.AsNoTracking(), filter);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .Select(a => new AuditRow(a.Id, a.AtUtc, a.UserId, a.UserActorId, a.Action, a.EntityType, a.EntityKey))
            .ToListAsync(ct);
        return new AuditPage(rows, total);
    }

    public static IQueryable<AuditEntry> Filtered(IQueryable<AuditEntry> query, AuditFilter filter)
    {
        if (filter.SystemOnly)
        {
            query = query.Where(a => a.UserId == null);
        }
        else if (!string.IsNullOrEmpty(filter.UserId))
        {
            query = query.Where(a => a.UserId == filter.UserId);
        }

        if (!string.IsNullOrEmpty(filter.Action))
        {
            query = query.Where(a => a.Action == filter.Action);
        }

        if (!string.IsNullOrEmpty(filter.EntityType))
        {
            query = query.Where(a => a.EntityType == filter.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(filter.Key))
        {
            var key = filter.Key.Trim();
            query = query.Where(a => a.EntityKey.Contains(key));
        }

        if (filter.FromUtc is { } from)
        {
            query = query.Where(a => a.AtUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            query = query.Where(a => a.AtUtc < to);
        }

        return query;
    }

    /// <summary>The values the filters offer: the entity types and actions that occur, and who has acted.</summary>
    public static async Task<(IReadOnlyList<string> EntityTypes, IReadOnlyList<string> Actions, IReadOnlyList<string> UserIds)> ChoicesAsync(NrmDbContext db, CancellationToken ct = default)
    {
        var types = await db.AuditEntries.Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
        var actions = await db.AuditEntries.Select(a => a.Action).Distinct().OrderBy(t => t).ToListAsync(ct);
        var users = await db.AuditEntries.Where(a => a.UserId != null).Select(a => a.UserId!).Distinct().ToListAsync(ct);
        return (types, actions, users);
    }

    /// <summary>Reading the trail is itself recorded: who looked, with which filter.</summary>
    public static async Task RecordReadAsync(NrmDbContext db, DateTime nowUtc, AuditUser who, AuditFilter filter, int total, CancellationToken ct = default)
    {
        AuditLog.Record(db, nowUtc, who, ReadAction, ReadEntity, "", after: new { filter.UserId, filter.SystemOnly, filter.Action, filter.EntityType, filter.Key, filter.FromUtc, filter.ToUtc, total });
        await db.SaveChangesAsync(ct);
    }
}
