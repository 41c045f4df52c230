using Bunit;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Pages.Admin;

namespace NrmHub.Tests.Admin;

public sealed class AdminHomeTests
{
    [Fact]
    public async Task Home_links_to_every_admin_page_that_exists_and_promises_nothing()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = AdminTestContext.Create(bed);

        var cut = ctx.Render<AdminHome>();

        var links = cut.FindAll("[data-testid=admin-cards] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["admin/users", "admin/actors", "admin/channels", "admin/sop", "admin/audit", "admin/jobs", "/admin/hangfire", "actors/snapshots"], links);
        Assert.DoesNotContain("will follow", cut.Markup);
    }
}
