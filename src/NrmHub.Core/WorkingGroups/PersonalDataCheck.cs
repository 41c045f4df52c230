using System.Text.RegularExpressions;

namespace NrmHub.Core.WorkingGroups;

/// <summary>
/// Best-effort warning that a free text may hold case personal data: a person's name next to a date of birth.
/// It looks for two or three capitalised words (Latin, Azerbaijani or Cyrillic letters, as names are written in the
/// three UI languages) within 40 characters of a date (31.12.1990, 31/12/1990, 1990-12-31) or of a birth marker
/// ("born", "DOB", "d.o.b.", "г.р.", "doğum", "родил…") followed by a year. It only warns: a meeting date next to an
/// organisation's name also matches, and a name written in lower case or a date in words does not; a case code is
/// the way to refer to a case here.
/// </summary>
public static partial class PersonalDataCheck
{
    public static bool LooksLikeNameAndBirthDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (Match name in NamePattern().Matches(text))
        {
            var from = Math.Max(0, name.Index - 40);
            var to = Math.Min(text.Length, name.Index + name.Length + 40);
            var around = text[from..to];
            if (DatePattern().IsMatch(around) || BirthPattern().IsMatch(around))
            {
                return true;
            }
        }

        return false;
    }

    // Two or three words of an upper-case letter followed by lower-case ones: "Aysel Mammadova", "Иван Петров".
    [GeneratedRegex(@"\b\p{Lu}\p{Ll}{1,30}(?:[ \-]\p{Lu}\p{Ll}{1,30}){1,2}\b")]
    private static partial Regex NamePattern();

    // A full date with a four-digit year from 1900 to 2099, day-first or ISO.
    [GeneratedRegex(@"\b(?:(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:19|20)\d{2}|(?:19|20)\d{2}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01]))\b")]
    private static partial Regex DatePattern();

    // A birth marker before the year ("born 1999", "d.o.b. 1985", "doğum 2001") or the Russian "1998 г.р." after it.
    [GeneratedRegex(@"(?i)(?:(?:\bborn\b|\bdob\b|d\.o\.b\.|г\.\s?р\.|\bрод(?:ил|\.)|doğum|dogum|\bb\.)\D{0,15}(?:19|20)\d{2}|(?:19|20)\d{2}\s?г\.\s?р\.)")]
    private static partial Regex BirthPattern();
}
