using Bunit;
using Microsoft.EntityFrameworkCore;
using AuditQueries = NrmHub.Core.Audit.AuditQueries;
using AuditLog = NrmHub.Web.Components.Pages.Admin.AuditLog;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Pages.Admin;

namespace NrmHub.Tests.Admin;

/// <summary>The audit viewer: the latest entries at once, ids and enum values in the reader's terms, one audited read per visit.</summary>
public sealed class AuditLogTests
{
    [Fact]
    public async Task First_load_lists_the_latest_entries_without_touching_a_filter()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await bed.SendAsync("tamas", "mia-ganja-ctu");
        await using var ctx = AdminTestContext.Create(bed);

        var cut = ctx.Render<AuditLog>();

        cut.WaitForAssertion(() => Assert.DoesNotContain("0 entries", cut.Find("[data-testid=audit-count]").TextContent));
        Assert.Contains("referral.sent", cut.Find("[data-testid=audit-grid]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=audit-empty]"));
    }

    [Fact]
    public async Task Details_name_the_actors_and_services_in_the_users_language()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");
        await using var ctx = AdminTestContext.Create(bed, "ru");
        await using var db = await bed.Factory().CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == "referral.sent");
        var receiver = await db.Actors.SingleAsync(a => a.Code == "mia-ganja-ctu");

        var cut = ctx.Render<AuditLog>();
        cut.WaitForElement($"[data-testid=audit-show-{entry.Id}]");
        await cut.Find($"[data-testid=audit-show-{entry.Id}]").ClickAsync(new());

        var diff = cut.Find("[data-testid=audit-diff]").TextContent;
        Assert.Contains(receiver.ShortNameIn("ru"), diff);
        Assert.DoesNotContain(">" + bed.Actors["mia-ganja-ctu"] + "<", cut.Find("[data-testid=audit-diff]").InnerHtml);
        Assert.Contains("Идентификация", diff);
        Assert.DoesNotContain("Identification", diff);
        Assert.Contains("Отправлено", diff);
    }

    [Fact]
    public async Task One_visit_records_one_read_of_the_trail_however_often_it_renders()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await bed.SendAsync("tamas", "mia-ganja-ctu");
        await using var ctx = AdminTestContext.Create(bed);

        var cut = ctx.Render<AuditLog>();
        cut.WaitForAssertion(() => Assert.Contains("referral.sent", cut.Find("[data-testid=audit-grid]").TextContent));
        cut.Render();
        cut.Find("input[data-testid=audit-key]").Input("nothing-matches");
        cut.Find("input[data-testid=audit-key]").Blur();
        cut.WaitForElement("[data-testid=audit-empty]", TimeSpan.FromSeconds(5));

        await using var db = await bed.Factory().CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditQueries.ReadAction));
    }

    [Fact]
    public async Task Entity_types_are_named_in_the_users_language()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await bed.SendAsync("tamas", "mia-ganja-ctu");
        await using var ctx = AdminTestContext.Create(bed, "az");

        var cut = ctx.Render<AuditLog>();
        cut.WaitForAssertion(() => Assert.Contains("Göndəriş", cut.Find("[data-testid=audit-grid]").TextContent));
    }
}
