using Microsoft.EntityFrameworkCore;
using System.Text.Json;
using NrmHub.Core.Actors;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;

namespace NrmHub.Core.Seed;

/// <param name="ShortNamesFilled">Existing actors that got a missing az or ru short name from the seed.</param>
public sealed record SeedResult(int ActorsAdded, int ChannelsAdded, int ActorsKept, int ChannelsKept, int ShortNamesFilled = 0);

/// <summary>
/// Inserts the seed's actors (with their mandates) and channels that the database does not have yet, keyed by actor
/// code and by (from, to), in one transaction. Existing rows are kept as they are: once loaded, the database is the
/// source of truth that Administration edits, so a restart never undoes an administrator's change, and running the
/// seed again changes nothing. The one exception is a translation an existing actor lacks: the az and ru short names
/// came after the first databases were seeded, so an empty one is filled from the seed (a value there is never
/// overwritten), and an upgraded database shows the same labels as a new one. What the seed added is audited as one
/// system entry, so that the directory's history (and the date its exports carry) starts with the seed.
/// </summary>
public sealed class SeedLoader(IDbContextFactory<NrmDbContext> dbFactory, TimeProvider? clock = null)
{
    public const string DirectoryEntity = "Directory";
    public const string SeedAction = "directory.seed";

    public async Task<SeedResult> ApplyAsync(SeedData seed, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var actors = await db.Actors.ToDictionaryAsync(a => a.Code, ct);
        var filled = 0;
        foreach (var s in seed.Actors.Where(s => actors.ContainsKey(s.Code)))
        {
            var actor = actors[s.Code];
            var changed = false;
            if (string.IsNullOrWhiteSpace(actor.ShortNameAz) && s.ShortName.Az is not null)
            {
                actor.ShortNameAz = s.ShortName.Az;
                changed = true;
            }

            if (string.IsNullOrWhiteSpace(actor.ShortNameRu) && s.ShortName.Ru is not null)
            {
                actor.ShortNameRu = s.ShortName.Ru;
                changed = true;
            }

            filled += changed ? 1 : 0;
        }

        var added = new List<(Actor Actor, ActorSeed Seed)>();
        foreach (var s in seed.Actors.Where(s => !actors.ContainsKey(s.Code)))
        {
            var actor = new Actor
            {
                Code = s.Code,
                ShortName = s.ShortName.En,
                ShortNameAz = s.ShortName.Az,
                ShortNameRu = s.ShortName.Ru,
                NameEn = s.Name.En,
                NameAz = s.Name.Az,
                NameRu = s.Name.Ru,
                Kind = s.Kind,
                Level = s.Level,
                Region = s.Region,
                RegionsServed = [.. s.RegionsServed],
                Address = s.Address,
                AddressDisclosure = s.AddressDisclosure,
                Contacts = s.Contacts.Select(c => new ContactPoint { Role = c.Role, Kind = c.Kind, Value = c.Value }).ToList(),
                Mandates = s.Mandates.Select(m => new Mandate
                {
                    Pillar = m.Pillar,
                    Services = [.. m.Services],
                    LegalBasisText = m.LegalBasis,
                    LegalBasisReference = m.LegalReference,
                    Capacity = m.Capacity,
                    Occupancy = m.Occupancy,
                }).ToList(),
            };
            db.Actors.Add(actor);
            actors[s.Code] = actor;
            added.Add((actor, s));
        }

        await db.SaveChangesAsync(ct);

        // Parents need ids, so they are linked after the first save; only for actors added now.
        foreach (var (actor, s) in added.Where(a => a.Seed.Parent is not null))
        {
            actor.ParentId = actors[s.Parent!].Id;
        }

        var existing = (await db.Channels.Select(c => new { c.FromActorId, c.ToActorId }).ToListAsync(ct))
            .Select(c => (c.FromActorId, c.ToActorId)).ToHashSet();
        var channelsAdded = 0;
        foreach (var c in seed.Channels)
        {
            var key = (actors[c.From].Id, actors[c.To].Id);
            if (existing.Add(key))
            {
                db.Channels.Add(new ReferralChannel
                {
                    FromActorId = key.Item1,
                    ToActorId = key.Item2,
                    Services = [.. c.Services],
                    Basis = c.Basis,
                    TimeLimitNote = c.TimeLimit,
                });
                channelsAdded++;
            }
        }

        if (added.Count + channelsAdded + filled > 0)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                AtUtc = (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime,
                Action = SeedAction,
                EntityType = DirectoryEntity,
                EntityKey = seed.Profile.Code,
                After = JsonSerializer.Serialize(new { actorsAdded = added.Count, channelsAdded, shortNamesFilled = filled }),
            });
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new SeedResult(added.Count, channelsAdded, seed.Actors.Count - added.Count, seed.Channels.Count - channelsAdded, filled);
    }
}
