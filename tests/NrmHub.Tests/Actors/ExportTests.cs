using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Actors;
using NrmHub.Core.Actors.Exports;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using NrmHub.Tests.Infrastructure;
using NrmHub.Web.Api;

namespace NrmHub.Tests.Actors;

/// <summary>
/// An app of its own, because the exports are checked against data the seed may not have (yet): a shelter with a
/// restricted address, a shelter whose address was entered as public by mistake, a publicly located actor, mandates
/// and a channel.
/// </summary>
public sealed class ExportFixture : IAsyncLifetime
{
    public const string RestrictedAddress = "17 Hidden Lane, Qzorvabad 9876";
    public const string RestrictedCity = "Qzorvabad";
    public const string MistakenlyPublicAddress = "3 Quiet Court, Vyxelkend";
    public const string PublicAddress = "Public Square 1, Baku AZ1000";
    public const string LegalBasisWithQuotes = "Law \"On Combating Trafficking in Human Beings\", Article 11,\nparagraph 2";

    public NrmAppFactory App { get; } = new();

    public async Task InitializeAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>().CreateDbContextAsync();
        var actors = await db.Actors.Include(a => a.Mandates).ToDictionaryAsync(a => a.Code);

        var shelter = actors["clean-world"];
        shelter.Address = RestrictedAddress;
        shelter.AddressDisclosure = Disclosure.Restricted;
        shelter.Mandates.Add(new Mandate { Pillar = Pillar.Protection, Services = [ServiceType.Shelter, ServiceType.Psychosocial], Capacity = 23, Occupancy = 6 });

        var govShelter = actors["gov-shelter"];
        govShelter.Address = MistakenlyPublicAddress;
        govShelter.AddressDisclosure = Disclosure.Public;
        govShelter.Mandates.Add(new Mandate { Pillar = Pillar.Protection, Services = [ServiceType.Shelter] });

        var police = actors["mia-thb"];
        police.Address = PublicAddress;
        police.AddressDisclosure = Disclosure.Public;
        police.Mandates.Add(new Mandate
        {
            Pillar = Pillar.Prosecution,
            Services = [ServiceType.Investigation, ServiceType.Identification],
            LegalBasisText = LegalBasisWithQuotes,
            LegalBasisReference = "Law 958-IIQ",
        });
        police.Mandates.Add(new Mandate { Pillar = Pillar.Protection, Services = [ServiceType.Identification] });
        police.ParentId = actors["mia"].Id;
        police.Contacts.Add(new ContactPoint { Role = "Duty officer", Kind = ContactKind.Phone, Value = "+994 12 000 00 00" });
        police.Contacts.Add(new ContactPoint { Role = "Department mailbox", Kind = ContactKind.Email, Value = "thb@example.az" });

        if (!await db.Channels.AnyAsync(c => c.FromActorId == police.Id && c.ToActorId == shelter.Id))
        {
            db.Channels.Add(new ReferralChannel
            {
                FromActorId = police.Id,
                ToActorId = shelter.Id,
                Services = [ServiceType.Shelter],
                Basis = ChannelBasis.Sop,
                TimeLimitNote = "within 24 hours",
            });
        }

        await db.SaveChangesAsync();
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    public async Task<(List<Actor> Actors, List<ReferralChannel> Channels)> ReadDatabaseAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<NrmDbContext>>().CreateDbContextAsync();
        return (await db.Actors.AsNoTracking().Include(a => a.Mandates).ToListAsync(), await db.Channels.AsNoTracking().ToListAsync());
    }
}

public sealed class ExportTests(ExportFixture fixture) : IClassFixture<ExportFixture>
{
    private static string OrgId(string code) => StableId.For($"az/organization/{code}");

    private HttpClient Client => fixture.App.CreateClient();

