using Bunit;
using Microsoft.AspNetCore.Components;
using NrmHub.Core.Actors;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Pages.Admin;

namespace NrmHub.Tests.Admin;

/// <summary>The shell every admin editor uses: one save at a time, the outcome at the top, messages at their fields.</summary>
public sealed class AdminEditorTests
{
    private static RenderFragment Field(string field) => b =>
    {
        b.OpenComponent<TextField>(0);
        b.AddAttribute(1, nameof(TextField.Id), "f");
        b.AddAttribute(2, nameof(TextField.Label), "F");
        b.AddAttribute(3, nameof(TextField.Field), field);
        b.CloseComponent();
    };

    [Fact]
    public async Task Save_clicked_twice_while_the_first_save_runs_saves_once()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = AdminTestContext.Create(bed);
        var saves = 0;
        var release = new TaskCompletionSource();

        var cut = ctx.Render<AdminEditor>(p => p
            .Add(x => x.Title, "T")
            .Add(x => x.TestId, "ed")
            .Add(x => x.OnSave, async () => { saves++; await release.Task; }));
        var first = cut.Find("form").SubmitAsync();
        Assert.True(cut.Find("[data-testid=ed-save]").HasAttribute("disabled"));
        var second = cut.Find("form").SubmitAsync();
        release.SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal(1, saves);
        Assert.False(cut.Find("[data-testid=ed-save]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Failed_result_shows_the_summary_on_top_and_each_message_under_its_field_in_the_users_language()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = AdminTestContext.Create(bed, "ru");
        var result = AdminResult.Failed([
            new AdminError("Code", AdminErrorCodes.CodeInvalid, "Code: 2-64 characters"),
            new AdminError("", AdminErrorCodes.Stale, "Changed meanwhile"),
        ]);

        var cut = ctx.Render<AdminEditor>(p => p
            .Add(x => x.Title, "T")
            .Add(x => x.TestId, "ed")
            .Add(x => x.Result, result)
            .Add(x => x.ChildContent, Field("Code")));

        var summary = cut.Find("[data-testid=ed-errors]");
        Assert.Contains("изменил кто-то другой", summary.TextContent);
        Assert.DoesNotContain("2–64", summary.TextContent);
        var fieldMessage = cut.Find("[data-testid=err-Code]");
        Assert.Contains("2–64 символа", fieldMessage.TextContent);
        Assert.Equal("err-Code", cut.Find("input[data-testid=f]").GetAttribute("aria-describedby"));
        // The message sits with its input, not elsewhere on the form.
        Assert.NotNull(fieldMessage.ParentElement!.QuerySelector("input[data-testid=f]"));
    }

    [Fact]
    public async Task Saved_text_is_shown_as_a_status_and_no_error_summary()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = AdminTestContext.Create(bed);

        var cut = ctx.Render<AdminEditor>(p => p
            .Add(x => x.Title, "T")
            .Add(x => x.TestId, "ed")
            .Add(x => x.Result, AdminResult.Ok("v"))
            .Add(x => x.SavedText, "Saved."));

        Assert.Equal("status", cut.Find("[data-testid=editor-saved]").GetAttribute("role"));
        Assert.Empty(cut.FindAll("[data-testid=ed-errors]"));
    }
}
