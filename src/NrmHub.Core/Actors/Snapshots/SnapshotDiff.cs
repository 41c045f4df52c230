using System.Text.Json;
using NrmHub.Core.Actors.Exports;

namespace NrmHub.Core.Actors.Snapshots;

public enum ChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <param name="Subject">"actor" or "channel".</param>
/// <param name="Key">The actor code, or "from → to" for a channel.</param>
/// <param name="Fields">For a change, the names of the fields that differ.</param>
public sealed record SnapshotChange(string Subject, string Key, ChangeKind Kind, IReadOnlyList<string> Fields);

/// <summary>What changed in the NRM between two snapshots, read from their graph JSON (actors by code, channels by their two ends).</summary>
public static class SnapshotDiff
{
    public static IReadOnlyList<SnapshotChange> Compare(string olderGraphJson, string newerGraphJson)
    {
        var older = Read(olderGraphJson);
        var newer = Read(newerGraphJson);
        var changes = new List<SnapshotChange>();
        changes.AddRange(Diff("actor", older.Nodes.ToDictionary(n => n.Code), newer.Nodes.ToDictionary(n => n.Code)));
        changes.AddRange(Diff("channel", older.Edges.ToDictionary(EdgeKey), newer.Edges.ToDictionary(EdgeKey)));
        return changes;
    }

    private static string EdgeKey(ExportedEdge e) => $"{e.From} → {e.To}";

    private static ExportedGraph Read(string json) =>
        JsonSerializer.Deserialize<ExportedGraph>(json, ExportJson.CamelCase) ?? throw new JsonException("Empty graph.");

    private static IEnumerable<SnapshotChange> Diff<T>(string subject, Dictionary<string, T> older, Dictionary<string, T> newer)
    {
        foreach (var key in older.Keys.Union(newer.Keys).Order(StringComparer.Ordinal))
        {
            var had = older.TryGetValue(key, out var before);
            var has = newer.TryGetValue(key, out var after);
            if (had && !has)
            {
                yield return new SnapshotChange(subject, key, ChangeKind.Removed, []);
            }
            else if (!had && has)
            {
                yield return new SnapshotChange(subject, key, ChangeKind.Added, []);
            }
            else
            {
                var fields = ChangedFields(before!, after!);
                if (fields.Count > 0)
                {
                    yield return new SnapshotChange(subject, key, ChangeKind.Changed, fields);
                }
            }
        }
    }

    private static List<string> ChangedFields<T>(T before, T after)
    {
        using var left = JsonSerializer.SerializeToDocument(before, ExportJson.CamelCase);
        using var right = JsonSerializer.SerializeToDocument(after, ExportJson.CamelCase);
        var names = left.RootElement.EnumerateObject().Select(p => p.Name).Union(right.RootElement.EnumerateObject().Select(p => p.Name));
        return names.Where(n => Raw(left.RootElement, n) != Raw(right.RootElement, n)).ToList();
    }

    private static string? Raw(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetRawText() : null;
}