    [Theory]
    [InlineData("/api/exports/hsds.json", "application/json")]
    [InlineData("/api/exports/hsds.zip", "application/zip")]
    [InlineData("/api/exports/graph.json", "application/json")]
    public async Task Export_anonymous_is_200_with_its_content_type(string path, string contentType)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task HsdsZip_is_an_attachment_named_with_country_and_date()
    {
        var response = await Client.GetAsync("/api/exports/hsds.zip");

        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(@"^nrmhub-hsds-az-\d{4}-\d{2}-\d{2}\.zip$", disposition.FileNameStar ?? disposition.FileName);
    }

    [Theory]
    [InlineData("/api/exports/hsds.json")]
    [InlineData("/api/exports/hsds.zip")]
    [InlineData("/api/exports/graph.json")]
    public async Task Export_twice_gives_identical_bytes(string path)
    {
        var first = await Client.GetByteArrayAsync(path);
        var second = await Client.GetByteArrayAsync(path);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task HsdsJson_has_an_organization_per_actor_and_a_service_per_mandated_service()
    {
        var (actors, _) = await fixture.ReadDatabaseAsync();
        using var json = JsonDocument.Parse(await Client.GetByteArrayAsync("/api/exports/hsds.json"));
        var root = json.RootElement;

        Assert.Equal("3.0", root.GetProperty("hsds_version").GetString());
        var organizations = root.GetProperty("organizations").EnumerateArray().ToList();
        Assert.Equal(actors.Select(a => OrgId(a.Code)).Order(), organizations.Select(o => o.GetProperty("id").GetString()!).Order());
        foreach (var actor in actors)
        {
            var org = organizations.Single(o => o.GetProperty("id").GetString() == OrgId(actor.Code));
            Assert.Equal(actor.NameEn, org.GetProperty("name").GetString());
            Assert.Equal(actor.ShortName, org.GetProperty("alternate_name").GetString());
            Assert.False(string.IsNullOrWhiteSpace(org.GetProperty("description").GetString()));
            var parent = actors.SingleOrDefault(a => a.Id == actor.ParentId);
            Assert.Equal(parent is null ? null : OrgId(parent.Code), org.TryGetProperty("parent_organization_id", out var p) ? p.GetString() : null);
        }

        Assert.Contains(actors, a => a.ParentId is not null);
        var police = organizations.Single(o => o.GetProperty("id").GetString() == OrgId("mia-thb"));
        Assert.Contains(police.GetProperty("contacts").EnumerateArray(), c => c.GetProperty("email").GetString() == "thb@example.az" && c.GetProperty("title").GetString() == "Department mailbox");
        Assert.Contains(police.GetProperty("phones").EnumerateArray(), p => p.GetProperty("number").GetString() == "+994 12 000 00 00" && p.GetProperty("description").GetString() == "Duty officer");

        var expected = actors
            .SelectMany(a => a.Mandates.SelectMany(m => m.Services).Distinct().Select(s => $"{OrgId(a.Code)}|{s}"))
            .Order().ToList();
        var services = root.GetProperty("services").EnumerateArray().ToList();
        var termCodes = root.GetProperty("taxonomy_terms").EnumerateArray()
            .ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("code").GetString()!);
        var actual = services
            .Select(s => $"{s.GetProperty("organization_id").GetString()}|{ServiceTypeOf(s, termCodes)}")
            .Order().ToList();
        Assert.Equal(expected, actual);
        Assert.All(services, s => Assert.Contains(s.GetProperty("status").GetString(), new[] { "active", "inactive" }));

        var investigation = services.Single(s => s.GetProperty("organization_id").GetString() == OrgId("mia-thb") && ServiceTypeOf(s, termCodes) == "Investigation");
        Assert.Contains("Law 958-IIQ", investigation.GetProperty("description").GetString());
        var identification = services.Single(s => s.GetProperty("organization_id").GetString() == OrgId("mia-thb") && ServiceTypeOf(s, termCodes) == "Identification");
        var pillars = identification.GetProperty("attributes").EnumerateArray()
            .Where(a => a.GetProperty("link_type").GetString() == "pillar")
            .Select(a => termCodes[a.GetProperty("taxonomy_term_id").GetString()!]).ToList();
        Assert.Contains("pillar/Prosecution", pillars);
        Assert.Contains("pillar/Protection", pillars);
    }

