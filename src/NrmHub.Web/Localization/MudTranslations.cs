using Microsoft.Extensions.Localization;
using MudBlazor;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Localization;

/// <summary>
/// MudBlazor's own words (pager buttons, "Rows per page", date picker arrows, "Clear", "Close", "Not a valid date time")
/// are English only; this hands it NrmHub's translations, kept with the rest under the key "Mud.{MudBlazor's key}".
/// A key NrmHub has not translated falls back to MudBlazor's English.
/// </summary>
public sealed class MudTranslations(IStringLocalizer<UiText> text) : MudLocalizer
{
    public const string Prefix = "Mud.";

    public override LocalizedString this[string key] => Translate(key, text[Prefix + key]);

    public override LocalizedString this[string key, params object[] arguments] => Translate(key, text[Prefix + key, arguments]);

    private static LocalizedString Translate(string key, LocalizedString found) =>
        found.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, found.Value);
}
