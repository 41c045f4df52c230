using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NrmHub.Core.Actors.Exports;

namespace NrmHub.Tests.Actors;

/// <summary>
/// The tabular package checked against the official HSDS 3.0 rules (openreferral/specification, tag v3.0): the
/// official table and file names, every official column in the official order, required cells filled, enums,
/// uniqueness, uuids and foreign keys; and the JSON without an empty required string. Run against the exporting app
/// of <see cref="ExportFixture"/> (a shelter with a restricted address, publicly located actors, phones, mandates).
/// </summary>
public sealed partial class HsdsConformanceTests(ExportFixture fixture) : IClassFixture<ExportFixture>
{
    // SHA-256 of datapackage.json at tag v3.0 (commit c457a0e3…): the embedded descriptor must be the official one.
    private const string OfficialDescriptorSha256 = "06d063ec1a22f8797da3ee9cd1e2a9e519fa813d6f3e93140bbdd7814d36984b";

    private static readonly string[] OfficialFiles =
    [
        "organizations.csv", "programs.csv", "services.csv", "attributes.csv", "service_at_location.csv", "locations.csv", "phones.csv",
        "contacts.csv", "addresses.csv", "schedules.csv", "funding.csv", "service_areas.csv", "required_documents.csv", "languages.csv",
        "accessibility.csv", "taxonomy_terms.csv", "metadata.csv", "meta_table_descriptions.csv", "cost_options.csv",
        "organization_identifiers.csv", "taxonomies.csv",
    ];

    private async Task<Dictionary<string, string>> PackageAsync() =>
        ExportTests.Unzip(await fixture.App.CreateClient().GetByteArrayAsync("/api/exports/hsds.zip"));

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Uuid();

