using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using NrmHub.Core.Seed;

namespace NrmHub.Core.Actors.Exports;

/// <summary>A field of an official HSDS table, as its descriptor defines it.</summary>
public sealed record HsdsField(string Name, string? Format, bool Required, bool Unique, IReadOnlyList<string>? Enum);

public sealed record HsdsForeignKey(string Field, string Resource);

/// <summary>One table of the official package: its name, its file and its columns, in the descriptor's order.</summary>
public sealed record HsdsTableDefinition(string Name, string Path, IReadOnlyList<HsdsField> Fields, IReadOnlyList<HsdsForeignKey> ForeignKeys);

/// <summary>
/// The HSDS tabular data package: every table of the official descriptor, in its order, each CSV with every official
/// column in the official order (empty where NrmHub has no value), and the official descriptor itself.
/// </summary>
/// <remarks>
/// Followed: openreferral/specification, tag <c>v3.0</c> (commit c457a0e3ecb0cfe43525ea8bcdbfd62542ed6730),
/// <c>datapackage.json</c>, embedded here unmodified (<c>Hsds/datapackage-v3.0.json</c>, CC-BY-SA-4.0, © Open
/// Referral). The spec asks publishers to use its descriptor rather than their own, so the tables, columns and
/// constraints are read from that file, never restated in code; NrmHub only says which of its values go in which
/// column, and a column name it does not know fails the build of the package.
/// </remarks>
public static class HsdsPackage
{
    public const string DescriptorPath = "datapackage.json";
    public const string SpecificationTag = "v3.0";

    /// <summary>The licence NrmHub publishes the directory under: open, attribution only, as the spec's README asks of publishers.</summary>
    public static readonly (string Type, string Name, string Url) DataLicence =
        ("CC-BY-4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/");

    /// <summary>Zip entries carry a fixed time, so the same data gives the same bytes; the export date is in the file name.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<string> OfficialText = new(() =>
    {
        using var stream = typeof(HsdsPackage).Assembly.GetManifestResourceStream("NrmHub.Core.Actors.Exports.Hsds.datapackage-v3.0.json")
            ?? throw new InvalidOperationException("The official HSDS descriptor is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<IReadOnlyList<HsdsTableDefinition>> Definitions = new(() =>
        JsonNode.Parse(OfficialText.Value)!["resources"]!.AsArray().Select(r => new HsdsTableDefinition(
            (string)r!["name"]!,
            (string)r["path"]!,
            r["schema"]!["fields"]!.AsArray().Select(f => new HsdsField(
                (string)f!["name"]!,
                (string?)f["format"],
                (bool?)f["constraints"]?["required"] ?? false,
                (bool?)f["constraints"]?["unique"] ?? false,
                f["constraints"]?["enum"]?.AsArray().Select(v => (string)v!).ToList())).ToList(),
            (r["schema"]!["foreignKeys"]?.AsArray() ?? []).Select(k => new HsdsForeignKey((string)k!["fields"]!, (string)k["reference"]!["resource"]!)).ToList()))
        .ToList());

    /// <summary>The official descriptor, byte for byte as published at the tag.</summary>
    public static string OfficialDescriptor => OfficialText.Value;

    public static IReadOnlyList<HsdsTableDefinition> Tables => Definitions.Value;

    /// <summary>NrmHub's rows per official table, as column → value; tables not listed are published with their header only.</summary>
    private static readonly Dictionary<string, Func<HsdsDataset, IEnumerable<Dictionary<string, string?>>>> Rows = new(StringComparer.Ordinal)
    {
        ["organization"] = d => d.Organizations.Select(o => Row(
            ("id", o.Id), ("name", o.Name), ("alternate_name", o.AlternateName), ("description", o.Description), ("email", o.Email),
            ("website", o.Website), ("parent_organization_id", o.ParentOrganizationId))),
        ["service"] = d => d.Services.Select(s => Row(
            ("id", s.Id), ("organization_id", s.OrganizationId), ("name", s.Name), ("description", s.Description), ("status", s.Status))),
        ["attribute"] = d => d.Services.SelectMany(s => s.Attributes).Select(a => Row(
            ("id", a.Id), ("link_id", a.LinkId), ("taxonomy_term_id", a.TaxonomyTermId), ("link_type", a.LinkType), ("link_entity", a.LinkEntity))),
        ["service_at_location"] = d => d.ServiceAtLocations.Select(x => Row(("id", x.Id), ("service_id", x.ServiceId), ("location_id", x.LocationId))),
        ["location"] = d => d.Locations.Select(l => Row(
            ("id", l.Id), ("location_type", l.LocationType), ("organization_id", l.OrganizationId), ("name", l.Name), ("description", l.Description))),
        ["phone"] = d => d.Organizations.SelectMany(o => o.Phones).Select(p => Row(
            ("id", p.Id), ("organization_id", p.OrganizationId), ("number", p.Number), ("type", p.Type), ("description", p.Description))),
        ["contact"] = d => d.Organizations.SelectMany(o => o.Contacts).Select(c => Row(
            ("id", c.Id), ("organization_id", c.OrganizationId), ("title", c.Title), ("email", c.Email))),
        ["taxonomy_term"] = d => d.TaxonomyTerms.Select(t => Row(
            ("id", t.Id), ("code", t.Code), ("name", t.Name), ("description", t.Description), ("parent_id", t.ParentId),
            ("taxonomy", HsdsExport.TaxonomyName), ("language", t.Language), ("taxonomy_id", t.TaxonomyId))),
        ["taxonomy"] = d => d.Taxonomies.Select(t => Row(("id", t.Id), ("name", t.Name), ("description", t.Description), ("version", t.Version))),
    };

    private static Dictionary<string, string?> Row(params (string Column, string? Value)[] cells) => cells.ToDictionary(c => c.Column, c => c.Value, StringComparer.Ordinal);

    /// <summary>E.g. <c>nrmhub-hsds-az-2026-11-23.zip</c>, dated in the country's own time zone.</summary>
    public static string FileName(CountryProfile country, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(country.TimeZone));
        return $"nrmhub-hsds-{country.Code}-{local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.zip";
    }

