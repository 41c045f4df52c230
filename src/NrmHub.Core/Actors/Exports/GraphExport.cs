using NrmHub.Core.Seed;

namespace NrmHub.Core.Actors.Exports;

/// <summary>The referral graph for other tools (network analysis, visualisation): actors as nodes keyed by code, channels as edges.</summary>
public sealed record ExportedGraph(string Country, IReadOnlyList<ExportedNode> Nodes, IReadOnlyList<ExportedEdge> Edges);

/// <param name="Region">The actor's seat; absent where its location is not disclosed (shelters, restricted addresses).</param>
/// <param name="RegionsServed">Spelled out in full, also for nationwide actors, so readers need not know the country's regions.</param>
public sealed record ExportedNode(
    string Code,
    string ShortName,
    ExportedNames Names,
    ActorKind Kind,
    ActorLevel Level,
    string? Parent,
    string? Region,
    bool Nationwide,
    IReadOnlyList<string> RegionsServed,
    bool Active,
    IReadOnlyList<ExportedMandate> Mandates);

public sealed record ExportedNames(string En, string? Az, string? Ru);

/// <param name="Capacity">Places, and <paramref name="FreeCapacity"/> free ones: for signed-in readers only.</param>
public sealed record ExportedMandate(
    Pillar Pillar,
    IReadOnlyList<ServiceType> Services,
    string? LegalBasis,
    string? LegalReference,
    int? Capacity,
    int? FreeCapacity);

public sealed record ExportedEdge(string From, string To, IReadOnlyList<ServiceType> Services, ChannelBasis Basis, string? TimeLimitNote, bool Active);

/// <summary>
/// Who an export is for. What it may hold follows from that, not from the URL asked: how full a shelter is, today,
/// is operational knowledge about places whose location is secret, so the public sees that a shelter exists, not
/// how many places it has free.
/// </summary>
public enum ExportDisclosure
{
    Public,
    SignedIn,
}

public static class GraphExport
{
    public static ExportedGraph Build(NrmSnapshot snapshot, CountryProfile country, ExportDisclosure disclosure)
    {
        var operational = disclosure == ExportDisclosure.SignedIn;
        var codeById = snapshot.Actors.ToDictionary(a => a.Id, a => a.Code);
        var nodes = snapshot.Actors
            .OrderBy(a => a.Code, StringComparer.Ordinal)
            .Select(a => new ExportedNode(
                a.Code,
                a.ShortName,
                new ExportedNames(a.NameEn, a.NameAz, a.NameRu),
                a.Kind,
                a.Level,
                a.ParentId is { } p ? codeById.GetValueOrDefault(p) : null,
                NrmSnapshot.PublicRegion(a),
                a.RegionsServed.Count == 0,
                a.RegionsServed.Count == 0 ? country.Regions : a.RegionsServed,
                a.IsActive,
                a.Mandates
                    .OrderBy(m => m.Pillar).ThenBy(m => m.Id)
                    .Select(m => new ExportedMandate(m.Pillar, m.Services.Distinct().ToList(), m.LegalBasisText, m.LegalBasisReference,
                        operational ? m.Capacity : null, operational ? m.FreeCapacity : null))
                    .ToList()))
            .ToList();

        var edges = snapshot.Channels
            .Where(c => codeById.ContainsKey(c.FromActorId) && codeById.ContainsKey(c.ToActorId))
            .Select(c => new ExportedEdge(codeById[c.FromActorId], codeById[c.ToActorId], c.Services.Distinct().ToList(), c.Basis, c.TimeLimitNote, c.IsActive))
            .OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)
            .ToList();

        return new ExportedGraph(country.Code, nodes, edges);
    }

    public static byte[] Write(ExportedGraph graph) => ExportJson.Serialize(graph, ExportJson.CamelCase);
}
