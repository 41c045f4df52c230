using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Actors;
using NrmHub.Core.Indicators;
using NrmHub.Core.Seed;
using NrmHub.Tests.Infrastructure;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Pages.Indicators;

namespace NrmHub.Tests.Indicators;

/// <summary>The dashboard's filter, the framework table and a breakdown table rendered with bUnit.</summary>
public sealed class IndicatorComponentTests
{
    private static readonly IndicatorFilter Year = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

    private static IRenderedComponent<WithMudProviders> RenderFilters(ComponentContext ctx, (string, string)? refusal = null) =>
        ctx.Render<WithMudProviders>(p => p.AddChildContent<IndicatorFilters>(f => f
            .Add(x => x.Filter, Year).Add(x => x.Path, "indicators").Add(x => x.Refusal, refusal)));

    private static IndicatorTable Table(string key, IndicatorCell total, params IndicatorCell[] rows) =>
        new(IndicatorCatalog.Find(key)!, new IndicatorSpec(key), Year, rows.Length > 0 ? Dimension.Region : null, rows, total, 5);

    private static FrameworkRow Row(string code, IndicatorCell current, double? target)
    {
        var line = new FrameworkIndicator(code, new LocalizedText($"Line {code}", null, null), new IndicatorSpec("activities.count"), 0, target, null);
        var outcome = new FrameworkOutcome("O1", Pillar.Prevention, new LocalizedText("Outcome one", null, null), [line], []);
        var progress = current.Value is { } v && target is { } t ? v / t * 100 : (double?)null;
        return new FrameworkRow(outcome, null, line, Table("activities.count", current), 0, target, progress, null, false);
    }

    [Fact]
    public async Task A_refused_period_is_named_at_its_field_and_nothing_is_navigated()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed);
        var nav = ctx.Services.GetRequiredService<NavigationManager>();
        var before = nav.Uri;

        var cut = RenderFilters(ctx, ("to", "The end 2025-01-01 is before the start 2026-01-01."));

        Assert.Contains("The end must be a valid date after the start", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(before, nav.Uri);
    }

    [Fact]
    public async Task Applying_a_period_and_region_puts_them_in_the_address()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed);
        var nav = ctx.Services.GetRequiredService<NavigationManager>();
        var cut = RenderFilters(ctx);

        cut.Find("[data-testid=filter-from]").Change("2026-03-01");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.EndsWith("/indicators?from=2026-03-01&to=2026-12-31", nav.Uri, StringComparison.Ordinal));
        Assert.DoesNotContain("must be", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_framework_table_shows_values_progress_and_a_hidden_cell_as_below_the_threshold()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed);
        IReadOnlyList<FrameworkRow> rows =
        [
            Row("O1-a", new IndicatorCell("", 1234, CellState.Shown, 1234), 2000),
            Row("O1-b", new IndicatorCell("", null, CellState.Primary, 3), 40),
        ];

        var cut = ctx.Render<FrameworkTable>(p => p.Add(x => x.Rows, rows).Add(x => x.Filter, Year));

        var shown = cut.Find("[data-testid=framework-row][data-code='O1-a']");
        Assert.Equal("1,234", shown.QuerySelector("[data-testid=framework-value]")!.TextContent);
        Assert.Equal("61.7 %", shown.QuerySelector("[data-testid=framework-progress]")!.TextContent);
        var hidden = cut.Find("[data-testid=framework-row][data-code='O1-b']");
        Assert.Equal("<5", hidden.QuerySelector("[data-testid=framework-value]")!.TextContent);
        Assert.Equal("—", hidden.QuerySelector("[data-testid=framework-progress]")!.TextContent);
        Assert.Contains("Outcome one", cut.Find("tr.nrm-framework-outcome").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid^=publish-]"));
        Assert.Contains("from=2026-01-01&amp;to=2026-12-31", shown.InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_breakdown_below_the_threshold_shows_a_sentence_and_no_number()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed);
        var table = Table("referrals.sent", new IndicatorCell("", null, CellState.Primary, 4),
            new IndicatorCell("baku", null, CellState.Primary, 3), new IndicatorCell("ganja", null, CellState.Primary, 1));

        var cut = ctx.Render<BreakdownTable>(p => p.Add(x => x.Table, table).Add(x => x.Profile, bed.Seed.Profile)
            .Add(x => x.Actors, new Dictionary<int, Actor>()));

        Assert.Contains("Fewer than 5 people in this selection", cut.Find("[data-testid=breakdown-empty]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=breakdown-table]"));
        Assert.Empty(cut.FindAll("td"));
        Assert.DoesNotContain("<5", string.Concat(cut.Nodes.Select(n => n.TextContent)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_breakdown_marks_its_hidden_cells_and_keeps_the_total()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed);
        var region = bed.Seed.Profile.Regions[0];
        var other = bed.Seed.Profile.Regions[1];
        var table = Table("referrals.sent", new IndicatorCell("", 42, CellState.Shown, 42),
            new IndicatorCell(region, null, CellState.Primary, 2), new IndicatorCell(other, null, CellState.Complementary, 40));

        var cut = ctx.Render<BreakdownTable>(p => p.Add(x => x.Table, table).Add(x => x.Profile, bed.Seed.Profile)
            .Add(x => x.Actors, new Dictionary<int, Actor>()));

        var cells = cut.FindAll("[data-testid=breakdown-row] td.nrm-num").Select(c => c.TextContent).ToList();
        Assert.Equal(["<5", "—", "<5", "—"], cells);
        Assert.Contains("42", cut.Find("[data-testid=breakdown-total]").TextContent, StringComparison.Ordinal);
    }
}
