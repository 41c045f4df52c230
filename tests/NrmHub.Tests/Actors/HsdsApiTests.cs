using System.Net;
using System.Text.Json;
using NrmHub.Core.Actors.Exports;

namespace NrmHub.Tests.Actors;

/// <summary>
/// The HSDS 3.0 read API (the profile of openreferral/specification v3.0): root, paging envelope, detail and 404,
/// the same records and UUIDs as the files, nothing restricted, and bad parameters refused by name.
/// </summary>
public sealed class HsdsApiTests(ExportFixture fixture) : IClassFixture<ExportFixture>
{
    private static readonly string[] Envelope = ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"];

    private HttpClient Client => fixture.App.CreateClient();

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_root_names_the_version_the_profile_and_an_openapi_document_that_is_served()
    {
        using var root = await GetJsonAsync("/api/hsds/");

        Assert.Equal("3.0", root.RootElement.GetProperty("version").GetString());
        Assert.Equal(HsdsApi.Profile, root.RootElement.GetProperty("profile").GetString());
        var openapi = new Uri(root.RootElement.GetProperty("openapi_url").GetString()!);
        using var document = await GetJsonAsync(openapi.PathAndQuery);
        Assert.Equal("3.1.0", document.RootElement.GetProperty("openapi").GetString());
        Assert.EndsWith("/api/hsds", document.RootElement.GetProperty("servers")[0].GetProperty("url").GetString());
        Assert.DoesNotContain("REQUIRED", document.RootElement.GetProperty("info").GetRawText());
        foreach (var path in new[] { "/", "/services", "/services/{id}", "/organizations", "/organizations/{id}", "/service_at_locations", "/service_at_locations/{id}", "/taxonomies", "/taxonomy_terms" })
        {
            Assert.True(document.RootElement.GetProperty("paths").TryGetProperty(path, out _), path);
        }
    }

