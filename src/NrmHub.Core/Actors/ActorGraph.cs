using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;

namespace NrmHub.Core.Actors;

/// <summary>
/// Keeps the current <see cref="NrmGraph"/>. Reads are lock-free; any change to actors, mandates or channels calls
/// <see cref="Invalidate"/> and the next read rebuilds from the database.
/// </summary>
public sealed class ActorGraph(IDbContextFactory<NrmDbContext> dbFactory, CountryProfile profile)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile NrmGraph? current;

    // Bumped by every Invalidate, so a rebuild that read the database before a change cannot be kept after it.
    private int generation;

    public async Task<NrmGraph> GetAsync(CancellationToken ct = default)
    {
        if (current is { } graph)
        {
            return graph;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (current is { } cached)
            {
                return cached;
            }

            var started = Volatile.Read(ref generation);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actors = await db.Actors.AsNoTracking().Include(a => a.Mandates).ToListAsync(ct);
            var channels = await db.Channels.AsNoTracking().ToListAsync(ct);
            var built = NrmGraph.From(actors, channels, profile.Regions);
            if (started == Volatile.Read(ref generation))
            {
                current = built;
            }

            return built;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        current = null;
    }
}
