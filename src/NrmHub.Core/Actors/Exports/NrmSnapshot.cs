using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;

namespace NrmHub.Core.Actors.Exports;

/// <summary>Everything an export reads, loaded once from one short-lived context and sorted so the output is stable.</summary>
public sealed record NrmSnapshot(IReadOnlyList<Actor> Actors, IReadOnlyList<ReferralChannel> Channels)
{
    public static readonly NrmSnapshot Empty = new([], []);

    public static async Task<NrmSnapshot> LoadAsync(IDbContextFactory<NrmDbContext> dbFactory, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actors = await db.Actors.AsNoTracking().Include(a => a.Mandates).ToListAsync(ct);
        var channels = await db.Channels.AsNoTracking().ToListAsync(ct);
        return new NrmSnapshot(
            actors.OrderBy(a => a.Code, StringComparer.Ordinal).ToList(),
            channels.OrderBy(c => c.FromActorId).ThenBy(c => c.ToActorId).ToList());
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
