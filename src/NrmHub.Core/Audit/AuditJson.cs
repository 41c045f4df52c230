using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace NrmHub.Core.Audit;

/// <summary>How entity snapshots are written into <see cref="AuditEntry.Before"/>/<see cref="AuditEntry.After"/>, and compared.</summary>
public static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        // Names in Azerbaijani and Russian stay readable in the stored JSON; HTML-sensitive characters are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static string Serialize<T>(T snapshot) => JsonSerializer.Serialize(snapshot, Options);

    /// <summary>A short fingerprint of a snapshot: the version an editor hands back to detect a concurrent change.</summary>
    public static string Version(string json) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..32];

    /// <summary>
    /// The leaf values that differ between two snapshots, by path ("mandates[0].services"). Either side may be null
    /// (a creation has no before). Arrays of plain values compare as a whole, so a changed list is one line.
    /// </summary>
    public static IReadOnlyList<AuditChange> Diff(string? before, string? after)
    {
        var left = Flatten(before);
        var right = Flatten(after);
        return left.Keys.Union(right.Keys)
            .Select(path => new AuditChange(path, left.GetValueOrDefault(path), right.GetValueOrDefault(path)))
            .Where(c => c.Before != c.After)
            .ToList();
    }

    private static Dictionary<string, string?> Flatten(string? json)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return result;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            Walk(doc.RootElement, "", result);
        }
        catch (JsonException)
        {
            result[""] = json;
        }

        return result;
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, string?> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", into);
                }

                break;
            case JsonValueKind.Array when element.EnumerateArray().All(e => e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)):
                into[path] = string.Join(", ", element.EnumerateArray().Select(Scalar));
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{i++}]", into);
                }

                break;
            default:
                into[path] = Scalar(element);
                break;
        }
    }

    private static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => element.GetString(),
        _ => element.GetRawText(),
    };
}

public sealed record AuditChange(string Path, string? Before, string? After);
