using System.Globalization;
using System.IO.Compression;
using System.Text;
using NrmHub.Core.Seed;

namespace NrmHub.Core.Actors.Exports;

public sealed record TableField(string Name, string Type, string? Format = null, bool Required = false);

public sealed record TableForeignKey(string Field, string Resource, string ReferencedField = "id");

/// <summary>One CSV of the tabular package. Its header and its Table Schema come from the same column list, so they cannot disagree.</summary>
public interface IHsdsTable
{
    string Name { get; }
    string Path { get; }
    string Description { get; }
    IReadOnlyList<TableField> Fields { get; }
    IReadOnlyList<TableForeignKey> ForeignKeys { get; }
    IEnumerable<IEnumerable<string?>> Rows(HsdsDataset data);
}

internal sealed class HsdsTable<T>(
    string name,
    string description,
    Func<HsdsDataset, IEnumerable<T>> source,
    IReadOnlyList<(TableField Field, Func<T, string?> Value)> columns,
    params TableForeignKey[] foreignKeys) : IHsdsTable
{
    public string Name => name;

    /// <summary>HSDS 3 tabular files are the plural of the object name.</summary>
    public string Path => name switch
    {
        "taxonomy" => "taxonomies.csv",
        "address" => "addresses.csv",
        _ => name + "s.csv",
    };

    public string Description => description;

    public IReadOnlyList<TableField> Fields { get; } = columns.Select(c => c.Field).ToList();

    public IReadOnlyList<TableForeignKey> ForeignKeys => foreignKeys;

    public IEnumerable<IEnumerable<string?>> Rows(HsdsDataset data) =>
        source(data).Select(row => columns.Select(c => c.Value(row)));
}

/// <summary>The HSDS tabular data package: one CSV per object and a Frictionless <c>datapackage.json</c>, in one zip.</summary>
public static class HsdsPackage
{
    public const string DescriptorPath = "datapackage.json";

    /// <summary>Zip entries carry a fixed time, so the same data gives the same bytes; the export date is in the file name.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TableField Id => new("id", "string", "uuid", Required: true);

    private static TableField Ref(string name, bool required = false) => new(name, "string", "uuid", required);

    private static TableField Text(string name, bool required = false, string? format = null) => new(name, "string", format, required);

    public static IReadOnlyList<IHsdsTable> Tables { get; } =
    [
        new HsdsTable<HsdsOrganization>(
            "organization",
            "Each NRM actor.",
            d => d.Organizations,
            [
                (Id, o => o.Id), (Text("name", true), o => o.Name), (Text("alternate_name"), o => o.AlternateName),
                (Text("description", true), o => o.Description), (Text("email", format: "email"), o => o.Email),
                (Text("website", format: "uri"), o => o.Website), (Ref("parent_organization_id"), o => o.ParentOrganizationId),
            ],
            new TableForeignKey("parent_organization_id", "")),
        new HsdsTable<HsdsService>(
            "service",
            "Each service an actor is mandated to provide, with its legal basis.",
            d => d.Services,
            [
                (Id, s => s.Id), (Ref("organization_id", true), s => s.OrganizationId), (Text("name", true), s => s.Name),
                (Text("description"), s => s.Description), (Text("status", true), s => s.Status),
            ],
            new TableForeignKey("organization_id", "organization")),
        new HsdsTable<HsdsLocation>(
            "location",
            "Actors whose address is public. Shelters and restricted addresses are never included.",
            d => d.Locations,
            [
                (Id, l => l.Id), (Text("location_type", true), l => l.LocationType), (Ref("organization_id"), l => l.OrganizationId),
                (Text("name"), l => l.Name),
            ],
            new TableForeignKey("organization_id", "organization")),
        new HsdsTable<HsdsAddress>(
            "address",
            "The public address of a location, as one line.",
            d => d.Locations.SelectMany(l => l.Addresses),
            [
                (Id, a => a.Id), (Ref("location_id", true), a => a.LocationId), (Text("address_1", true), a => a.Address1),
                (Text("city"), a => a.City), (Text("region"), a => a.Region), (Text("state_province"), a => a.StateProvince),
                (Text("postal_code"), a => a.PostalCode), (Text("country", true), a => a.Country), (Text("address_type", true), a => a.AddressType),
            ],
            new TableForeignKey("location_id", "location")),
        new HsdsTable<HsdsServiceAtLocation>(
            "service_at_location",
            "Where a service of a publicly located actor is delivered.",
            d => d.ServiceAtLocations,
            [(Id, x => x.Id), (Ref("service_id", true), x => x.ServiceId), (Ref("location_id", true), x => x.LocationId)],
            new TableForeignKey("service_id", "service"),
            new TableForeignKey("location_id", "location")),
        new HsdsTable<HsdsPhone>(
            "phone",
            "Role-based telephone numbers of actors (duty lines, hotlines).",
            d => d.Organizations.SelectMany(o => o.Phones),
            [
                (Id, p => p.Id), (Ref("organization_id"), p => p.OrganizationId), (Text("number", true), p => p.Number),
                (Text("type"), p => p.Type), (Text("description"), p => p.Description),
            ],
            new TableForeignKey("organization_id", "organization")),
        new HsdsTable<HsdsContact>(
            "contact",
            "Role-based e-mail addresses of actors' units.",
            d => d.Organizations.SelectMany(o => o.Contacts),
            [
                (Id, c => c.Id), (Ref("organization_id"), c => c.OrganizationId), (Text("title"), c => c.Title),
                (Text("email", format: "email"), c => c.Email),
            ],
            new TableForeignKey("organization_id", "organization")),
        new HsdsTable<HsdsTaxonomy>(
            "taxonomy",
            "NrmHub's service taxonomy.",
            d => d.Taxonomies,
            [(Id, t => t.Id), (Text("name", true), t => t.Name), (Text("description", true), t => t.Description), (Text("version"), t => t.Version)]),
        new HsdsTable<HsdsTaxonomyTerm>(
            "taxonomy_term",
            "The pillars and the services under them.",
            d => d.TaxonomyTerms,
            [
                (Id, t => t.Id), (Text("code"), t => t.Code), (Text("name", true), t => t.Name), (Text("description", true), t => t.Description),
                (Ref("parent_id"), t => t.ParentId), (Ref("taxonomy_id"), t => t.TaxonomyId), (Text("language"), t => t.Language),
            ],
            new TableForeignKey("parent_id", ""),
            new TableForeignKey("taxonomy_id", "taxonomy")),
        new HsdsTable<HsdsAttribute>(
            "attribute",
            "Links each service to its service type and pillar terms.",
            d => d.Services.SelectMany(s => s.Attributes),
            [
                (Id, a => a.Id), (Ref("link_id", true), a => a.LinkId), (Text("link_type"), a => a.LinkType),
                (Text("link_entity", true), a => a.LinkEntity), (Ref("taxonomy_term_id", true), a => a.TaxonomyTermId),
            ],
            new TableForeignKey("taxonomy_term_id", "taxonomy_term")),
    ];

