using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NrmHub.Core.Actors;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Actors;

/// <summary>
/// The exports are dated by the directory, not by the request: the package's <c>created</c> and every export's
/// Last-Modified say when the directory last changed (the seed, then each administrator's change), so an unchanged
/// directory gives the same bytes and a changed one says since when.
/// </summary>
public sealed class ExportDateTests : IDisposable
{
    private static readonly AuditUser Admin = new("admin-user-id", null);

    private readonly NrmAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Exports_carry_the_time_of_the_seed_then_of_the_last_change_to_the_directory()
    {
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>();
        var client = app.CreateClient();
        var seeded = await SeedTimeAsync(dbFactory);

        var first = await client.GetAsync("/api/exports/hsds.zip");
        Assert.Equal(Seconds(seeded), Created(await first.Content.ReadAsByteArrayAsync()));
        foreach (var path in new[] { "/api/exports/hsds.zip", "/api/exports/hsds.json", "/api/exports/graph.json", "/api/exports/3w.csv", "/api/hsds/services" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.Content.Headers.LastModified == Seconds(seeded), $"{path}: Last-Modified {response.Content.Headers.LastModified}, seeded {seeded:O}");
        }

        // An administrator renames an actor a day later: the exports now say so, and their ETag changes with them.
        var changedAt = Seconds(seeded).AddDays(1).AddSeconds(7);
        var admin = new ActorAdministration(dbFactory, new FakeTimeProvider(changedAt), app.Services.GetRequiredService<ActorGraph>(),
            app.Services.GetRequiredService<CountryProfile>(), NullLogger<ActorAdministration>.Instance);
        var form = (await admin.LoadActorAsync("mia-thb"))!;
        form.ShortName = "Renamed unit";
        Assert.True((await admin.UpdateActorAsync(form, Admin)).Succeeded);

        var second = await client.GetAsync("/api/exports/hsds.zip");
        Assert.Equal(changedAt, Created(await second.Content.ReadAsByteArrayAsync()));
        Assert.Equal(changedAt, second.Content.Headers.LastModified);
        Assert.NotEqual(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(changedAt, (await client.GetAsync("/api/hsds/organizations")).Content.Headers.LastModified);

        // The API's own description is not the data: it carries no date of the directory.
        Assert.Null((await client.GetAsync("/api/hsds/openapi.json")).Content.Headers.LastModified);
    }

    [Fact]
    public async Task Seeding_again_adds_nothing_and_records_nothing()
    {
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>();
        var entry = await SeedEntryAsync(dbFactory);
        Assert.Equal((SeedLoader.DirectoryEntity, "az", (string?)null), (entry.EntityType, entry.EntityKey, entry.UserId));
        Assert.Contains("\"actorsAdded\":", entry.After);

        var result = await app.Services.GetRequiredService<SeedLoader>().ApplyAsync(app.Services.GetRequiredService<SeedData>());

        Assert.Equal((0, 0), (result.ActorsAdded, result.ChannelsAdded));
        await using var db = await dbFactory.CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == SeedLoader.SeedAction));
    }

    private static async Task<AuditEntry> SeedEntryAsync(IDbContextFactory<NrmDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == SeedLoader.SeedAction);
    }

    private static async Task<DateTime> SeedTimeAsync(IDbContextFactory<NrmDbContext> dbFactory) => (await SeedEntryAsync(dbFactory)).AtUtc;

    private static DateTimeOffset Seconds(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static DateTimeOffset Created(byte[] zip)
    {
        using var descriptor = JsonDocument.Parse(ExportTests.Unzip(zip)["datapackage.json"]);
        return DateTimeOffset.Parse(descriptor.RootElement.GetProperty("created").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