    [Fact]
    public void The_descriptor_NrmHub_follows_is_the_official_one_byte_for_byte()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(HsdsPackage.OfficialDescriptor)));

        Assert.Equal(OfficialDescriptorSha256, hash);
    }

    [Fact]
    public async Task The_package_has_every_official_file_and_no_other()
    {
        var files = await PackageAsync();

        Assert.Equal(OfficialFiles.Append("datapackage.json").Order(StringComparer.Ordinal), files.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_table_has_every_official_column_in_the_official_order()
    {
        var files = await PackageAsync();
        using var official = JsonDocument.Parse(HsdsPackage.OfficialDescriptor);

        foreach (var resource in official.RootElement.GetProperty("resources").EnumerateArray())
        {
            var header = ExportCsvReader.Parse(files[resource.GetProperty("path").GetString()!])[0];
            var columns = resource.GetProperty("schema").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!);
            Assert.Equal(columns, header);
        }
    }

    [Fact]
    public async Task The_shipped_descriptor_keeps_every_official_resource_and_constraint_and_names_NrmHub()
    {
        var files = await PackageAsync();
        using var shipped = JsonDocument.Parse(files["datapackage.json"]);
        using var official = JsonDocument.Parse(HsdsPackage.OfficialDescriptor);

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse(official.RootElement.GetProperty("resources").GetRawText()),
            JsonNode.Parse(shipped.RootElement.GetProperty("resources").GetRawText())), "the shipped resources differ from the official ones");
        Assert.Equal("tabular-data-package", shipped.RootElement.GetProperty("profile").GetString());
        Assert.Equal("nrmhub-az-hsds", shipped.RootElement.GetProperty("name").GetString());
        Assert.Contains("National Referral Mechanism", shipped.RootElement.GetProperty("title").GetString());
        Assert.Equal(HsdsPackage.DataLicence.Type, shipped.RootElement.GetProperty("license").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Required_cells_are_filled_enums_hold_uuids_are_uuids_and_unique_columns_are_unique()
    {
        var files = await PackageAsync();
        var problems = new List<string>();
        foreach (var table in HsdsPackage.Tables)
        {
            var rows = ExportCsvReader.Parse(files[table.Path]).Skip(1).ToList();
            for (var c = 0; c < table.Fields.Count; c++)
            {
                var field = table.Fields[c];
                var values = rows.Select(r => r[c]).ToList();
                if (field.Required && values.Any(string.IsNullOrEmpty))
                {
                    problems.Add($"{table.Path}: required {field.Name} empty");
                }

                if (field.Enum is { } allowed && values.FirstOrDefault(v => v.Length > 0 && !allowed.Contains(v)) is { } bad)
                {
                    problems.Add($"{table.Path}: {field.Name} = '{bad}' is not one of {string.Join(", ", allowed)}");
                }

                if (field.Format == "uuid" && values.FirstOrDefault(v => v.Length > 0 && !Uuid().IsMatch(v)) is { } notUuid)
                {
                    problems.Add($"{table.Path}: {field.Name} = '{notUuid}' is not a uuid");
                }

                if (field.Unique && values.Where(v => v.Length > 0).GroupBy(v => v).FirstOrDefault(g => g.Count() > 1) is { } twice)
                {
                    problems.Add($"{table.Path}: {field.Name} = '{twice.Key}' twice");
                }
            }
        }

        Assert.Empty(problems);
        // Not vacuous: the fixture's data fills the core tables.
        Assert.All(new[] { "organizations.csv", "services.csv", "locations.csv", "service_at_location.csv", "attributes.csv", "taxonomy_terms.csv", "phones.csv" },
            f => Assert.True(ExportCsvReader.Parse(files[f]).Count > 1, $"{f} has no rows"));
    }

    [Fact]
    public async Task Every_foreign_key_points_at_a_row_of_its_table()
    {
        var files = await PackageAsync();
        var ids = HsdsPackage.Tables.ToDictionary(
            t => t.Name,
            t => ExportCsvReader.Parse(files[t.Path]).Skip(1).Select(r => r[0]).ToHashSet());
        var problems = new List<string>();
        foreach (var table in HsdsPackage.Tables)
        {
            var rows = ExportCsvReader.Parse(files[table.Path]);
            foreach (var key in table.ForeignKeys)
            {
                var column = rows[0].IndexOf(key.Field);
                // An empty resource in a Table Schema foreign key means the table itself (a parent).
                var target = ids[key.Resource.Length == 0 ? table.Name : key.Resource];
                problems.AddRange(rows.Skip(1).Select(r => r[column]).Where(v => v.Length > 0 && !target.Contains(v))
                    .Select(v => $"{table.Path}.{key.Field} = {v} is not in {key.Resource}"));
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_json_has_no_empty_string_and_no_address_with_unknown_required_parts()
    {
        var json = await fixture.App.CreateClient().GetStringAsync("/api/exports/hsds.json");
        using var document = JsonDocument.Parse(json);

        var empty = Strings(document.RootElement, "$").Where(s => s.Value.Length == 0).Select(s => s.Path).ToList();

        Assert.Empty(empty);
        Assert.DoesNotContain("\"addresses\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"postal_code\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_back_with_a_CSV_reader_the_package_gives_the_same_organisations_services_and_locations_as_the_json()
    {
        var files = await PackageAsync();
        using var json = JsonDocument.Parse(await fixture.App.CreateClient().GetByteArrayAsync("/api/exports/hsds.json"));

        foreach (var (array, file, fields) in new[]
        {
            ("organizations", "organizations.csv", new[] { "id", "name", "alternate_name", "description", "email", "website", "parent_organization_id" }),
            ("services", "services.csv", new[] { "id", "organization_id", "name", "description", "status" }),
            ("locations", "locations.csv", new[] { "id", "location_type", "organization_id", "name", "description" }),
            ("service_at_locations", "service_at_location.csv", new[] { "id", "service_id", "location_id" }),
        })
        {
            var rows = ExportCsvReader.Parse(files[file]);
            var fromCsv = rows.Skip(1).Select(r => string.Join("|", fields.Select(f => r[rows[0].IndexOf(f)]))).Order().ToList();
            var fromJson = json.RootElement.GetProperty(array).EnumerateArray()
                .Select(o => string.Join("|", fields.Select(f => o.TryGetProperty(f, out var v) ? v.GetString() : ""))).Order().ToList();
            Assert.Equal(fromJson, fromCsv);
            Assert.NotEmpty(fromJson);
        }
    }

    private static IEnumerable<(string Path, string Value)> Strings(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => [(path, element.GetString()!)],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value, $"{path}.{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((e, i) => Strings(e, $"{path}[{i}]")),
        _ => [],
    };
}
