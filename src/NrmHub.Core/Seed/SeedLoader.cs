using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;

namespace NrmHub.Core.Seed;

public sealed record SeedResult(int Added, int Updated, int Unchanged);

/// <summary>Upserts validated seed data by stable code, in one transaction, so running it again changes nothing.</summary>
public sealed class SeedLoader(IDbContextFactory<NrmDbContext> dbFactory)
{
    public async Task<SeedResult> ApplyAsync(SeedData seed, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var existing = await db.Actors.ToDictionaryAsync(a => a.Code, ct);
        int added = 0, updated = 0, unchanged = 0;
        foreach (var s in seed.Actors)
        {
            if (!existing.TryGetValue(s.Code, out var actor))
            {
                actor = new Actor { Code = s.Code, ShortName = s.ShortName, NameEn = s.Name.En };
                db.Actors.Add(actor);
                added++;
            }

            actor.ShortName = s.ShortName;
            actor.NameEn = s.Name.En;
            actor.NameAz = s.Name.Az;
            actor.NameRu = s.Name.Ru;
            actor.Kind = s.Kind;
            actor.Level = s.Level;
            actor.Region = s.Region;

            if (db.Entry(actor).State == EntityState.Modified)
            {
                updated++;
            }
            else if (db.Entry(actor).State == EntityState.Unchanged)
            {
                unchanged++;
            }
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new SeedResult(added, updated, unchanged);
    }
}
