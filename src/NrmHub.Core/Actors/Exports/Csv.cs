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
}
