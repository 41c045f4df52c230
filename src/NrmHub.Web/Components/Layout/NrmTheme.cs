using MudBlazor;

namespace NrmHub.Web.Components.Layout;

/// <summary>
/// NrmHub's one theme. MudBlazor's default palette fails WCAG AA in places (a filled Secondary button is 3.33:1), so
/// every colour here is chosen against the text drawn on it and the surfaces it is drawn on, in both palettes, and
/// NrmThemeTests checks each pair (4.5:1 for text).
/// </summary>
public static class NrmTheme
{
    public const string FontStack = "Roboto";

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1b4f8f",
            PrimaryDarken = "#143a6b",
            PrimaryLighten = "#2a64ad",
            PrimaryContrastText = "#ffffff",
            Secondary = "#8a1f5c",
            SecondaryDarken = "#6b1747",
            SecondaryLighten = "#a3306f",
            SecondaryContrastText = "#ffffff",
            Tertiary = "#00695c",
            TertiaryDarken = "#004d43",
            TertiaryLighten = "#00796b",
            TertiaryContrastText = "#ffffff",
            Info = "#0b5c8a",
            InfoDarken = "#084468",
            InfoLighten = "#0f6da3",
            InfoContrastText = "#ffffff",
            Success = "#1e6b2f",
            SuccessDarken = "#154f22",
            SuccessLighten = "#257a37",
            SuccessContrastText = "#ffffff",
            Warning = "#8a4a00",
            WarningDarken = "#683800",
            WarningLighten = "#9a5300",
            WarningContrastText = "#ffffff",
            Error = "#b3261e",
            ErrorDarken = "#8c1d17",
            ErrorLighten = "#c2332a",
            ErrorContrastText = "#ffffff",
            Dark = "#37474f",
            DarkDarken = "#263238",
            DarkLighten = "#455a64",
            DarkContrastText = "#ffffff",
            TextPrimary = "#1c2127",
            TextSecondary = "#4f5861",
            ActionDefault = "#4f5861",
            Background = "#f5f6f8",
            BackgroundGray = "#eceef1",
            Surface = "#ffffff",
            AppbarBackground = "#1b4f8f",
            AppbarText = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#1c2127",
            DrawerIcon = "#4f5861",
            LinesDefault = "#d5d9de",
            LinesInputs = "#767f88",
            TableLines = "#e0e3e7",
            Divider = "#d5d9de",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#9cc3f5",
            PrimaryDarken = "#b5d3f8",
            PrimaryLighten = "#85b4f0",
            PrimaryContrastText = "#10151a",
            Secondary = "#f2a7cf",
            SecondaryDarken = "#f6c0dd",
            SecondaryLighten = "#ee92c3",
            SecondaryContrastText = "#10151a",
            Tertiary = "#7fd6c8",
            TertiaryDarken = "#a0e2d7",
            TertiaryLighten = "#66ccbc",
            TertiaryContrastText = "#10151a",
            Info = "#8ccaf0",
            InfoDarken = "#a9d7f4",
            InfoLighten = "#72bdeb",
            InfoContrastText = "#10151a",
            Success = "#8fd39c",
            SuccessDarken = "#abdfb5",
            SuccessLighten = "#78c987",
            SuccessContrastText = "#10151a",
            Warning = "#f5c16b",
            WarningDarken = "#f8d293",
            WarningLighten = "#f2b44b",
            WarningContrastText = "#10151a",
            Error = "#ffb4ab",
            ErrorDarken = "#ffcbc4",
            ErrorLighten = "#ff9e93",
            ErrorContrastText = "#10151a",
            Dark = "#cfd8dc",
            DarkDarken = "#e0e6e9",
            DarkLighten = "#b0bec5",
            DarkContrastText = "#10151a",
            TextPrimary = "#e8eaed",
            TextSecondary = "#c3c9d0",
            ActionDefault = "#c3c9d0",
            Background = "#121418",
            BackgroundGray = "#181b20",
            Surface = "#1e2227",
            AppbarBackground = "#1e2227",
            AppbarText = "#e8eaed",
            DrawerBackground = "#1a1d22",
            DrawerText = "#e8eaed",
            DrawerIcon = "#c3c9d0",
            LinesDefault = "#3a4048",
            LinesInputs = "#8a939c",
            TableLines = "#343a41",
            Divider = "#3a4048",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = [FontStack, "Noto Sans", "DejaVu Sans", "Arial", "sans-serif"] },
            // Headings at MudBlazor's default sizes are display type; an application page needs them smaller.
            H1 = new H1Typography { FontSize = "1.75rem", FontWeight = "500", LineHeight = "1.3" },
            H2 = new H2Typography { FontSize = "1.35rem", FontWeight = "500", LineHeight = "1.3" },
            H3 = new H3Typography { FontSize = "1.15rem", FontWeight = "500", LineHeight = "1.35" },
            // Russian and Azerbaijani labels are long; capitals make them longer and harder to read.
            Button = new ButtonTypography { TextTransform = "none", FontWeight = "500" },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "260px" },
    };
}