    [Fact]
    public async Task HsdsJson_has_one_taxonomy_with_a_term_per_pillar_and_service()
    {
        using var json = JsonDocument.Parse(await Client.GetByteArrayAsync("/api/exports/hsds.json"));

        var taxonomy = Assert.Single(json.RootElement.GetProperty("taxonomies").EnumerateArray());
        Assert.Equal("nrmhub-services", taxonomy.GetProperty("name").GetString());
        var codes = json.RootElement.GetProperty("taxonomy_terms").EnumerateArray().Select(t => t.GetProperty("code").GetString()).ToList();
        Assert.Equal(
            Enum.GetValues<Pillar>().Select(p => $"pillar/{p}").Concat(Enum.GetValues<ServiceType>().Select(s => $"service/{s}")).Order(),
            codes.Order());
    }

    [Fact]
    public async Task HsdsJson_publicly_located_actor_has_a_location_for_each_service()
    {
        using var json = JsonDocument.Parse(await Client.GetByteArrayAsync("/api/exports/hsds.json"));
        var root = json.RootElement;

        var location = root.GetProperty("locations").EnumerateArray().Single(l => l.GetProperty("organization_id").GetString() == OrgId("mia-thb"));
        // No address object (HSDS requires a city and a postal code NrmHub does not keep); the line stays readable.
        Assert.False(location.TryGetProperty("addresses", out _));
        Assert.Contains(ExportFixture.PublicAddress, location.GetProperty("description").GetString());
        var serviceIds = root.GetProperty("services").EnumerateArray()
            .Where(s => s.GetProperty("organization_id").GetString() == OrgId("mia-thb"))
            .Select(s => s.GetProperty("id").GetString()).Order();
        var located = root.GetProperty("service_at_locations").EnumerateArray()
            .Where(x => x.GetProperty("location_id").GetString() == location.GetProperty("id").GetString())
            .Select(x => x.GetProperty("service_id").GetString()).Order();
        Assert.Equal(serviceIds, located);
    }

    [Theory]
    [InlineData("clean-world")]
    [InlineData("gov-shelter")]
    public async Task Shelter_has_no_location_in_json_or_csv(string code)
    {
        var bytes = await Client.GetByteArrayAsync("/api/exports/hsds.json");
        using var json = JsonDocument.Parse(bytes);
        var files = Unzip(await Client.GetByteArrayAsync("/api/exports/hsds.zip"));

        Assert.DoesNotContain(json.RootElement.GetProperty("locations").EnumerateArray(), l => l.GetProperty("organization_id").GetString() == OrgId(code));
        Assert.DoesNotContain(OrgId(code), files["locations.csv"]);
        Assert.DoesNotContain(StableId.For($"az/location/{code}"), Encoding.UTF8.GetString(bytes));
        Assert.DoesNotContain(StableId.For($"az/location/{code}"), files["service_at_location.csv"]);
    }

    [Theory]
    [InlineData(ExportFixture.RestrictedAddress)]
    [InlineData(ExportFixture.RestrictedCity)]
    [InlineData(ExportFixture.MistakenlyPublicAddress)]
    [InlineData("Vyxelkend")]
    public async Task ShelterAddress_appears_in_no_byte_of_any_export(string secret)
    {
        var exports = new List<(string Name, byte[] Bytes)>
        {
            ("hsds.json", await Client.GetByteArrayAsync("/api/exports/hsds.json")),
            ("graph.json", await Client.GetByteArrayAsync("/api/exports/graph.json")),
        };
        var zip = await Client.GetByteArrayAsync("/api/exports/hsds.zip");
        exports.Add(("hsds.zip", zip));
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            exports.AddRange(archive.Entries.Select(e => ($"hsds.zip/{e.FullName}", ReadAll(e))));
        }