    /// <summary>The rows of one official table, every column in the official order.</summary>
    public static IEnumerable<IReadOnlyList<string?>> RowsOf(HsdsTableDefinition table, HsdsDataset data)
    {
        if (!Rows.TryGetValue(table.Name, out var source))
        {
            yield break;
        }

        var columns = table.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var row in source(data))
        {
            if (row.Keys.FirstOrDefault(k => !columns.Contains(k)) is { } unknown)
            {
                throw new InvalidOperationException($"HSDS {SpecificationTag} has no column '{unknown}' in table '{table.Name}'.");
            }

            yield return table.Fields.Select(f => row.GetValueOrDefault(f.Name)).ToList();
        }
    }

    /// <param name="changedAtUtc">When the directory last changed (<see cref="NrmSnapshot.ChangedAtUtc"/>): the descriptor's <c>created</c>.</param>
    public static byte[] Write(HsdsDataset data, CountryProfile country, DateTime? changedAtUtc)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, DescriptorPath, ExportJson.Serialize(Descriptor(country, changedAtUtc), ExportJson.CamelCase));
            foreach (var table in Tables)
            {
                var csv = Csv.Write(RowsOf(table, data).Prepend(table.Fields.Select(f => (string?)f.Name).ToList()));
                Add(zip, table.Path, Encoding.UTF8.GetBytes(csv));
            }
        }

        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string path, byte[] content)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }

    /// <summary>
    /// The official descriptor with NrmHub's own name, title, description, licence and creation time: these describe
    /// the dataset, while the profile, the version of HSDS and every resource stay as published.
    /// </summary>
    private static JsonObject Descriptor(CountryProfile country, DateTime? changedAtUtc)
    {
        var descriptor = JsonNode.Parse(OfficialText.Value)!.AsObject();
        descriptor["name"] = $"nrmhub-{country.Code}-hsds";
        descriptor["title"] = $"National Referral Mechanism of {country.Name.En}: actors and services (HSDS {HsdsExport.Version})";
        descriptor["description"] = "Organisations of the National Referral Mechanism for victims of trafficking, the services they are mandated to "
            + "provide, and the public locations where they provide them, in the Open Referral Human Services Data Specification. "
            + "Shelter addresses are never published.";
        // The official home page is the specification's; NrmHub's own address depends on where it is deployed.
        descriptor.Remove("homepage");
        descriptor["license"] = new JsonObject { ["url"] = DataLicence.Url, ["type"] = DataLicence.Type, ["name"] = DataLicence.Name };
        // Frictionless's "created" (RFC 3339): when this version of the data came to be, not when it was downloaded,
        // so that the package of an unchanged directory stays byte for byte the same.
        if (changedAtUtc is { } changed)
        {
            descriptor["created"] = changed.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return descriptor;
    }
}

public static class HsdsJson
{
    public static byte[] Write(HsdsDataset data) => ExportJson.Serialize(data, ExportJson.SnakeCase);
}
