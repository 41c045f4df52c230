using System.Collections.Frozen;

namespace NrmHub.Core.Actors;

/// <summary>Why a receiver is offered, as codes the UI translates; <see cref="Detail"/> carries a region or a number.</summary>
public enum ReasonCode
{
    ChannelForService,
    MandatedForService,
    NotMandatedForService,
    ServesRegion,
    ServesNationwide,
    DoesNotServeRegion,
    FreeCapacity,
    NoFreeCapacity,
}

public sealed record Reason(ReasonCode Code, string? Detail = null);

public sealed record Candidate(int ActorId, int Score, IReadOnlyList<Reason> Reasons, int ChannelId, ChannelBasis Basis, string? TimeLimitNote);

public sealed record GraphActor(int Id, string Code, ActorKind Kind, bool IsActive, IReadOnlyList<string> RegionsServed, IReadOnlyList<Mandate> Mandates)
{
    public bool ServesEverywhere => RegionsServed.Count == 0;

    public bool Serves(string region) => ServesEverywhere || RegionsServed.Contains(region);
}

public sealed record GraphChannel(int Id, int From, int To, IReadOnlyList<ServiceType> Services, ChannelBasis Basis, string? TimeLimitNote, bool IsActive);

/// <summary>One cell of the regions × services matrix: who provides the service there.</summary>
public sealed record CoverageCell(string Region, ServiceType Service, IReadOnlyList<int> ProviderIds)
{
    public bool IsGap => ProviderIds.Count == 0;
}

/// <summary>An actor mandated for a service that no active channel brings referrals for.</summary>
public sealed record UnreachedMandate(int ActorId, ServiceType Service);

public sealed record Coverage(
    IReadOnlyList<string> Regions,
    IReadOnlyList<ServiceType> Services,
    IReadOnlyList<CoverageCell> Cells,
    IReadOnlyList<int> IsolatedActorIds,
    IReadOnlyList<UnreachedMandate> UnreachedMandates)
{
    public IEnumerable<CoverageCell> Gaps => Cells.Where(c => c.IsGap);

    public CoverageCell Cell(string region, ServiceType service) =>
        Cells[(Regions.ToList().IndexOf(region) * Services.Count) + (int)service];
}

/// <summary>
/// An immutable, indexed snapshot of the referral graph. Built once per change of actors or channels; queries are
/// in-memory lookups, so routing costs the number of channels leaving one actor, not the size of the NRM.
/// </summary>
public sealed class NrmGraph
{
    private static readonly ServiceType[] AllServices = Enum.GetValues<ServiceType>();

    private readonly FrozenDictionary<int, GraphActor> actors;
    private readonly FrozenDictionary<(int From, ServiceType Service), GraphChannel[]> outgoing;
    private readonly FrozenDictionary<int, FrozenSet<ServiceType>> mandated;

