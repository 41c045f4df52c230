using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Actors;
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

    /// <summary>Region names and short names are shown in the UI language; a missing one would show English in az or ru.</summary>
    [Theory]
    [InlineData("az")]
    [InlineData("kg")]
    [InlineData("kz")]
    public void Every_country_profile_names_regions_and_short_names_in_az_and_ru(string country)
    {
        var seed = SeedReader.Read(SeedRoot, country);

        Assert.NotEmpty(seed.Profile.Regions);
        foreach (var region in seed.Profile.Regions)
        {
            var name = seed.Profile.RegionNames![region];
            Assert.False(string.IsNullOrWhiteSpace(name.Az), $"{country}: region '{region}' has no az name");
            Assert.False(string.IsNullOrWhiteSpace(name.Ru), $"{country}: region '{region}' has no ru name");
        }

        foreach (var actor in seed.Actors)
        {
            Assert.False(string.IsNullOrWhiteSpace(actor.ShortName.Az), $"{country}: '{actor.Code}' has no az short name");
            Assert.False(string.IsNullOrWhiteSpace(actor.ShortName.Ru), $"{country}: '{actor.Code}' has no ru short name");
        }
    }

    [Fact]
    public void Azerbaijan_profile_names_regions_in_each_language_keeping_the_English_key()
    {
        var profile = SeedReader.Read(SeedRoot, "az").Profile;

        Assert.Contains("Baku", profile.Regions);
        Assert.Equal("Bakı", profile.RegionName("Baku", "az"));
        Assert.Equal("Баку", profile.RegionName("Baku", "ru"));
        Assert.Equal("Baku", profile.RegionName("Baku", "en"));
        Assert.Equal("Naxçıvan MR", profile.RegionName("Nakhchivan AR", "az"));
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

    /// <summary>A database seeded before short names had translations gets them on the next start; a value it has is kept.</summary>
    [Fact]
    public async Task Seed_applied_to_actors_without_translated_short_names_fills_only_the_missing_ones()
    {
        var loader = app.Services.GetRequiredService<SeedLoader>();
        var seed = app.Services.GetRequiredService<SeedData>();
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>();
        var mia = seed.Actors.Single(a => a.Code == "mia");
        var sms = seed.Actors.Single(a => a.Code == "sms");
        await SetShortNamesAsync("mia", null, null);
        await SetShortNamesAsync("sms", null, "Своё");
        try
        {
            var result = await loader.ApplyAsync(seed);

            Assert.Equal(new SeedResult(0, 0, seed.Actors.Count, seed.Channels.Count, 2), result);
            await using var db = await dbFactory.CreateDbContextAsync();
            var actors = await db.Actors.AsNoTracking().Where(a => a.Code == "mia" || a.Code == "sms").ToDictionaryAsync(a => a.Code);
            Assert.Equal(("DİN", "МВД"), (actors["mia"].ShortNameAz, actors["mia"].ShortNameRu));
            Assert.Equal(("DMX", "Своё"), (actors["sms"].ShortNameAz, actors["sms"].ShortNameRu));
            Assert.Equal("МВД", actors["mia"].ShortNameIn("ru"));
        }
        finally
        {
            await SetShortNamesAsync("mia", mia.ShortName.Az, mia.ShortName.Ru);
            await SetShortNamesAsync("sms", sms.ShortName.Az, sms.ShortName.Ru);
        }

        async Task SetShortNamesAsync(string code, string? az, string? ru)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.Actors.Where(a => a.Code == code)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.ShortNameAz, az).SetProperty(a => a.ShortNameRu, ru));
        }
    }

    private async Task<List<string>> SnapshotAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>().CreateDbContextAsync();
        return await db.Actors.OrderBy(a => a.Id)
            .Select(a => $"{a.Id}|{a.Code}|{a.ShortName}|{a.ShortNameAz}|{a.ShortNameRu}|{a.NameEn}|{a.NameAz}|{a.NameRu}|{a.Kind}|{a.Level}|{a.Region}|{a.IsActive}")
            .ToListAsync();
    }
}

