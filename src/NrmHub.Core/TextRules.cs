using System.Globalization;

namespace NrmHub.Core;

public static class TextRules
{
    /// <summary>
    /// True when nothing a reader could see is there: whitespace, control characters and invisible format characters
    /// (zero-width spaces and joiners, the byte-order mark, soft hyphens) do not make a name or a reason.
    /// </summary>
    public static bool IsBlank(string? value) =>
        value is null || value.All(c => char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control);
}