        foreach (var (name, bytes) in exports)
        {
            foreach (var encoded in new[] { Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(JsonEncodedText.Encode(secret).Value) })
            {
                Assert.True(bytes.AsSpan().IndexOf(encoded) < 0, $"'{secret}' found in {name}");
            }
        }
    }

    [Fact]
    public async Task HsdsZip_descriptor_lists_exactly_the_csv_files_with_their_headers()
    {
        var files = Unzip(await Client.GetByteArrayAsync("/api/exports/hsds.zip"));

        using var descriptor = JsonDocument.Parse(files["datapackage.json"]);
        Assert.Equal("tabular-data-package", descriptor.RootElement.GetProperty("profile").GetString());
        var resources = descriptor.RootElement.GetProperty("resources").EnumerateArray().ToList();
        Assert.Equal(files.Keys.Where(k => k != "datapackage.json").Order(), resources.Select(r => r.GetProperty("path").GetString()!).Order());
        foreach (var resource in resources)
        {
            var rows = ExportCsvReader.Parse(files[resource.GetProperty("path").GetString()!]);
            var declared = resource.GetProperty("schema").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
            Assert.Equal(declared, rows[0]);
            Assert.All(rows, r => Assert.Equal(declared.Count, r.Count));
            Assert.Equal("id", resource.GetProperty("schema").GetProperty("primaryKey").GetString());
        }

        foreach (var required in new[] { "organizations.csv", "services.csv", "locations.csv", "service_at_location.csv", "taxonomies.csv", "taxonomy_terms.csv", "phones.csv", "attributes.csv" })
        {
            Assert.Contains(required, files.Keys);
        }
    }

    [Fact]
    public async Task HsdsZip_csv_rows_match_the_json()
    {
        using var json = JsonDocument.Parse(await Client.GetByteArrayAsync("/api/exports/hsds.json"));
        var files = Unzip(await Client.GetByteArrayAsync("/api/exports/hsds.zip"));

        var organizations = ExportCsvReader.Parse(files["organizations.csv"]);
        Assert.Equal(json.RootElement.GetProperty("organizations").GetArrayLength(), organizations.Count - 1);
        var services = ExportCsvReader.Parse(files["services.csv"]);
        Assert.Equal(json.RootElement.GetProperty("services").GetArrayLength(), services.Count - 1);

        // The legal basis holds quotes, a comma and a line break: it must come back whole from the CSV.
        var description = services[0].IndexOf("description");
        Assert.Contains(services.Skip(1), r => r[description].Contains(ExportFixture.LegalBasisWithQuotes, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GraphJson_has_a_node_per_actor_and_an_edge_per_channel()
    {
        var (actors, channels) = await fixture.ReadDatabaseAsync();
        using var json = JsonDocument.Parse(await Client.GetByteArrayAsync("/api/exports/graph.json"));
        var root = json.RootElement;
        var codeById = actors.ToDictionary(a => a.Id, a => a.Code);

        Assert.Equal("az", root.GetProperty("country").GetString());
        var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(actors.Select(a => a.Code).Order(StringComparer.Ordinal), nodes.Select(n => n.GetProperty("code").GetString()!));
        var edges = root.GetProperty("edges").EnumerateArray()
            .Select(e => $"{e.GetProperty("from").GetString()}>{e.GetProperty("to").GetString()}").Order();
        Assert.Equal(channels.Select(c => $"{codeById[c.FromActorId]}>{codeById[c.ToActorId]}").Order(), edges);

        var channel = channels.Single(c => codeById[c.FromActorId] == "mia-thb" && codeById[c.ToActorId] == "clean-world");
        var edge = root.GetProperty("edges").EnumerateArray().Single(e => e.GetProperty("from").GetString() == "mia-thb" && e.GetProperty("to").GetString() == "clean-world");
        Assert.Equal(channel.IsActive, edge.GetProperty("active").GetBoolean());
        Assert.Equal(channel.Basis.ToString(), edge.GetProperty("basis").GetString());
        Assert.Equal(channel.Services.Distinct().Select(s => s.ToString()), edge.GetProperty("services").EnumerateArray().Select(s => s.GetString()!));

        var shelter = nodes.Single(n => n.GetProperty("code").GetString() == "clean-world");
        Assert.Equal("Shelter", shelter.GetProperty("kind").GetString());
        Assert.False(shelter.TryGetProperty("region", out _));
        Assert.False(string.IsNullOrEmpty(shelter.GetProperty("names").GetProperty("en").GetString()));
        Assert.NotEqual(0, shelter.GetProperty("regionsServed").GetArrayLength());
        Assert.Contains(shelter.GetProperty("mandates").EnumerateArray(), m => m.GetProperty("pillar").GetString() == "Protection");
    }

    [Fact]
    public async Task GraphJson_tells_the_public_that_a_shelter_exists_but_not_how_full_it_is()
    {
        var response = await Client.GetAsync("/api/exports/graph.json");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"clean-world\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"capacity\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"freeCapacity\"", body, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 300 }, $"Cache-Control: {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task GraphJson_gives_signed_in_users_the_places_and_keeps_that_out_of_shared_caches()
    {
        using var client = await NrmAppFactory.SignedInClientAsync(fixture.App, DemoAccount.Officer);

        var response = await client.GetAsync("/api/exports/graph.json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());

        var shelter = json.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("code").GetString() == "clean-world");
        var mandate = shelter.GetProperty("mandates").EnumerateArray().First(m => m.TryGetProperty("capacity", out var capacity) && capacity.GetInt32() == 23);
        Assert.Equal("Protection", mandate.GetProperty("pillar").GetString());
        Assert.Equal(17, mandate.GetProperty("freeCapacity").GetInt32());
        Assert.True(response.Headers.CacheControl is { Private: true, NoCache: true, Public: false }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("Cookie", response.Headers.Vary);
        // Not the public version's tag: a cache cannot confuse the two.
        var anonymous = await Client.GetAsync("/api/exports/graph.json");
        Assert.NotEqual(anonymous.Headers.ETag, response.Headers.ETag);
    }

    [Theory]
    [InlineData("/api/exports/hsds.json")]
    [InlineData("/api/exports/hsds.zip")]
    [InlineData("/api/exports/graph.json")]
    public async Task Public_exports_carry_a_directory_cache_lifetime_and_an_ETag_that_answers_304(string path)
    {
        var client = Client;
        var first = await client.GetAsync(path);
        Assert.True(first.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 300 }, $"Cache-Control: {first.Headers.CacheControl}");
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(tag);
        var second = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(tag, second.Headers.ETag);

        using var stale = new HttpRequestMessage(HttpMethod.Get, path);
        stale.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"0000\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);
    }

    private static string ServiceTypeOf(JsonElement service, Dictionary<string, string> termCodes) =>
        termCodes[service.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("link_type").GetString() == "service_type")
            .GetProperty("taxonomy_term_id").GetString()!]["service/".Length..];

    internal static Dictionary<string, string> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.ToDictionary(e => e.FullName, e => Encoding.UTF8.GetString(ReadAll(e)));
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

public sealed class ExportCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("line1\r\nline2", "\"line1\r\nline2\"")]
    [InlineData(" padded ", "\" padded \"")]
    [InlineData("Gəncə, Гянджа", "\"Gəncə, Гянджа\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Field_quotes_only_what_needs_it(string? value, string expected)
    {
        Assert.Equal(expected, Csv.Field(value));
    }

    [Fact]
    public void Write_ends_rows_with_crlf_and_reads_back_whole()
    {
        string?[][] rows =
        [
            ["id", "name", "note"],
            ["1", "Comma, Inc.", "He said \"no\"\r\nthen left"],
            ["2", null, "last\nline"],
        ];

        var text = Csv.Write(rows);

        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.StartsWith("id,name,note\r\n1,\"Comma, Inc.\",\"He said \"\"no\"\"\r\nthen left\"\r\n", text, StringComparison.Ordinal);
        Assert.Equal(rows.Select(r => r.Select(f => f ?? "")), ExportCsvReader.Parse(text));
    }
}

public sealed class ExportIdTests
{
    [Fact]
    public void StableId_is_rfc_uuid_version_5()
    {
        // The RFC 9562 / Python uuid.uuid5(NAMESPACE_DNS, "python.org") vector.
        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"), StableId.For(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org"));
    }

    [Fact]
    public void StableId_same_name_same_id_other_name_other_id()
    {
        Assert.Equal(StableId.For("az/organization/mia"), StableId.For("az/organization/mia"));
        Assert.NotEqual(StableId.For("az/organization/mia"), StableId.For("kg/organization/mia"));
    }

    [Fact]
    public void FileName_uses_the_date_in_the_country_time_zone()
    {
        var baku = new CountryProfile("az", new LocalizedText("Azerbaijan", null, null), "Asia/Baku", []);

        // 21:30 UTC is 01:30 the next day in Baku (UTC+4).
        Assert.Equal("nrmhub-hsds-az-2026-11-24.zip", HsdsPackage.FileName(baku, new DateTimeOffset(2026, 11, 23, 21, 30, 0, TimeSpan.Zero)));
    }
}