    public NrmGraph(IEnumerable<GraphActor> actors, IEnumerable<GraphChannel> channels, IEnumerable<string> regions)
    {
        this.actors = actors.ToFrozenDictionary(a => a.Id);
        Regions = regions.ToList();
        Channels = channels.Where(c => this.actors.ContainsKey(c.From) && this.actors.ContainsKey(c.To)).ToList();
        outgoing = Channels
            .Where(c => c.IsActive)
            .SelectMany(c => c.Services.Distinct().Select(s => (Key: (c.From, s), Channel: c)))
            .GroupBy(x => x.Key, x => x.Channel)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray());
        mandated = this.actors.Values.ToFrozenDictionary(a => a.Id, a => a.Mandates.SelectMany(m => m.Services).ToFrozenSet());
    }

    public IReadOnlyList<string> Regions { get; }

    public IReadOnlyList<GraphChannel> Channels { get; }

    public IEnumerable<GraphActor> Actors => actors.Values;

    public GraphActor? Actor(int id) => actors.GetValueOrDefault(id);

    public static NrmGraph From(IEnumerable<Actor> actors, IEnumerable<ReferralChannel> channels, IEnumerable<string> regions) =>
        new(
            actors.Select(a => new GraphActor(a.Id, a.Code, a.Kind, a.IsActive, a.RegionsServed, a.Mandates)),
            channels.Select(c => new GraphChannel(c.Id, c.FromActorId, c.ToActorId, c.Services, c.Basis, c.TimeLimitNote, c.IsActive)),
            regions);

    /// <summary>
    /// Who <paramref name="fromActorId"/> can refer a person to for <paramref name="service"/>: the receivers of its
    /// active channels that carry the service, best first, each with the reasons it is offered. Mandate fit weighs
    /// most, then serving the region, then free capacity; ties go to the lower id so the order is stable.
    /// </summary>
    public IReadOnlyList<Candidate> SuggestReceivers(int fromActorId, ServiceType service, string? region = null)
    {
        // A deactivated actor no longer takes part in the NRM, so it cannot refer anyone either.
        if (actors.GetValueOrDefault(fromActorId) is not { IsActive: true }
            || !outgoing.TryGetValue((fromActorId, service), out var channels))
        {
            return [];
        }

        var result = new List<Candidate>(channels.Length);
        foreach (var channel in channels)
        {
            var receiver = actors[channel.To];
            if (!receiver.IsActive)
            {
                continue;
            }

            // Tiers, not a blend: each step exceeds the whole range of the tiers below (capacity spans 70, region
            // and capacity 270), so a full shelter in the region still ranks above a nationwide one with places.
            var reasons = new List<Reason>(4) { new(ReasonCode.ChannelForService, channel.Basis.ToString()) };
            var score = 0;
            if (mandated[receiver.Id].Contains(service))
            {
                score += 1000;
                reasons.Add(new(ReasonCode.MandatedForService));
            }
            else
            {
                reasons.Add(new(ReasonCode.NotMandatedForService));
            }

            if (region is not null)
            {
                if (!receiver.ServesEverywhere && receiver.Serves(region))
                {
                    score += 200;
                    reasons.Add(new(ReasonCode.ServesRegion, region));
                }
                else if (receiver.ServesEverywhere)
                {
                    score += 100;
                    reasons.Add(new(ReasonCode.ServesNationwide));
                }
                else
                {
                    reasons.Add(new(ReasonCode.DoesNotServeRegion, region));
                }
            }

            if (FreeCapacity(receiver, service) is { } free)
            {
                score += free > 0 ? 20 : -50;
                reasons.Add(free > 0 ? new(ReasonCode.FreeCapacity, free.ToString(System.Globalization.CultureInfo.InvariantCulture)) : new(ReasonCode.NoFreeCapacity));
            }

            result.Add(new Candidate(receiver.Id, score, reasons, channel.Id, channel.Basis, channel.TimeLimitNote));
        }

        result.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.ActorId.CompareTo(b.ActorId));
        return result;
    }

    /// <summary>Free places summed over the mandates that cover the service and track capacity; null when none does.</summary>
    public static int? FreeCapacity(GraphActor actor, ServiceType service)
    {
        int? free = null;
        foreach (var mandate in actor.Mandates)
        {
            if (mandate.FreeCapacity is { } f && mandate.Services.Contains(service))
            {
                free = (free ?? 0) + f;
            }
        }

        return free;
    }

    /// <summary>The active channels that carry a service: the paths a person takes through the NRM for it.</summary>
    public IEnumerable<GraphChannel> ChannelsFor(ServiceType service) =>
        Channels.Where(c => c.IsActive && c.Services.Contains(service));

    public Coverage ComputeCoverage()
    {
        var active = actors.Values.Where(a => a.IsActive).OrderBy(a => a.Id).ToList();
        var regionIndex = Regions.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i);
        var providers = new List<int>[Regions.Count * AllServices.Length];
        for (var i = 0; i < providers.Length; i++)
        {
            providers[i] = [];
        }

        // Walk each actor's own services and regions instead of every cell × every actor.
        foreach (var actor in active)
        {
            foreach (var service in mandated[actor.Id])
            {
                if (actor.ServesEverywhere)
                {
                    for (var r = 0; r < Regions.Count; r++)
                    {
                        providers[(r * AllServices.Length) + (int)service].Add(actor.Id);
                    }
                }
                else
                {
                    foreach (var region in actor.RegionsServed)
                    {
                        if (regionIndex.TryGetValue(region, out var r))
                        {
                            providers[(r * AllServices.Length) + (int)service].Add(actor.Id);
                        }
                    }
                }
            }
        }

        var cells = new List<CoverageCell>(providers.Length);
        for (var i = 0; i < providers.Length; i++)
        {
            cells.Add(new CoverageCell(Regions[i / AllServices.Length], AllServices[i % AllServices.Length], providers[i]));
        }

        var connected = new HashSet<int>();
        var inbound = new HashSet<(int, ServiceType)>();
        foreach (var channel in Channels)
        {
            if (!channel.IsActive)
            {
                continue;
            }

            connected.Add(channel.From);
            connected.Add(channel.To);
            foreach (var service in channel.Services)
            {
                inbound.Add((channel.To, service));
            }
        }

        var isolated = active.Where(a => !connected.Contains(a.Id)).Select(a => a.Id).Order().ToList();
        var unreached = active
            .SelectMany(a => mandated[a.Id].Order().Select(s => new UnreachedMandate(a.Id, s)))
            .Where(m => !inbound.Contains((m.ActorId, m.Service)))
            .ToList();

        return new Coverage(Regions, AllServices, cells, isolated, unreached);
    }
}
