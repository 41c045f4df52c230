using MudBlazor;
using MudBlazor.Utilities;
using NrmHub.Web.Components.Layout;

namespace NrmHub.Tests.Foundation;

/// <summary>
/// WCAG 2.2 AA on the theme itself, in both palettes: 4.5:1 for text (every filled, outlined and text button in every
/// colour, at rest and on hover), 3:1 for icons and input borders. Axe checks pages; this checks what pages are built from.
/// </summary>
public sealed class NrmThemeTests
{
    private static double Luminance(MudColor c)
    {
        static double Channel(byte v)
        {
            var s = v / 255.0;
            return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(c.R)) + (0.7152 * Channel(c.G)) + (0.0722 * Channel(c.B));
    }

    public static double Ratio(MudColor a, MudColor b)
    {
        var (x, y) = (Luminance(a), Luminance(b));
        return (Math.Max(x, y) + 0.05) / (Math.Min(x, y) + 0.05);
    }

    public static TheoryData<string> Palettes() => ["light", "dark"];

    private static Palette PaletteOf(string name) => name == "light" ? NrmTheme.Theme.PaletteLight : NrmTheme.Theme.PaletteDark;

    [Theory]
    [MemberData(nameof(Palettes))]
    public void Every_colour_pair_the_components_draw_passes_AA(string name)
    {
        var p = PaletteOf(name);
        var failures = new List<string>();
        void Check(string what, MudColor fg, MudColor bg, double min)
        {
            var ratio = Ratio(fg, bg);
            if (ratio < min)
            {
                failures.Add($"{what}: {ratio:0.00}:1 < {min}:1");
            }
        }

        foreach (var (surfaceName, surface) in new[] { ("background", p.Background), ("surface", p.Surface) })
        {
            Check($"text on {surfaceName}", p.TextPrimary, surface, 4.5);
            Check($"secondary text on {surfaceName}", p.TextSecondary, surface, 4.5);
            Check($"icon on {surfaceName}", p.ActionDefault, surface, 3);
            Check($"input border on {surfaceName}", p.LinesInputs, surface, 3);
        }

        Check("app bar", p.AppbarText, p.AppbarBackground, 4.5);
        Check("drawer", p.DrawerText, p.DrawerBackground, 4.5);
        var colours = new (string Name, MudColor Colour, MudColor Darken, MudColor Text)[]
        {
            ("primary", p.Primary, p.PrimaryDarken, p.PrimaryContrastText),
            ("secondary", p.Secondary, p.SecondaryDarken, p.SecondaryContrastText),
            ("tertiary", p.Tertiary, p.TertiaryDarken, p.TertiaryContrastText),
            ("info", p.Info, p.InfoDarken, p.InfoContrastText),
            ("success", p.Success, p.SuccessDarken, p.SuccessContrastText),
            ("warning", p.Warning, p.WarningDarken, p.WarningContrastText),
            ("error", p.Error, p.ErrorDarken, p.ErrorContrastText),
            ("dark", p.Dark, p.DarkDarken, p.DarkContrastText),
        };
        foreach (var c in colours)
        {
            Check($"filled {c.Name} button", c.Text, c.Colour, 4.5);
            Check($"filled {c.Name} button on hover", c.Text, c.Darken, 4.5);
            Check($"{c.Name} text or outlined button on the surface", c.Colour, p.Surface, 4.5);
            Check($"{c.Name} text on the background", c.Colour, p.Background, 4.5);
        }

        Assert.True(failures.Count == 0, $"{name} palette:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public void MudBlazors_default_secondary_is_the_kind_of_failure_this_catches()
    {
        var defaults = new PaletteLight();

        Assert.True(Ratio(defaults.SecondaryContrastText, defaults.Secondary) < 4.5);
    }
}
