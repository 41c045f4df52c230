using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors.Exports;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;

namespace NrmHub.Web.Api;

/// <summary>
/// The HSDS 3.0 read API at <c>/api/hsds/</c>, its OpenAPI document at <c>/api/hsds/openapi.json</c>. Public like
/// the files, and built from the same dataset, so it has the same records, UUIDs and disclosure rules.
/// </summary>
public static class HsdsEndpoints
{
    public const string Json = "application/json";

    private static readonly string[] Paging = ["page", "per_page", "search", "full", "format"];

    public static void MapHsdsEndpoints(this IEndpointRouteBuilder app)
    {
        var hsds = app.MapGroup("/api/hsds").AllowAnonymous();

        hsds.MapGet("/", (HttpContext http) => Send(http, HsdsApi.Serialize(new HsdsApiRoot(HsdsExport.Version, HsdsApi.Profile, $"{BaseUrl(http)}/api/hsds/openapi.json"))));
        hsds.MapGet("/openapi.json", (HttpContext http) => Send(http, HsdsApi.OpenApi($"{BaseUrl(http)}/api/hsds")));

        List(hsds, "/services", ["organization_id", "taxonomy_term_id", "taxonomy_id"], HsdsApi.Services);
        Detail(hsds, "/services/{id}", HsdsApi.Service);
        List(hsds, "/organizations", [], HsdsApi.Organizations);
        Detail(hsds, "/organizations/{id}", HsdsApi.Organization);
        List(hsds, "/service_at_locations", ["organization_id", "taxonomy_term_id"], HsdsApi.ServiceAtLocations);
        Detail(hsds, "/service_at_locations/{id}", HsdsApi.ServiceAtLocation);
        List(hsds, "/taxonomies", [], HsdsApi.Taxonomies);
        Detail(hsds, "/taxonomies/{id}", HsdsApi.Taxonomy);
        List(hsds, "/taxonomy_terms", ["taxonomy_id", "parent_id", "top_only"], HsdsApi.TaxonomyTerms);
        Detail(hsds, "/taxonomy_terms/{id}", HsdsApi.TaxonomyTerm);
    }

    private static void List(RouteGroupBuilder group, string path, string[] filters, Func<HsdsDataset, HsdsQuery, HsdsPage> list) =>
        group.MapGet(path, async (HttpContext http, IDbContextFactory<NrmDbContext> db, CountryProfile country, CancellationToken ct) =>
        {
            if (Parse(http.Request.Query, filters) is not { } query)
            {
                return Refuse(http.Request.Query, filters);
            }

            var (data, changed) = await DatasetAsync(db, country, ct);
            return Send(http, HsdsApi.Serialize(list(data, query)), changed);
        });

    private static void Detail(RouteGroupBuilder group, string path, Func<HsdsDataset, string, object?> find) =>
        group.MapGet(path, async (string id, HttpContext http, IDbContextFactory<NrmDbContext> db, CountryProfile country, CancellationToken ct) =>
        {
            var (data, changed) = await DatasetAsync(db, country, ct);
            return find(data, id) is { } found
                ? Send(http, HsdsApi.Serialize(found), changed)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No record with id '{id}'.");
        });

    private static async Task<(HsdsDataset Data, DateTime? ChangedAtUtc)> DatasetAsync(IDbContextFactory<NrmDbContext> db, CountryProfile country, CancellationToken ct)
    {
        var snapshot = await NrmSnapshot.LoadAsync(db, ct);
        return (HsdsExport.Build(snapshot, country), snapshot.ChangedAtUtc);
    }

    // The root and the OpenAPI document describe the API, not the data: no Last-Modified of the directory.
    private static IResult Send(HttpContext http, byte[] body, DateTime? changedAtUtc = null) =>
        ExportEndpoints.Cached(http, body, Json, ExportDisclosure.Public, changedAtUtc);

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static HsdsQuery? Parse(IQueryCollection q, string[] filters) =>
        Problems(q, filters).Count > 0
            ? null
            : new HsdsQuery(
                q.TryGetValue("page", out var page) ? int.Parse(page!, System.Globalization.CultureInfo.InvariantCulture) : 1,
                q.TryGetValue("per_page", out var perPage) ? int.Parse(perPage!, System.Globalization.CultureInfo.InvariantCulture) : HsdsApi.DefaultPerPage,
                q["search"].FirstOrDefault(),
                q["full"].FirstOrDefault() == "true",
                filters.Where(f => q.ContainsKey(f)).ToDictionary(f => f, f => q[f].ToString(), StringComparer.Ordinal));

    private static IResult Refuse(IQueryCollection q, string[] filters) => Results.ValidationProblem(Problems(q, filters));

    /// <summary>Every parameter that cannot be served as asked, by name: a filter ignored in silence would give wrong results.</summary>
    private static Dictionary<string, string[]> Problems(IQueryCollection q, string[] filters)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (q.TryGetValue("page", out var page) && !(int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p >= 1))
        {
            problems["page"] = [$"page must be a whole number from 1; got '{page}'."];
        }

        if (q.TryGetValue("per_page", out var perPage)
            && !(int.TryParse(perPage, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= HsdsApi.MaxPerPage))
        {
            problems["per_page"] = [$"per_page must be a whole number from 1 to {HsdsApi.MaxPerPage}; got '{perPage}'."];
        }

        if (q.TryGetValue("format", out var format) && format != "json")
        {
            problems["format"] = [$"Only format=json is served; got '{format}'."];
        }

        foreach (var flag in new[] { "full", "top_only" })
        {
            if (q.TryGetValue(flag, out var value) && value != "true" && value != "false")
            {
                problems[flag] = [$"{flag} is true or false; got '{value}'."];
            }
        }

        foreach (var key in q.Keys.Where(k => !Paging.Contains(k) && !filters.Contains(k)))
        {
            problems[key] = [HsdsApi.Unsupported.Contains(key)
                ? $"{key} is part of the HSDS API profile but is not served here."
                : $"{key} is not a parameter of this endpoint. Known: {string.Join(", ", Paging.Concat(filters))}."];
        }

        return problems;
    }
}
