using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors.Exports;
using NrmHub.Core.Data;
using NrmHub.Core.Jobs;
using NrmHub.Core.Seed;

namespace NrmHub.Core.Actors.Snapshots;

/// <summary>
/// Takes a dated snapshot of the NRM. Rule against duplicates: when the new artefacts (without their dates) are
/// the same as the latest snapshot's, nothing is stored and the run says so. Running twice in a minute, or every
/// night without a change, therefore keeps one snapshot; any change of actors, channels or activity makes a new one.
/// </summary>
public sealed class ActorMappingJob(
    IDbContextFactory<NrmDbContext> dbFactory,
    CountryProfile country,
    IExportText posterText,
    TimeProvider clock) : INrmJob
{
    public const string Key = "actor-mapping";

    public static readonly string[] PosterLanguages = ["en", "az", "ru"];

    /// <summary>Serialises concurrent takes within this process (run now while the schedule fires).</summary>
    private static readonly SemaphoreSlim Gate = new(1, 1);

    async Task<string?> INrmJob.RunAsync(CancellationToken ct)
    {
        var (snapshot, created) = await TakeAsync(ct);
        return created ? $"Snapshot {snapshot.Id} taken." : $"No change since snapshot {snapshot.Id}.";
    }

    public async Task<(MappingSnapshot Snapshot, bool Created)> TakeAsync(CancellationToken ct = default)
    {
        await Gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var nrm = await NrmSnapshot.LoadAsync(dbFactory, ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var since = now - SnapshotArtefacts.ActivityWindow;
            var timings = await db.Referrals.AsNoTracking()
                .Where(r => r.SentAtUtc != null && r.SentAtUtc >= since)
                .Select(r => new ReferralTiming(r.FromActorId, r.ToActorId, r.SentAtUtc!.Value, r.AcceptedAtUtc))
                .ToListAsync(ct);

            var graph = Encoding.UTF8.GetString(GraphExport.Write(GraphExport.Build(nrm, country, ExportDisclosure.SignedIn)));
            var directory = SnapshotArtefacts.DirectoryCsv(nrm, country);
            var hsds = HsdsPackage.Write(HsdsExport.Build(nrm, country), country, nrm.ChangedAtUtc);
            var coverage = SnapshotArtefacts.Coverage(nrm, country);
            var coverageJson = Encoding.UTF8.GetString(ExportJson.Serialize(coverage, ExportJson.CamelCase));
            var activity = SnapshotArtefacts.Activity(nrm, country, timings, now);
            var activityJson = Encoding.UTF8.GetString(ExportJson.Serialize(activity, ExportJson.CamelCase));
            var posters = PosterLanguages.ToDictionary(l => l, l => SnapshotArtefacts.Poster(nrm, country, posterText, l, now));

            // The hash leaves out what carries the date (activity window bounds, poster footer) and hashes what it stands for.
            var hash = Hash(graph, directory, Convert.ToBase64String(hsds), coverageJson, JsonSerializer.Serialize(activity.Channels),
                string.Concat(posters.Values.Select(p => p[..p.IndexOf("<footer>", StringComparison.Ordinal)])));

            var latest = await db.MappingSnapshots.AsNoTracking().OrderByDescending(s => s.TakenAtUtc).ThenByDescending(s => s.Id)
                .Select(s => new { s.Id, s.ContentHash }).FirstOrDefaultAsync(ct);
            if (latest is not null && latest.ContentHash == hash)
            {
                return (await db.MappingSnapshots.AsNoTracking().SingleAsync(s => s.Id == latest.Id, ct), false);
            }

            var row = new MappingSnapshot
            {
                TakenAtUtc = now,
                Country = country.Code,
                ContentHash = hash,
                ActorCount = nrm.Actors.Count,
                ChannelCount = nrm.Channels.Count,
                GapCount = coverage.Gaps.Count,
                GraphJson = graph,
                DirectoryCsv = directory,
                HsdsZip = hsds,
                CoverageJson = coverageJson,
                ActivityJson = activityJson,
                PosterEn = posters["en"],
                PosterAz = posters["az"],
                PosterRu = posters["ru"],
            };
            db.MappingSnapshots.Add(row);
            await db.SaveChangesAsync(ct);
            return (row, true);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string Hash(params string[] parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(part));
            sha.AppendData([0]);
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
