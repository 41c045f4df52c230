using System.Net;
using NrmHub.Tests.Infrastructure;

namespace NrmHub.Tests.Admin;

[Collection(AppCollection.Name)]
public sealed class AdminAuthorisationTests(NrmAppFactory app)
{
    private static readonly string[] Pages = ["/admin/actors", "/admin/actors/new", "/admin/actors/edit/mia", "/admin/channels", "/admin/audit"];

    public static TheoryData<string> AdminPages => new(Pages);

    public static TheoryData<string, string> OtherRolesOnAdminPages()
    {
        var data = new TheoryData<string, string>();
        foreach (var account in DemoAccount.All.Where(a => a.Role != "Admin"))
        {
            foreach (var page in Pages)
            {
                data.Add(account.Role, page);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OtherRolesOnAdminPages))]
    public async Task AdminPage_other_roles_are_sent_to_access_denied(string role, string path)
    {
        var client = await NrmAppFactory.SignedInClientAsync(app, DemoAccount.ByRole(role));

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task AdminPage_anonymous_is_sent_to_sign_in(string path)
    {
        var response = await app.CreateBrowserLikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task AdminPage_admin_gets_the_page(string path)
    {
        var client = await NrmAppFactory.SignedInClientAsync(app, DemoAccount.Admin);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"page-title\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EditActor_unknown_code_shows_not_found_message_not_500()
    {
        var client = await NrmAppFactory.SignedInClientAsync(app, DemoAccount.Admin);

        var response = await client.GetAsync("/admin/actors/edit/no-such-actor");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"actor-not-found\"", await response.Content.ReadAsStringAsync());
    }
}
