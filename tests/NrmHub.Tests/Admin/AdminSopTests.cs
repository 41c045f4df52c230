using Bunit;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Sop;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Pages.Admin;

namespace NrmHub.Tests.Admin;

public sealed class AdminSopTests
{
    [Fact]
    public async Task Steps_show_trigger_scope_owner_escalation_and_source_in_russian_not_their_codes()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = AdminTestContext.Create(bed, "ru");

        var cut = ctx.Render<AdminSop>();

        var grid = cut.Find("[data-testid=sop-admin-grid]").TextContent;
        foreach (var code in new[] { "CaseOpened", "ReferralSent", "OwnerParent", "CaseOpener", "Receiver", "NRM default", "Council of Europe" })
        {
            Assert.DoesNotContain(code, grid);
        }

        Assert.Contains("Дело открыто", grid);
        Assert.Contains("Получатель направления", grid);
        Assert.Contains("Вышестоящий орган ответственного", grid);
        Assert.Contains("Конвенция Совета Европы", grid);
    }

    [Fact]
    public async Task A_source_that_is_no_longer_the_translated_text_is_shown_as_it_is()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using (var db = await bed.Factory().CreateDbContextAsync())
        {
            var step = await db.SopSteps.SingleAsync(s => s.Id == "case-review");
            step.Source = "Order No. 7 of the National Coordinator";
            await db.SaveChangesAsync();
        }

        await using var ctx = AdminTestContext.Create(bed, "ru");
        var cut = ctx.Render<AdminSop>();

        Assert.Equal("Order No. 7 of the National Coordinator", cut.Find("[data-testid=sop-source-case-review]").TextContent.Trim());
    }

    [Fact]
    public async Task Bad_reminder_shows_the_message_at_its_field_in_russian_and_saves_nothing()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = AdminTestContext.Create(bed, "ru");

        var cut = ctx.Render<AdminSop>();
        await cut.Find("[data-testid=edit-sop-case-review]").ClickAsync(new());
        cut.Find("input[data-testid=sop-remind]").Input("150");
        await cut.Find("form").SubmitAsync();

        var message = cut.Find("[data-testid=err-RemindAtPercent]");
        Assert.Contains("1–99 процентов", message.TextContent);
        Assert.NotNull(message.ParentElement!.QuerySelector("input[data-testid=sop-remind]"));
        await using var db = await bed.Factory().CreateDbContextAsync();
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.EntityType == SopAdministration.StepEntity));
    }
}