public sealed class SeedValidationTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("nrm-seed-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private const string Profile = """
        { "code": "tt", "name": { "en": "Testland" }, "timeZone": "Asia/Baku", "regions": [
            { "key": "North", "name": { "en": "North", "az": "Şimal", "ru": "Север" } },
            { "key": "South", "name": { "en": "South" } } ] }
        """;

    private SeedValidationException ReadFails(string actorsJson, string profileJson = Profile)
    {
        Directory.CreateDirectory(Path.Combine(root, "tt"));
        File.WriteAllText(Path.Combine(root, "tt", "profile.json"), profileJson);
        File.WriteAllText(Path.Combine(root, "tt", "actors.json"), actorsJson);
        return Assert.Throws<SeedValidationException>(() => SeedReader.Read(root, "tt"));
    }

    private SeedData Reads(string actorsJson, string profileJson = Profile)
    {
        Directory.CreateDirectory(Path.Combine(root, "tt"));
        File.WriteAllText(Path.Combine(root, "tt", "profile.json"), profileJson);
        File.WriteAllText(Path.Combine(root, "tt", "actors.json"), actorsJson);
        return SeedReader.Read(root, "tt");
    }

    private static string ProfileWithRegions(string regions) =>
        $$"""{ "code": "tt", "name": { "en": "Testland" }, "timeZone": "Asia/Baku", "regions": [ {{regions}} ] }""";

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
    public void Region_without_key_is_refused_naming_the_region()
    {
        var e = ReadFails($"[ {Good} ]", ProfileWithRegions("""{ "key": "North", "name": { "en": "North" } }, { "name": { "en": "South" } }"""));

        Assert.EndsWith("profile.json", e.File);
        Assert.Equal("regions[1].key", e.Field);
        Assert.Contains("is required", e.Message);
    }

    [Fact]
    public void Region_key_listed_twice_is_refused_whatever_its_case()
    {
        var e = ReadFails($"[ {Good} ]", ProfileWithRegions("""{ "key": "North", "name": { "en": "North" } }, { "key": "north", "name": { "en": "The north" } }"""));

        Assert.Equal("regions[1].key", e.Field);
        Assert.Contains("'north' is listed twice", e.Message);
    }

    [Fact]
    public void Region_without_English_name_is_refused_naming_the_key()
    {
        var e = ReadFails($"[ {Good} ]", ProfileWithRegions("""{ "key": "North", "name": { "az": "Şimal", "ru": "Север" } }"""));

        Assert.Equal("regions[0].name.en", e.Field);
        Assert.Contains("'North'", e.Message);
    }

    [Fact]
    public void Region_as_a_plain_string_is_refused_naming_the_region()
    {
        var e = ReadFails($"[ {Good} ]", ProfileWithRegions("\"North\""));

        Assert.EndsWith("profile.json", e.File);
        Assert.Equal("regions[0]", e.Field);
    }

    [Fact]
    public void RegionName_is_in_the_language_then_English_then_the_key()
    {
        var profile = Reads($"[ {Good} ]").Profile;

        Assert.Equal(["North", "South"], profile.Regions);
        Assert.Equal("Şimal", profile.RegionName("North", "az"));
        Assert.Equal("Север", profile.RegionName("North", "ru"));
        Assert.Equal("North", profile.RegionName("North", null));
        Assert.Equal("South", profile.RegionName("South", "ru"));
        Assert.Equal("West", profile.RegionName("West", "az"));
    }

    [Fact]
    public void ShortName_as_a_string_is_English_only_and_as_text_has_every_language()
    {
        var seed = Reads($$"""[ {{Good}}, { "code": "ngo", "shortName": { "en": "MIA", "az": "DİN", "ru": "МВД" }, "name": { "en": "NGO" }, "kind": "Ngo" } ]""");

        Assert.Equal(new LocalizedText("Police", null, null), seed.Actors[0].ShortName);
        Assert.Equal(new LocalizedText("MIA", "DİN", "МВД"), seed.Actors[1].ShortName);
    }

    [Fact]
    public void ShortName_without_English_is_refused()
    {
        var e = ReadFails("""[ { "code": "ngo", "shortName": { "az": "QHT", "ru": "НКО" }, "name": { "en": "NGO" }, "kind": "Ngo" } ]""");

        Assert.Equal("shortName.en", e.Field);
        Assert.Contains("'ngo'", e.Record);
    }

    [Fact]
    public void ShortName_translation_longer_than_the_column_is_refused()
    {
        var e = ReadFails($$"""[ { "code": "ngo", "shortName": { "en": "NGO", "ru": "{{new string('ж', 65)}}" }, "name": { "en": "NGO" }, "kind": "Ngo" } ]""");

        Assert.Equal("shortName.ru", e.Field);
    }

    [Fact]
    public void ShortName_of_another_type_is_refused_naming_the_field()
    {
        var e = ReadFails("""[ { "code": "ngo", "shortName": 7, "name": { "en": "NGO" }, "kind": "Ngo" } ]""");

        Assert.Equal("#1", e.Record);
        Assert.Equal("shortName", e.Field);
        Assert.Contains("a string or", e.Message);
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

public sealed class ActorShortNameTests
{
    [Theory]
    [InlineData("az", "DİN")]
    [InlineData("ru", "МВД")]
    [InlineData("en", "MIA")]
    [InlineData(null, "MIA")]
    public void ShortNameIn_language_is_its_translation_or_English(string? language, string expected)
    {
        var actor = new Actor { Code = "mia", ShortName = "MIA", ShortNameAz = "DİN", ShortNameRu = "МВД", NameEn = "Ministry of Internal Affairs" };

        Assert.Equal(expected, actor.ShortNameIn(language));
    }

    [Fact]
    public void ShortNameIn_without_translation_is_English()
    {
        var actor = new Actor { Code = "ngo", ShortName = "NGO", ShortNameRu = " ", NameEn = "An NGO" };

        Assert.Equal("NGO", actor.ShortNameIn("az"));
        Assert.Equal("NGO", actor.ShortNameIn("ru"));
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
