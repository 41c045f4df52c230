using System.Text;
using System.Text.Json.Nodes;

namespace NrmHub.Core.Actors.Exports;

/// <summary>The query of one list endpoint, checked: 1-based page, page size, and the filters the profile names.</summary>
public sealed record HsdsQuery(int Page, int PerPage, string? Search, bool Full, IReadOnlyDictionary<string, string> Filters);

/// <summary>The paging envelope of the HSDS API profile (<c>components.schemas.Page</c>), then the page's contents.</summary>
public sealed record HsdsPage(int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty, IReadOnlyList<object> Contents);

public sealed record HsdsApiRoot(string Version, string Profile, string OpenapiUrl);

/// <summary>
/// The HSDS 3.0 read API over the same dataset as the files (same objects, same UUIDs, same disclosure rules:
/// <see cref="HsdsExport"/> builds both), shaped as the API profile of openreferral/specification tag v3.0
/// (<c>schema/openapi.json</c>, embedded unmodified as <c>Hsds/openapi-v3.0.json</c>): lists in the paging
/// envelope with their parents flattened in, detail endpoints fully nested.
/// </summary>
public static class HsdsApi
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 500;

    /// <summary>The page of the specification NrmHub follows: no profile narrows HSDS here, so the profile is HSDS 3.0 itself.</summary>
    public const string Profile = "https://github.com/openreferral/specification/tree/v3.0";

    /// <summary>Query parameters of the profile that this API does not serve; asking for one is refused by name, not ignored.</summary>
    public static readonly IReadOnlyList<string> Unsupported = ["modified_after", "minimal", "postcode", "proximity", "full_service"];

    private static readonly Lazy<string> OfficialOpenApi = new(() =>
    {
        using var stream = typeof(HsdsApi).Assembly.GetManifestResourceStream("NrmHub.Core.Actors.Exports.Hsds.openapi-v3.0.json")
            ?? throw new InvalidOperationException("The official HSDS OpenAPI document is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    public static string OfficialOpenApiDocument => OfficialOpenApi.Value;

    public static byte[] Serialize(object value) => ExportJson.Serialize(value, ExportJson.SnakeCase);

    /// <summary>The profile's document with NrmHub's own title, description, licence and server; paths and schemas as published.</summary>
    public static byte[] OpenApi(string serverUrl)
    {
        var document = JsonNode.Parse(OfficialOpenApi.Value)!.AsObject();
        document["info"] = new JsonObject
        {
            ["title"] = "NrmHub: the National Referral Mechanism's directory in HSDS 3.0",
            ["version"] = "1",
            ["summary"] = "Organisations, services, public locations and the service taxonomy of the NRM against trafficking in persons.",
            ["description"] = "The HSDS 3.0 API profile, read-only. Shelters have no location and no address; capacity is never published. "
                + "Lists take page (from 1) and per_page (1-" + MaxPerPage + ", default " + DefaultPerPage + ").",
            ["license"] = new JsonObject { ["name"] = HsdsPackage.DataLicence.Name, ["url"] = HsdsPackage.DataLicence.Url },
        };
        document["servers"] = new JsonArray(new JsonObject { ["url"] = serverUrl });
        return ExportJson.Serialize(document, ExportJson.SnakeCase);
    }

    public static HsdsPage Services(HsdsDataset data, HsdsQuery query)
    {
        var termsOfTaxonomy = query.Filters.TryGetValue("taxonomy_id", out var taxonomyId)
            ? data.TaxonomyTerms.Where(t => t.TaxonomyId == taxonomyId).Select(t => t.Id).ToHashSet()
            : null;
        var services = data.Services
            .Where(s => !query.Filters.TryGetValue("organization_id", out var org) || s.OrganizationId == org)
            .Where(s => !query.Filters.TryGetValue("taxonomy_term_id", out var term) || s.Attributes.Any(a => a.TaxonomyTermId == term))
            .Where(s => termsOfTaxonomy is null || s.Attributes.Any(a => termsOfTaxonomy.Contains(a.TaxonomyTermId)))
            .Where(s => Matches(query.Search, s.Name, s.Description));
        return Paged(services, query, s => query.Full ? FullService(data, s) : ServiceListItem(data, s));
    }

    public static object? Service(HsdsDataset data, string id) => data.Services.FirstOrDefault(s => s.Id == id) is { } s ? FullService(data, s) : null;

    public static HsdsPage Organizations(HsdsDataset data, HsdsQuery query) =>
        Paged(data.Organizations.Where(o => Matches(query.Search, o.Name, o.AlternateName, o.Description)), query,
            o => query.Full ? FullOrganization(data, o) : OrganizationFields.Of(o));

    public static object? Organization(HsdsDataset data, string id) =>
        data.Organizations.FirstOrDefault(o => o.Id == id) is { } o ? FullOrganization(data, o) : null;

    public static HsdsPage ServiceAtLocations(HsdsDataset data, HsdsQuery query)
    {
        var serviceById = data.Services.ToDictionary(s => s.Id);
        var items = data.ServiceAtLocations
            .Where(x => !query.Filters.TryGetValue("organization_id", out var org) || serviceById[x.ServiceId].OrganizationId == org)
            .Where(x => !query.Filters.TryGetValue("taxonomy_term_id", out var term) || serviceById[x.ServiceId].Attributes.Any(a => a.TaxonomyTermId == term))
            .Where(x => Matches(query.Search, serviceById[x.ServiceId].Name, serviceById[x.ServiceId].Description));
        return Paged(items, query, x => ServiceAtLocation(data, x));
    }

    public static object? ServiceAtLocation(HsdsDataset data, string id) =>
        data.ServiceAtLocations.FirstOrDefault(x => x.Id == id) is { } x ? ServiceAtLocation(data, x) : null;

    public static HsdsPage Taxonomies(HsdsDataset data, HsdsQuery query) =>
        Paged(data.Taxonomies.Where(t => Matches(query.Search, t.Name, t.Description)), query, t => t);

    public static object? Taxonomy(HsdsDataset data, string id) => data.Taxonomies.FirstOrDefault(t => t.Id == id);

    public static HsdsPage TaxonomyTerms(HsdsDataset data, HsdsQuery query)
    {
        var terms = data.TaxonomyTerms
            .Where(t => !query.Filters.TryGetValue("taxonomy_id", out var taxonomy) || t.TaxonomyId == taxonomy)
            .Where(t => !query.Filters.TryGetValue("parent_id", out var parent) || t.ParentId == parent)
            // The profile describes top_only as terms "that have not child terms", against its own name; a term at the
            // top is what the name and the other directories' use of it (the taxonomy's first level) mean.
            .Where(t => !query.Filters.TryGetValue("top_only", out var top) || top != "true" || t.ParentId is null)
            .Where(t => Matches(query.Search, t.Name, t.Description, t.Code));
        return Paged(terms, query, t => t);
    }

    public static object? TaxonomyTerm(HsdsDataset data, string id) => data.TaxonomyTerms.FirstOrDefault(t => t.Id == id);

    private static bool Matches(string? search, params string?[] fields) =>
        string.IsNullOrWhiteSpace(search) || fields.Any(f => f?.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase) == true);

    private static HsdsPage Paged<T>(IEnumerable<T> items, HsdsQuery query, Func<T, object> shape)
    {
        var all = items.ToList();
        var totalPages = (all.Count + query.PerPage - 1) / query.PerPage;
        var contents = all.Skip((query.Page - 1) * query.PerPage).Take(query.PerPage).Select(shape).ToList();
        return new HsdsPage(all.Count, totalPages, query.Page, contents.Count, query.Page == 1, query.Page >= totalPages, contents.Count == 0, contents);
    }

    private static ServiceList ServiceListItem(HsdsDataset data, HsdsService s) =>
        new(s.Id, s.OrganizationId, s.Name, s.Description, s.Status, OrganizationFields.Of(data.Organizations.Single(o => o.Id == s.OrganizationId)));

    private static FullServiceObject FullService(HsdsDataset data, HsdsService s) => new(
        s.Id, s.OrganizationId, s.Name, s.Description, s.Status,
        OrganizationFields.Of(data.Organizations.Single(o => o.Id == s.OrganizationId)),
        s.Attributes,
        data.ServiceAtLocations.Where(x => x.ServiceId == s.Id)
            .Select(x => new LocatedAt(x.Id, x.ServiceId, x.LocationId, data.Locations.Single(l => l.Id == x.LocationId)))
            .ToList());

    private static FullOrganizationObject FullOrganization(HsdsDataset data, HsdsOrganization o) => new(
        o.Id, o.Name, o.AlternateName, o.Description, o.Email, o.Website, o.ParentOrganizationId, o.Phones, o.Contacts,
        data.Services.Where(s => s.OrganizationId == o.Id).Select(s => new ServiceFields(s.Id, s.OrganizationId, s.Name, s.Description, s.Status)).ToList(),
        data.Locations.Where(l => l.OrganizationId == o.Id).ToList());

    private static ServiceAtLocationObject ServiceAtLocation(HsdsDataset data, HsdsServiceAtLocation x)
    {
        var service = data.Services.Single(s => s.Id == x.ServiceId);
        return new(x.Id, x.ServiceId, x.LocationId, data.Locations.Single(l => l.Id == x.LocationId),
            new ServiceFields(service.Id, service.OrganizationId, service.Name, service.Description, service.Status));
    }

    private sealed record OrganizationFields(string Id, string Name, string? AlternateName, string Description, string? Email, string? Website, string? ParentOrganizationId)
    {
        public static OrganizationFields Of(HsdsOrganization o) => new(o.Id, o.Name, o.AlternateName, o.Description, o.Email, o.Website, o.ParentOrganizationId);
    }

    private sealed record ServiceFields(string Id, string OrganizationId, string Name, string Description, string Status);

    private sealed record ServiceList(string Id, string OrganizationId, string Name, string Description, string Status, OrganizationFields Organization);

    private sealed record LocatedAt(string Id, string ServiceId, string LocationId, HsdsLocation Location);

    private sealed record FullServiceObject(
        string Id, string OrganizationId, string Name, string Description, string Status, OrganizationFields Organization,
        IReadOnlyList<HsdsAttribute> Attributes, IReadOnlyList<LocatedAt> ServiceAtLocations);

    private sealed record FullOrganizationObject(
        string Id, string Name, string? AlternateName, string Description, string? Email, string? Website, string? ParentOrganizationId,
        IReadOnlyList<HsdsPhone> Phones, IReadOnlyList<HsdsContact> Contacts, IReadOnlyList<ServiceFields> Services, IReadOnlyList<HsdsLocation> Locations);

    private sealed record ServiceAtLocationObject(string Id, string ServiceId, string LocationId, HsdsLocation Location, ServiceFields Service);
}
