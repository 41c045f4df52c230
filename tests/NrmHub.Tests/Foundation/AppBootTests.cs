using System.Net;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Foundation;

[Collection(AppCollection.Name)]
public sealed class AppBootTests(NrmAppFactory app)
{
    [Fact]
    public async Task Healthz_database_reachable_reports_healthy()
    {
        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignInPage_anonymous_renders_the_form()
    {
        var html = await app.CreateClient().GetStringAsync("/Account/Login");

        Assert.Contains("name=\"Input.Email\"", html);
        Assert.Contains("name=\"Input.Password\"", html);
        Assert.Contains("_framework/blazor.web.js", html);
    }

    [Fact]
    public async Task UnknownPage_gives_not_found_not_error()
    {
        var response = await app.CreateClient().GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/culture/xx?returnUrl=/")]
    public async Task CultureSwitch_unknown_language_is_a_clear_bad_request(string url)
    {
        var response = await app.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unknown language", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CultureSwitch_sets_a_lasting_cookie_and_never_redirects_off_site()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync("/culture/az?returnUrl=//evil.example/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Contains("c%3Daz", cookie);
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Pages_go_out_compressed_when_the_browser_accepts_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("br", response.Content.Headers.ContentEncoding);
    }

    /// <summary>wwwroot/js/start.js hands Blazor this list instead of letting it ask for it on every page load.</summary>
    [Fact]
    public async Task The_app_has_no_js_initializers_as_start_js_assumes()
    {
        var list = await app.CreateClient().GetStringAsync("/_blazor/initializers");

        Assert.Equal("[]", list);
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/api/exports/hsds.json")]
    [InlineData("/api/exports/graph.json")]
    [InlineData("/no-such-page")]
    [InlineData("/healthz")]
    [InlineData("/favicon.svg")]
    public async Task Every_response_carries_the_protective_headers(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9_-]{24}';", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
    }

    [Fact]
    public async Task The_one_inline_script_carries_the_nonce_of_its_own_response()
    {
        var response = await app.CreateClient().GetAsync("/Account/Login");
        var html = await response.Content.ReadAsStringAsync();
        var nonce = System.Text.RegularExpressions.Regex.Match(response.Headers.GetValues("Content-Security-Policy").Single(), "'nonce-([^']+)'").Groups[1].Value;

        var inline = System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\bsrc=)([^>]*)>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([$" type=\"importmap\" nonce=\"{nonce}\""], inline);
        var again = await app.CreateClient().GetAsync("/Account/Login");
        Assert.DoesNotContain(nonce, again.Headers.GetValues("Content-Security-Policy").Single());
    }
}
