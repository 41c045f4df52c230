using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Actors;
using NrmHub.Core.Actors.Snapshots;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Jobs;

public sealed class MappingSnapshotTests
{
    private const string HiddenAddress = "12 Hidden Lane, Sumqayit";

    private static IDbContextFactory<NrmDbContext> Db(NrmAppFactory app) => app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>();

    [Fact]
    public async Task Snapshot_holds_every_artefact_and_no_shelter_address()
    {
        using var app = new NrmAppFactory();
        await using (var db = await Db(app).CreateDbContextAsync())
        {
            // A shelter whose address was entered as public by mistake must still not leak.
            var shelter = await db.Actors.FirstAsync(a => a.Kind == ActorKind.Shelter);
            shelter.Address = HiddenAddress;
            shelter.AddressDisclosure = Disclosure.Public;
            await db.SaveChangesAsync();
        }

        var (snapshot, created) = await app.Services.GetRequiredService<ActorMappingJob>().TakeAsync();

        Assert.True(created);
        Assert.Contains("\"code\": \"mia-thb\"", snapshot.GraphJson);
        Assert.StartsWith("code,short_name,name_en,name_az,name_ru,kind,level,parent,region", snapshot.DirectoryCsv);
        Assert.Contains("mia-thb,", snapshot.DirectoryCsv);
        using var zip = new ZipArchive(new MemoryStream(snapshot.HsdsZip));
        Assert.Contains(zip.Entries, e => e.FullName == "organizations.csv");
        Assert.Contains(zip.Entries, e => e.FullName == "datapackage.json");
        Assert.Contains("\"gaps\"", snapshot.CoverageJson);
        Assert.Contains("\"channels\"", snapshot.ActivityJson);
        Assert.Contains("<html lang=\"en\">", snapshot.PosterEn);
        Assert.Contains("Shelter", snapshot.PosterEn);
        Assert.Contains("<html lang=\"az\">", snapshot.PosterAz);
        Assert.Contains("<html lang=\"ru\">", snapshot.PosterRu);
        Assert.Contains("@page", snapshot.PosterEn);
        Assert.True(snapshot.ActorCount > 10);

        var everything = new StringBuilder()
            .Append(snapshot.GraphJson).Append(snapshot.DirectoryCsv).Append(snapshot.CoverageJson).Append(snapshot.ActivityJson)
            .Append(snapshot.PosterEn).Append(snapshot.PosterAz).Append(snapshot.PosterRu);
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            everything.Append(await reader.ReadToEndAsync());
        }

        var text = everything.ToString();
        Assert.DoesNotContain(HiddenAddress, text);
        Assert.DoesNotContain("Confidential location", text);
    }

    [Fact]
    public async Task Taking_again_without_a_change_stores_nothing_and_a_new_channel_shows_in_the_diff()
    {
        using var app = new NrmAppFactory();
        var job = app.Services.GetRequiredService<ActorMappingJob>();
        var (first, _) = await job.TakeAsync();

        var (again, createdAgain) = await job.TakeAsync();
        Assert.False(createdAgain);
        Assert.Equal(first.Id, again.Id);

        string from, to;
        await using (var db = await Db(app).CreateDbContextAsync())
        {
            var pairs = (await db.Channels.Select(c => new { c.FromActorId, c.ToActorId }).ToListAsync()).Select(c => (c.FromActorId, c.ToActorId)).ToHashSet();
            var actors = await db.Actors.OrderBy(a => a.Code).ToListAsync();
            var (a, b) = actors.SelectMany(x => actors.Select(y => (x, y))).First(p => p.x.Id != p.y.Id && !pairs.Contains((p.x.Id, p.y.Id)));
            db.Channels.Add(new ReferralChannel { FromActorId = a.Id, ToActorId = b.Id, Services = [ServiceType.Counselling], Basis = ChannelBasis.Practice });
            var renamed = actors.Single(x => x.Code == "mia-thb");
            renamed.ShortName += " (renamed)";
            await db.SaveChangesAsync();
            (from, to) = (a.Code, b.Code);
        }

        var (second, created) = await job.TakeAsync();
        Assert.True(created);
        Assert.Equal(first.ChannelCount + 1, second.ChannelCount);

        var changes = SnapshotDiff.Compare(first.GraphJson, second.GraphJson);
        Assert.Contains(new SnapshotChange("channel", $"{from} → {to}", ChangeKind.Added, []), changes, new ChangeComparer());
        var actorChange = Assert.Single(changes, c => c.Subject == "actor");
        Assert.Equal(("mia-thb", ChangeKind.Changed), (actorChange.Key, actorChange.Kind));
        Assert.Equal(["shortName"], actorChange.Fields);
        Assert.Empty(SnapshotDiff.Compare(second.GraphJson, second.GraphJson));
    }

    [Fact]
    public async Task Activity_counts_referrals_sent_and_accepted_in_the_last_90_days_with_the_median_time()
    {
        using var app = new NrmAppFactory();
        var nrm = await Core.Actors.Exports.NrmSnapshot.LoadAsync(Db(app));
        var channel = nrm.Channels.First();
        var now = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
        ReferralTiming Sent(double daysAgo, double? hoursToAccept) =>
            new(channel.FromActorId, channel.ToActorId, now.AddDays(-daysAgo), hoursToAccept is { } h ? now.AddDays(-daysAgo).AddHours(h) : null);

        var activity = SnapshotArtefacts.Activity(nrm, app.Services.GetRequiredService<Core.Seed.CountryProfile>(),
            [Sent(1, 2), Sent(2, 10), Sent(3, 4), Sent(5, null), Sent(120, 1)], now);

        var row = activity.Channels.Single(c => c.From == nrm.Actors.Single(a => a.Id == channel.FromActorId).Code && c.To == nrm.Actors.Single(a => a.Id == channel.ToActorId).Code);
        Assert.Equal((4, 3, 4.0), (row.Sent, row.Accepted, row.MedianHoursToAccept!.Value));
        Assert.Null(SnapshotArtefacts.Median([]));
        Assert.Equal(3.0, SnapshotArtefacts.Median([2, 4]));
    }

    private sealed class ChangeComparer : IEqualityComparer<SnapshotChange>
    {
        public bool Equals(SnapshotChange? x, SnapshotChange? y) =>
            x is not null && y is not null && x.Subject == y.Subject && x.Key == y.Key && x.Kind == y.Kind && x.Fields.SequenceEqual(y.Fields);

        public int GetHashCode(SnapshotChange obj) => HashCode.Combine(obj.Subject, obj.Key, obj.Kind);
    }
}
