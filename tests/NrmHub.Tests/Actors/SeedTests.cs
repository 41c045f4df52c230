using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Actors;

[Collection(AppCollection.Name)]
public sealed class SeedTests(NrmAppFactory app)
{
    private static string SeedRoot => Path.Combine(AppContext.BaseDirectory, "seed");

    [Theory]
    [InlineData("az", 40)]
    [InlineData("kg", 5)]
    [InlineData("kz", 5)]
    public void Every_country_profile_reads_and_validates(string country, int minimumActors)
    {
        var seed = SeedReader.Read(SeedRoot, country);

        Assert.Equal(country, seed.Profile.Code);
        Assert.True(seed.Actors.Count >= minimumActors, $"{country}: {seed.Actors.Count} actors");
    }

    [Fact]
    public async Task Seed_applied_again_changes_nothing()
    {
        var loader = app.Services.GetRequiredService<SeedLoader>();
        var seed = app.Services.GetRequiredService<SeedData>();
        var before = await SnapshotAsync();

        var again = await loader.ApplyAsync(seed);

        Assert.Equal(new SeedResult(0, 0, seed.Actors.Count, seed.Channels.Count), again);
        Assert.Equal(before, await SnapshotAsync());
    }

    private async Task<List<string>> SnapshotAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>().CreateDbContextAsync();
        return await db.Actors.OrderBy(a => a.Id)
            .Select(a => $"{a.Id}|{a.Code}|{a.ShortName}|{a.NameEn}|{a.NameAz}|{a.NameRu}|{a.Kind}|{a.Level}|{a.Region}|{a.IsActive}")
            .ToListAsync();
    }
}

public sealed class SeedValidationTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("nrm-seed-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private const string Profile = """{ "code": "tt", "name": { "en": "Testland" }, "timeZone": "Asia/Baku", "regions": ["North", "South"] }""";

    private SeedValidationException ReadFails(string actorsJson, string profileJson = Profile)
    {
        Directory.CreateDirectory(Path.Combine(root, "tt"));
        File.WriteAllText(Path.Combine(root, "tt", "profile.json"), profileJson);
        File.WriteAllText(Path.Combine(root, "tt", "actors.json"), actorsJson);
        return Assert.Throws<SeedValidationException>(() => SeedReader.Read(root, "tt"));
    }

    private const string Good = """{ "code": "police", "shortName": "Police", "name": { "en": "Police" }, "kind": "LawEnforcement" }""";

    [Fact]
    public void UnknownKind_names_file_record_and_field()
    {
        var e = ReadFails($$"""[ {{Good}}, { "code": "ngo", "shortName": "NGO", "name": { "en": "An NGO" }, "kind": "Charity" } ]""");

        Assert.EndsWith("actors.json", e.File);
        Assert.Equal("#2", e.Record);
        Assert.Equal("kind", e.Field);
        Assert.Contains("actors.json", e.Message);
    }

    [Fact]
    public void MissingName_is_refused()
    {
        var e = ReadFails("""[ { "code": "ngo", "shortName": "NGO", "kind": "Ngo" } ]""");

        Assert.Equal("name.en", e.Field);
        Assert.Contains("'ngo'", e.Record);
    }

    [Fact]
    public void DuplicateCode_is_refused()
    {
        var e = ReadFails($"[ {Good}, {Good} ]");

        Assert.Equal("code", e.Field);
        Assert.Contains("#2", e.Record);
    }

    [Fact]
    public void RegionOutsideProfile_is_refused()
    {
        var e = ReadFails("""[ { "code": "ngo", "shortName": "NGO", "name": { "en": "NGO" }, "kind": "Ngo", "region": "East" } ]""");

        Assert.Equal("region", e.Field);
    }

    [Fact]
    public void BrokenJson_names_the_line()
    {
        var e = ReadFails("[ { \"code\": \"ngo\", \n \"shortName\": } ]");

        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void UnknownTimeZone_is_refused()
    {
        var e = ReadFails($"[ {Good} ]", """{ "code": "tt", "name": { "en": "Testland" }, "timeZone": "Mars/Olympus", "regions": [] }""");

        Assert.EndsWith("profile.json", e.File);
        Assert.Equal("timeZone", e.Field);
    }

    [Fact]
    public void MalformedSeed_stops_start_up_and_writes_nothing()
    {
        Directory.CreateDirectory(Path.Combine(root, "tt"));
        File.WriteAllText(Path.Combine(root, "tt", "profile.json"), Profile);
        File.WriteAllText(Path.Combine(root, "tt", "actors.json"), $$"""[ {{Good}}, { "code": "x" } ]""");
        using var app = new NrmAppFactory(new Dictionary<string, string?> { ["Nrm:SeedPath"] = root, ["Nrm:Country"] = "tt" });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(app.ConnectionString);
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'Actors'";
        Assert.Equal(0L, (long)cmd.ExecuteScalar()!);
    }
}

/// <summary>The instance serves one profile at a time, chosen by Nrm:Country.</summary>
public sealed class CountryProfileTests
{
    [Theory]
    [InlineData("kg", "Kyrgyzstan")]
    [InlineData("kz", "Kazakhstan")]
    public async Task App_boots_with_another_country_profile(string country, string name)
    {
        using var app = new NrmAppFactory(new Dictionary<string, string?> { ["Nrm:Country"] = country });

        var health = await app.CreateClient().GetStringAsync("/healthz");
        var graph = await app.CreateClient().GetStringAsync("/api/exports/graph.json");

        Assert.Equal("Healthy", health);
        Assert.Contains($"\"country\": \"{country}\"", graph);
        Assert.Equal(name, app.Services.GetRequiredService<CountryProfile>().Name.En);
    }
}
