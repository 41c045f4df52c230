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

    public async Task<NrmGraph> GetAsync(CancellationToken ct = default)
    {
        if (current is { } graph)
        {
            return graph;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (current is null)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var actors = await db.Actors.AsNoTracking().Include(a => a.Mandates).ToListAsync(ct);
                var channels = await db.Channels.AsNoTracking().ToListAsync(ct);
                current = NrmGraph.From(actors, channels, profile.Regions);
            }

            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Invalidate() => current = null;
}
