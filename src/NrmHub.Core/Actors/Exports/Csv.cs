using System.Text;

namespace NrmHub.Core.Actors.Exports;

/// <summary>RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break.</summary>
public static class Csv
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // Leading or trailing spaces are quoted too: RFC 4180 keeps them, but many readers trim unquoted ones.
        var quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value[0] == ' ' || value[^1] == ' ';
        return quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static void WriteRow(TextWriter writer, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                writer.Write(',');
            }

            writer.Write(Field(field));
            first = false;
        }

        writer.Write("\r\n");
    }

    public static string Write(IEnumerable<IEnumerable<string?>> rows)
    {
        var text = new StringWriter(new StringBuilder());
        foreach (var row in rows)
        {
            WriteRow(text, row);
        }

        return text.ToString();
    }

    /// <summary>UTF-8 with a byte-order mark, so spreadsheet programs read Azerbaijani and Cyrillic letters.</summary>
    public static byte[] Utf8WithBom(IEnumerable<IEnumerable<string?>> rows) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Write(rows))];

    /// <summary>Free text a spreadsheet would run as a formula ("=HYPERLINK(...)") gets an apostrophe in front, so it stays text.</summary>
    public static string SafeText(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value ?? "";
}