public sealed class EmptyExportTests
{
    private static readonly CountryProfile Country = new("tt", new LocalizedText("Testland", null, null), "Asia/Baku", ["North", "South"]);

    [Fact]
    public async Task EmptyDatabase_gives_valid_empty_exports()
    {
        var connectionString = $"Data Source=file:empty-{Guid.NewGuid():N}?mode=memory&cache=shared";
        using var keeper = new SqliteConnection(connectionString);
        keeper.Open();
        var options = new DbContextOptionsBuilder<NrmDbContext>();
        DatabaseSetup.Configure(options, connectionString);
        var factory = new PooledDbContextFactory<NrmDbContext>(options.Options);
        await using (var db = await factory.CreateDbContextAsync())
        {
            await DatabaseSetup.MigrateAsync(db);
        }

        var snapshot = await NrmSnapshot.LoadAsync(factory);

        Assert.Empty(snapshot.Actors);
        Assert.Null(snapshot.ChangedAtUtc);
        var hsds = HsdsExport.Build(snapshot, Country);
        using var json = JsonDocument.Parse(HsdsJson.Write(hsds));
        Assert.Equal(0, json.RootElement.GetProperty("organizations").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("services").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("locations").GetArrayLength());
        Assert.Equal(20, json.RootElement.GetProperty("taxonomy_terms").GetArrayLength());

        var files = ExportTests.Unzip(HsdsPackage.Write(hsds, Country, null));
        using var descriptor = JsonDocument.Parse(files["datapackage.json"]);
        Assert.Equal("nrmhub-tt-hsds", descriptor.RootElement.GetProperty("name").GetString());
        // Nothing was ever written: no date to claim.
        Assert.False(descriptor.RootElement.TryGetProperty("created", out _));
        Assert.Equal(HsdsPackage.Tables.Count + 1, files.Count);
        Assert.Single(ExportCsvReader.Parse(files["organizations.csv"]));

        using var graph = JsonDocument.Parse(GraphExport.Write(GraphExport.Build(snapshot, Country, ExportDisclosure.Public)));
        Assert.Equal(0, graph.RootElement.GetProperty("nodes").GetArrayLength());
        Assert.Equal(0, graph.RootElement.GetProperty("edges").GetArrayLength());
    }
}

/// <summary>A strict RFC 4180 reader for the tests: a bare line feed outside quotes is data, not a row end.</summary>
internal static class ExportCsvReader
{
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.False(quoted, "unterminated quoted field");
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