    /// <summary>E.g. <c>nrmhub-hsds-az-2026-11-23.zip</c>, dated in the country's own time zone.</summary>
    public static string FileName(CountryProfile country, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(country.TimeZone));
        return $"nrmhub-hsds-{country.Code}-{local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.zip";
    }

    public static byte[] Write(HsdsDataset data, CountryProfile country)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, DescriptorPath, ExportJson.Serialize(Descriptor(country), ExportJson.CamelCase));
            foreach (var table in Tables)
            {
                var csv = Csv.Write(table.Rows(data).Prepend(table.Fields.Select(f => f.Name)));
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

    private static DataPackage Descriptor(CountryProfile country) => new(
        "tabular-data-package",
        $"nrmhub-{country.Code}-hsds",
        $"National Referral Mechanism of {country.Name.En}: actors and services (HSDS {HsdsExport.Version})",
        "Organisations of the National Referral Mechanism for victims of trafficking, the services they are mandated to provide, "
            + "and the public locations where they provide them, in the Open Referral Human Services Data Specification. "
            + "Shelter addresses are never published.",
        Tables.Select(t => new DataResource(
            t.Name,
            t.Path,
            "tabular-data-resource",
            "csv",
            "text/csv",
            "utf-8",
            t.Description,
            new TableSchema(
                t.Fields.Select(f => new SchemaField(f.Name, f.Type, f.Format, f.Required ? new FieldConstraints(true) : null)).ToList(),
                "id",
                t.ForeignKeys.Count == 0 ? null : t.ForeignKeys.Select(k => new SchemaForeignKey(k.Field, new ForeignKeyReference(k.Resource, k.ReferencedField))).ToList())))
            .ToList());

    private sealed record DataPackage(string Profile, string Name, string Title, string Description, IReadOnlyList<DataResource> Resources);

    private sealed record DataResource(
        string Name, string Path, string Profile, string Format, string Mediatype, string Encoding, string Description, TableSchema Schema);

    private sealed record TableSchema(IReadOnlyList<SchemaField> Fields, string PrimaryKey, IReadOnlyList<SchemaForeignKey>? ForeignKeys);

    private sealed record SchemaField(string Name, string Type, string? Format, FieldConstraints? Constraints);

    private sealed record FieldConstraints(bool Required);

    private sealed record SchemaForeignKey(string Fields, ForeignKeyReference Reference);

    private sealed record ForeignKeyReference(string Resource, string Fields);
}

public static class HsdsJson
{
    public static byte[] Write(HsdsDataset data) => ExportJson.Serialize(data, ExportJson.SnakeCase);
}
