using Bunit;
using Microsoft.EntityFrameworkCore;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Pages.Admin;

namespace NrmHub.Tests.Admin;

/// <summary>The actor editor on the shared shell: messages at their fields, nothing saved with errors, names in three languages.</summary>
public sealed class ActorEditorTests
{
    [Fact]
    public async Task New_actor_with_a_bad_code_shows_the_message_at_the_code_field_in_russian_and_saves_nothing()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = AdminTestContext.Create(bed, "ru");
        int before;
        await using (var db = await bed.Factory().CreateDbContextAsync())
        {
            before = await db.Actors.CountAsync();
        }

        var cut = ctx.Render<ActorEditor>();
        cut.Find("input[data-testid=actor-code]").Input("Not A Code");
        await cut.Find("form").SubmitAsync();

        var message = cut.Find("[data-testid=err-Code]");
        Assert.Contains("2–64 символа", message.TextContent);
        Assert.NotNull(message.ParentElement!.QuerySelector("input[data-testid=actor-code]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=err-ShortName]"));
        Assert.Contains("Ничего не сохранено", cut.Find("[data-testid=editor-errors]").TextContent, StringComparison.OrdinalIgnoreCase);
        await using var after = await bed.Factory().CreateDbContextAsync();
        Assert.Equal(before, await after.Actors.CountAsync());
        Assert.Equal(0, await after.AuditEntries.CountAsync(a => a.Action == "actor.create"));
    }

    [Fact]
    public async Task Short_names_in_azerbaijani_and_russian_are_edited_and_saved()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = AdminTestContext.Create(bed);

        var cut = ctx.Render<ActorEditor>(p => p.Add(x => x.Code, "mia-thb"));
        cut.Find("input[data-testid=actor-short-name-az]").Input("DİN İAMBİ");
        cut.Find("input[data-testid=actor-short-name-ru]").Input("МВД ГУБТЛ");
        await cut.Find("form").SubmitAsync();

        cut.WaitForElement("[data-testid=editor-saved]");
        await using var db = await bed.Factory().CreateDbContextAsync();
        var actor = await db.Actors.SingleAsync(a => a.Code == "mia-thb");
        Assert.Equal("DİN İAMBİ", actor.ShortNameAz);
        Assert.Equal("МВД ГУБТЛ", actor.ShortNameRu);
    }

    [Fact]
    public async Task Save_clicked_twice_saves_the_actor_once()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = AdminTestContext.Create(bed);

        var cut = ctx.Render<ActorEditor>(p => p.Add(x => x.Code, "mia-thb"));
        cut.Find("input[data-testid=actor-short-name]").Input("MIA THB renamed");
        var first = cut.Find("form").SubmitAsync();
        var second = cut.Find("form").SubmitAsync();
        await Task.WhenAll(first, second);

        await using var db = await bed.Factory().CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "actor.update" && a.EntityKey == "mia-thb"));
        Assert.Empty(cut.FindAll("[data-testid=editor-errors]"));
    }

    [Fact]
    public async Task Regions_are_named_in_the_users_language()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = AdminTestContext.Create(bed, "az");

        var cut = ctx.Render<ActorEditor>();

        var regions = cut.Find("[data-testid=actor-regions]").TextContent;
        Assert.Contains("Gəncə", regions);
        Assert.Contains("Naxçıvan MR", regions);
        Assert.DoesNotContain("Nakhchivan AR", regions);
    }
}
