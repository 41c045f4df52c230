using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using NrmHub.Tests.Infrastructure;
using NrmHub.Tests.Sop;
using NrmHub.Web.Localization;

namespace NrmHub.Tests.Foundation;

public sealed partial class MudTranslationsTests
{
    [Theory]
    [InlineData("en", "Rows per page:", "Next page")]
    [InlineData("az", "Səhifədə sətir:", "Növbəti səhifə")]
    [InlineData("ru", "Строк на странице:", "Следующая страница")]
    public async Task A_grid_pager_speaks_the_users_language(string culture, string rowsPerPage, string nextPage)
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var ctx = new ComponentContext(bed, culture);

        var cut = ctx.Render<WithMudProviders>(p => p.AddChildContent<MudDataGrid<int>>(grid => grid
            .Add(g => g.Items, Enumerable.Range(1, 30).ToList())
            .Add(g => g.RowsPerPage, 10)
            .Add(g => g.Columns, (RenderFragment)(b =>
            {
                b.OpenComponent<PropertyColumn<int, int>>(0);
                b.AddAttribute(1, nameof(PropertyColumn<int, int>.Property), (System.Linq.Expressions.Expression<Func<int, int>>)(i => i));
                b.CloseComponent();
            }))
            .Add(g => g.PagerContent, (RenderFragment)(b =>
            {
                b.OpenComponent<MudDataGridPager<int>>(0);
                b.CloseComponent();
            }))));

        Assert.Contains(rowsPerPage, cut.Markup);
        Assert.Contains($"aria-label=\"{nextPage}\"", cut.Markup);
        if (culture != "en")
        {
            Assert.DoesNotContain("Rows per page", cut.Markup);
            Assert.DoesNotContain("Next page", cut.Markup);
        }
    }

    /// <summary>A misspelt key would never be asked for, and MudBlazor's English would show without a word of warning.</summary>
    [Fact]
    public void Every_translated_key_is_one_MudBlazor_asks_for_with_the_same_placeholders()
    {
        var english = MudBlazorEnglish();
        foreach (var file in new[] { "UiText.resx", "UiText.az.resx", "UiText.ru.resx" })
        {
            var ours = XDocument.Load(Path.Combine(LocalisationTests.RepositoryRoot(), "src", "NrmHub.Web", "Resources", file)).Root!.Elements("data")
                .Where(d => ((string)d.Attribute("name")!).StartsWith(MudTranslations.Prefix, StringComparison.Ordinal))
                .ToDictionary(d => ((string)d.Attribute("name")!)[MudTranslations.Prefix.Length..], d => (string)d.Element("value")!);

            Assert.NotEmpty(ours);
            foreach (var (key, value) in ours)
            {
                Assert.True(english.TryGetValue(key, out var theirs), $"{file}: MudBlazor has no key {key}");
                Assert.Equal(Placeholders(theirs!), Placeholders(value));
            }
        }
    }

    private static Dictionary<string, string> MudBlazorEnglish()
    {
        var assembly = typeof(MudButton).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("LanguageResource.resources", StringComparison.Ordinal));
        var set = new ResourceManager(name[..^".resources".Length], assembly).GetResourceSet(CultureInfo.InvariantCulture, true, true)!;
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    private static string[] Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();
}
