using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Tests.Infrastructure;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Layout;

namespace NrmHub.Tests.Foundation;

public sealed class CultureSelectorTests
{
    [Theory]
    [InlineData("en", "culture-en")]
    [InlineData("az", "culture-az")]
    [InlineData("ru", "culture-ru")]
    public async Task Each_language_links_back_to_the_same_page_and_the_current_one_is_marked(string culture, string current)
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed, culture);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/cases/AZ-2026-ABC123?x=1");

        var cut = ctx.Render<CultureSelector>();

        var links = cut.FindAll("a");
        Assert.Equal(["culture-en", "culture-az", "culture-ru"], links.Select(a => a.GetAttribute("data-testid")));
        Assert.All(links, a => Assert.EndsWith("?returnUrl=%2Fcases%2FAZ-2026-ABC123%3Fx%3D1", a.GetAttribute("href")));
        Assert.Equal([current], links.Where(a => a.GetAttribute("aria-current") == "true").Select(a => a.GetAttribute("data-testid")));
        // Each language is named in itself, and the code shown on a phone has the full name for screen readers.
        Assert.Equal(["English", "Azərbaycanca", "Русский"], links.Select(a => a.GetAttribute("title")));
        Assert.All(links, a => Assert.Equal(a.GetAttribute("title"), a.QuerySelector(".nrm-visually-hidden")!.TextContent));
    }
}