    [Theory]
    [InlineData("/api/hsds/services")]
    [InlineData("/api/hsds/organizations")]
    [InlineData("/api/hsds/service_at_locations")]
    [InlineData("/api/hsds/taxonomies")]
    [InlineData("/api/hsds/taxonomy_terms")]
    public async Task Lists_come_in_the_profiles_paging_envelope(string path)
    {
        using var page = await GetJsonAsync(path);

        Assert.Equal(Envelope, page.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, page.RootElement.GetProperty("page_number").GetInt32());
        Assert.True(page.RootElement.GetProperty("first_page").GetBoolean());
        Assert.False(page.RootElement.GetProperty("empty").GetBoolean());
        Assert.Equal(page.RootElement.GetProperty("contents").GetArrayLength(), page.RootElement.GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task Paging_walks_every_service_once_and_the_page_after_the_last_is_empty()
    {
        using var all = await GetJsonAsync("/api/hsds/services?per_page=500");
        var total = all.RootElement.GetProperty("total_items").GetInt32();
        Assert.True(total > 7, $"only {total} services: the paging test needs more than a page of 7");

        var seen = new List<string>();
        var pages = (total + 6) / 7;
        for (var n = 1; n <= pages; n++)
        {
            using var page = await GetJsonAsync($"/api/hsds/services?page={n}&per_page=7");
            Assert.Equal(pages, page.RootElement.GetProperty("total_pages").GetInt32());
            Assert.Equal(n == pages, page.RootElement.GetProperty("last_page").GetBoolean());
            Assert.Equal(n == 1, page.RootElement.GetProperty("first_page").GetBoolean());
            seen.AddRange(page.RootElement.GetProperty("contents").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
        }

        Assert.Equal(all.RootElement.GetProperty("contents").EnumerateArray().Select(s => s.GetProperty("id").GetString()!), seen);
        using var after = await GetJsonAsync($"/api/hsds/services?page={pages + 1}&per_page=7");
        Assert.True(after.RootElement.GetProperty("empty").GetBoolean());
        Assert.Equal(0, after.RootElement.GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task The_api_has_the_same_records_and_ids_as_the_files()
    {
        using var json = JsonDocument.Parse(await Client.GetByteArrayAsync("/api/exports/hsds.json"));
        foreach (var (array, path) in new[] { ("organizations", "organizations"), ("services", "services"), ("service_at_locations", "service_at_locations"), ("taxonomies", "taxonomies"), ("taxonomy_terms", "taxonomy_terms") })
        {
            using var page = await GetJsonAsync($"/api/hsds/{path}?per_page=500");
            Assert.Equal(
                json.RootElement.GetProperty(array).EnumerateArray().Select(o => o.GetProperty("id").GetString()),
                page.RootElement.GetProperty("contents").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        }
    }

    [Fact]
    public async Task A_service_in_full_has_its_organization_attributes_and_locations_and_an_unknown_id_is_404()
    {
        using var list = await GetJsonAsync($"/api/hsds/services?organization_id={StableId.For("az/organization/mia-thb")}");
        var listed = list.RootElement.GetProperty("contents")[0];
        Assert.Equal(StableId.For("az/organization/mia-thb"), listed.GetProperty("organization").GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(listed.GetProperty("organization").GetProperty("name").GetString()));

        using var service = await GetJsonAsync($"/api/hsds/services/{listed.GetProperty("id").GetString()}");
        Assert.Equal(listed.GetProperty("name").GetString(), service.RootElement.GetProperty("name").GetString());
        Assert.NotEqual(0, service.RootElement.GetProperty("attributes").GetArrayLength());
        var located = service.RootElement.GetProperty("service_at_locations")[0];
        Assert.Contains(ExportFixture.PublicAddress, located.GetProperty("location").GetProperty("description").GetString());

        foreach (var path in new[] { "services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms" })
        {
            var missing = await Client.GetAsync($"/api/hsds/{path}/{Guid.Empty}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    [Fact]
    public async Task Nothing_restricted_is_in_any_answer()
    {
        using var organizations = await GetJsonAsync("/api/hsds/organizations?per_page=500&full=true");
        var bodies = new List<string> { organizations.RootElement.GetRawText() };
        foreach (var o in organizations.RootElement.GetProperty("contents").EnumerateArray())
        {
            bodies.Add(await Client.GetStringAsync($"/api/hsds/organizations/{o.GetProperty("id").GetString()}"));
        }

        bodies.Add(await Client.GetStringAsync("/api/hsds/service_at_locations?per_page=500"));
        bodies.Add(await Client.GetStringAsync("/api/hsds/services?per_page=500&full=true"));
        foreach (var secret in new[] { ExportFixture.RestrictedAddress, ExportFixture.RestrictedCity, ExportFixture.MistakenlyPublicAddress, "\"capacity\"", "free_capacity", "occupancy" })
        {
            Assert.All(bodies, b => Assert.DoesNotContain(secret, b, StringComparison.OrdinalIgnoreCase));
        }

        // The shelters are listed as organisations, with no location.
        var shelter = JsonDocument.Parse(bodies[1 + organizations.RootElement.GetProperty("contents").EnumerateArray()
            .Select((o, i) => (o, i)).Single(x => x.o.GetProperty("id").GetString() == StableId.For("az/organization/clean-world")).i]);
        Assert.Equal(0, shelter.RootElement.GetProperty("locations").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/hsds/services?page=0", "page")]
    [InlineData("/api/hsds/services?page=two", "page")]
    [InlineData("/api/hsds/services?per_page=501", "per_page")]
    [InlineData("/api/hsds/services?per_page=-1", "per_page")]
    [InlineData("/api/hsds/services?format=ndjson", "format")]
    [InlineData("/api/hsds/services?modified_after=2026-01-01", "modified_after")]
    [InlineData("/api/hsds/services?full=yes", "full")]
    [InlineData("/api/hsds/organizations?organization_id=x", "organization_id")]
    [InlineData("/api/hsds/taxonomy_terms?top_only=1", "top_only")]
    public async Task A_bad_or_unserved_parameter_is_a_400_naming_it(string path, string field)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), await response.Content.ReadAsStringAsync());
        Assert.Contains(field, messages[0].GetString());
    }

    [Fact]
    public async Task Taxonomy_terms_filter_by_parent_and_top_level()
    {
        using var top = await GetJsonAsync("/api/hsds/taxonomy_terms?top_only=true");
        var pillars = top.RootElement.GetProperty("contents").EnumerateArray().ToList();
        Assert.Equal(4, pillars.Count);
        Assert.All(pillars, t => Assert.StartsWith("pillar/", t.GetProperty("code").GetString()));

        var protection = pillars.Single(t => t.GetProperty("code").GetString() == "pillar/Protection").GetProperty("id").GetString();
        using var children = await GetJsonAsync($"/api/hsds/taxonomy_terms?parent_id={protection}&per_page=500");
        Assert.NotEqual(0, children.RootElement.GetProperty("total_items").GetInt32());
        Assert.All(children.RootElement.GetProperty("contents").EnumerateArray(), t => Assert.Equal(protection, t.GetProperty("parent_id").GetString()));
    }
}
