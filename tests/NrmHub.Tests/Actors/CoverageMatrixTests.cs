using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NrmHub.Core.Actors;
using NrmHub.Tests.Infrastructure;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Pages.Actors;

namespace NrmHub.Tests.Actors;

/// <summary>The coverage matrix: which region lacks which service, filtered by pillar, in the user's language.</summary>
public sealed class CoverageMatrixTests
{
    /// <summary>Leaves one active actor, so every cell of the matrix is known by hand.</summary>
    private static async Task KeepOnlyActiveAsync(SopTestBed bed, string code)
    {
        await using var db = await bed.Factory().CreateDbContextAsync();
        await db.Actors.Where(a => a.Code != code).ExecuteUpdateAsync(s => s.SetProperty(a => a.IsActive, false));
    }

    private static string Cell(IRenderedComponent<CoverageMatrix> cut, string region, string service)
    {
        var headers = cut.FindAll("[data-testid=coverage-matrix] thead th").Select(h => h.TextContent.Trim()).ToList();
        var column = headers.IndexOf(service);
        Assert.True(column > 0, $"no column {service} in {string.Join(" | ", headers)}");
        var row = cut.FindAll("[data-testid=coverage-matrix] tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Trim() == region);
        return row.Children[column].TextContent.Trim();
    }

    [Fact]
    public async Task Coverage_with_one_regional_provider_marks_the_regions_it_does_not_serve_as_gaps()
    {
        await using var bed = await SopTestBed.CreateAsync();
        // The Ganja counter-trafficking unit identifies people in Ganja and five nearby districts only.
        await KeepOnlyActiveAsync(bed, "mia-ganja-ctu");
        await using var ctx = new ComponentContext(bed);
        ctx.Render<MudPopoverProvider>();

        var cut = ctx.Render<CoverageMatrix>();

        Assert.Equal("1", Cell(cut, "Ganja", "Identification"));
        Assert.Equal("1", Cell(cut, "Shamkir", "Identification"));
        Assert.Equal("gap", Cell(cut, "Baku", "Identification"));
        Assert.Equal("gap", Cell(cut, "Ganja", "Shelter"));
    }

    [Fact]
    public async Task Coverage_pillar_filter_keeps_only_the_services_of_that_pillar()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed);
        ctx.Render<MudPopoverProvider>();
        var cut = ctx.Render<CoverageMatrix>();
        Assert.True(cut.FindAll("[data-testid=coverage-service]").Count > 10);

        var select = cut.FindComponent<MudSelect<Pillar?>>();
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Pillar.Prosecution));

        var services = cut.FindAll("[data-testid=coverage-service]").Select(h => h.TextContent.Trim()).ToArray();
        Assert.Equal(["Investigation", "Prosecution"], services);
        var regions = cut.FindAll("[data-testid=coverage-region]").Count;
        Assert.Contains($"in {regions * 2} region", cut.Find("[data-testid=coverage-summary]").TextContent);
        Assert.Contains("Pillar", cut.Find(".mud-input-label").TextContent);
    }

    [Fact]
    public async Task Coverage_in_Russian_names_regions_services_and_the_pillar_filter_in_Russian()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed, "ru");
        ctx.Render<MudPopoverProvider>();

        var cut = ctx.Render<CoverageMatrix>();

        var regions = cut.FindAll("[data-testid=coverage-region]").Select(r => r.TextContent.Trim()).ToList();
        Assert.Contains("Баку", regions);
        Assert.Contains("Гянджа", regions);
        Assert.Contains("Нахчыванская АР", regions);
        Assert.DoesNotContain("Baku", regions);
        var services = cut.FindAll("[data-testid=coverage-service]").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("Расследование", services);
        Assert.Contains("Юридическая помощь", services);
        // Each service name is wrapped so it can be turned upright and never spills onto the next column.
        Assert.All(cut.FindAll("[data-testid=coverage-service]"), h => Assert.NotNull(h.QuerySelector("span")));
        Assert.Contains("Компонент", cut.Markup);
    }
}
