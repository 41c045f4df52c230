using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;

namespace NrmHub.Core.Actors.Exports;

/// <summary>Everything an export reads, loaded once from one short-lived context and sorted so the output is stable.</summary>
/// <param name="ChangedAtUtc">
/// When the directory last changed: the latest audited change to an actor or a channel, or the seed that created it.
/// Exports carry it (Last-Modified, the package's <c>created</c>) instead of the time of the request, so that the same
/// directory gives the same bytes and a reader can tell how current it is. Null for a directory nobody has written.
/// </param>
public sealed record NrmSnapshot(IReadOnlyList<Actor> Actors, IReadOnlyList<ReferralChannel> Channels, DateTime? ChangedAtUtc = null)
{
    /// <summary>The audit's entity types whose changes change an export.</summary>
    public static readonly IReadOnlyList<string> DirectoryEntities = [ActorAdministration.ActorEntity, ActorAdministration.ChannelEntity, SeedLoader.DirectoryEntity];

    public static readonly NrmSnapshot Empty = new([], []);

    public static async Task<NrmSnapshot> LoadAsync(IDbContextFactory<NrmDbContext> dbFactory, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actors = await db.Actors.AsNoTracking().Include(a => a.Mandates).ToListAsync(ct);
        var channels = await db.Channels.AsNoTracking().ToListAsync(ct);
        // The (EntityType, EntityKey) index finds the directory's few audit rows among the many of case reads.
        var changed = await db.AuditEntries.AsNoTracking()
            .Where(e => DirectoryEntities.Contains(e.EntityType))
            .OrderByDescending(e => e.AtUtc)
            .Select(e => (DateTime?)e.AtUtc)
            .FirstOrDefaultAsync(ct);
        return new NrmSnapshot(
            actors.OrderBy(a => a.Code, StringComparer.Ordinal).ToList(),
            channels.OrderBy(c => c.FromActorId).ThenBy(c => c.ToActorId).ToList(),
            changed is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null);
    }

    /// <summary>
    /// Whether an export may say where the actor is. Shelters never: their address is restricted by rule, and a
    /// shelter whose address was entered as public by mistake must not leak either. Without disclosure the seat
    /// region is held back too, since it narrows down where the place is.
    /// </summary>
    public static bool DisclosesLocation(Actor actor) =>
        actor.Kind != ActorKind.Shelter && actor.AddressDisclosure == Disclosure.Public;

    public static string? PublicAddress(Actor actor) =>
        DisclosesLocation(actor) && !string.IsNullOrWhiteSpace(actor.Address) ? actor.Address.Trim() : null;

    public static string? PublicRegion(Actor actor) =>
        DisclosesLocation(actor) && !string.IsNullOrWhiteSpace(actor.Region) ? actor.Region : null;
}
