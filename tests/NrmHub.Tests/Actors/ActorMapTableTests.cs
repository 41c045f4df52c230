using Bunit;
using MudBlazor;
using NrmHub.Tests.Infrastructure;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Pages.Actors;

namespace NrmHub.Tests.Actors;

/// <summary>The actor map's tabular alternative: the same actors and channels, readable without the drawing, each row opening the card.</summary>
public sealed class ActorMapTableTests
{
    private static IRenderedComponent<ActorMap> RenderMap(ComponentContext ctx) => RenderMap(ctx, out _);

    private static IRenderedComponent<ActorMap> RenderMap(ComponentContext ctx, out BunitJSModuleInterop module)
    {
        module = ctx.JSInterop.SetupModule("./js/actor-map.js");
        ctx.Render<MudPopoverProvider>();
        return ctx.Render<ActorMap>();
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<ActorMap> cut, string shortName) =>
        cut.FindAll("[data-testid=map-table-row]").Single(r => r.QuerySelector("[data-testid=map-table-open]")!.TextContent.Trim() == shortName);

    [Fact]
    public async Task Map_table_lists_every_actor_with_kind_level_area_and_channels()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed);

        var cut = RenderMap(ctx);

        Assert.Equal(bed.Actors.Count, cut.FindAll("[data-testid=map-table-row]").Count);
        var cleanWorld = Row(cut, "Clean World");
        var cells = cleanWorld.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();
        Assert.Equal("Shelter", cells[0]);
        Assert.Equal("regional", cells[1]);
        // Seated in Baku, serving the whole country: the area says both, and which is which.
        Assert.Equal("the whole country (seat: Baku)", cells[2]);
        var refersTo = cleanWorld.QuerySelector("[data-testid=map-table-out]")!.TextContent;
        Assert.Contains("MIA THB Dept", refersTo);
        Assert.Contains("IOM", refersTo);
        var receivesFrom = cleanWorld.QuerySelector("[data-testid=map-table-in]")!.TextContent;
        Assert.Contains("TAMAS", receivesFrom);
        Assert.Contains("Parvana", receivesFrom);
    }

    [Fact]
    public async Task Map_table_row_opens_the_actor_card_and_refits_the_drawing()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed);
        var cut = RenderMap(ctx, out var module);
        Assert.Empty(cut.FindAll("[data-testid=actor-card]"));

        await Row(cut, "Clean World").QuerySelector("[data-testid=map-table-open]")!.ClickAsync(new());

        var card = cut.Find("[data-testid=actor-card]");
        Assert.Contains("Clean World Public Union", card.TextContent);
        Assert.Contains("the whole country (seat: Baku)", card.QuerySelector("[data-testid=actor-area]")!.TextContent);
        Assert.Equal("true", Row(cut, "Clean World").GetAttribute("aria-current"));
        cut.WaitForAssertion(() => module.VerifyInvoke("refit"));
    }

    [Fact]
    public async Task Map_in_Russian_labels_actors_with_Russian_short_names_and_regions()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed, "ru");

        var cut = RenderMap(ctx);

        var mia = Row(cut, "ОБТЛ МВД, Гянджа");
        Assert.Contains("Гянджа, Агстафа", mia.QuerySelectorAll("td")[2].TextContent);
        Assert.Contains("местонахождение: Гянджа", mia.QuerySelectorAll("td")[2].TextContent);
        Assert.Contains("Компонент", cut.Markup);
        Assert.Contains("все компоненты", cut.Find("[data-testid=legend-pillar]").TextContent);
    }
}
