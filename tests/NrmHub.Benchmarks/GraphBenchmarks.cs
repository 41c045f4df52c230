using BenchmarkDotNet.Attributes;
using NrmHub.Core.Actors;

namespace NrmHub.Benchmarks;

/// <summary>
/// NrmGraph at roughly ten times a national NRM: 5,000 actors, 50,000 channels, 16 regions. Routing runs on every
/// referral form, so its budget is well under a millisecond; coverage and rebuilds run on page load and on edits.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GraphBenchmarks
{
    private const int ActorCount = 5_000;
    private const int ChannelCount = 50_000;
    private const int QueryCount = 1_024;

    private static readonly ServiceType[] Services = Enum.GetValues<ServiceType>();
    private static readonly ActorKind[] Kinds = Enum.GetValues<ActorKind>();
    private static readonly ChannelBasis[] Bases = Enum.GetValues<ChannelBasis>();

    private List<GraphActor> actors = [];
    private List<GraphChannel> channels = [];
    private string[] regions = [];
    private (int From, ServiceType Service, string Region)[] queries = [];
    private NrmGraph graph = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        // A fixed seed keeps runs comparable: the same graph and the same queries every time.
        var random = new Random(20_260_122);
        regions = Enumerable.Range(1, 16).Select(i => $"R{i:00}").ToArray();

        actors = new List<GraphActor>(ActorCount);
        for (var id = 1; id <= ActorCount; id++)
        {
            var kind = Kinds[random.Next(Kinds.Length)];
            var mandates = new List<Mandate>();
            var mandateCount = random.Next(1, 3);
            for (var m = 0; m < mandateCount; m++)
            {
                mandates.Add(new Mandate
                {
                    Id = (id * 2) + m,
                    ActorId = id,
                    Pillar = Pillar.Protection,
                    Services = Pick(random, Services, random.Next(1, 5)),
                });
            }

            if (kind == ActorKind.Shelter)
            {
                var capacity = random.Next(5, 41);
                mandates[0].Services = [.. mandates[0].Services.Append(ServiceType.Shelter).Distinct()];
                mandates[0].Capacity = capacity;
                mandates[0].Occupancy = random.Next(0, capacity + 1);
            }

            var regional = random.NextDouble() < 0.2;
            var served = regional ? Pick(random, regions, random.Next(1, 4)) : [];
            actors.Add(new GraphActor(id, $"A{id:0000}", kind, random.NextDouble() >= 0.03, served, mandates));
        }

        var mandated = actors.ToDictionary(a => a.Id, a => a.Mandates.SelectMany(m => m.Services).Distinct().ToArray());
        var pairs = new HashSet<(int, int)>();
        channels = new List<GraphChannel>(ChannelCount);
        while (channels.Count < ChannelCount)
        {
            var from = random.Next(1, ActorCount + 1);
            var to = random.Next(1, ActorCount + 1);
            if (from == to || !pairs.Add((from, to)))
            {
                continue;
            }

            var carried = Pick(random, mandated[to], random.Next(1, 4));
            channels.Add(new GraphChannel(
                channels.Count + 1,
                from,
                to,
                carried,
                Bases[random.Next(Bases.Length)],
                random.NextDouble() < 0.3 ? "within 24 hours" : null,
                random.NextDouble() >= 0.05));
        }

        graph = new NrmGraph(actors, channels, regions);

        // Queries come from real paths (an active channel between active actors) so every one does the full work;
        // a deactivated sender refers no one, so it would measure an early return.
        var byId = actors.ToDictionary(a => a.Id);
        var usable = channels.Where(c => c.IsActive && byId[c.From].IsActive && byId[c.To].IsActive).ToArray();
        queries = new (int, ServiceType, string)[QueryCount];
        for (var i = 0; i < QueryCount; i++)
        {
            var channel = usable[random.Next(usable.Length)];
            queries[i] = (channel.From, channel.Services[random.Next(channel.Services.Count)], regions[random.Next(regions.Length)]);
            if (graph.SuggestReceivers(queries[i].From, queries[i].Service, queries[i].Region).Count == 0)
            {
                throw new InvalidOperationException($"query {i} has no receivers; the setup is wrong");
            }
        }
    }

    /// <summary>One routing query per invocation, rotating through the prepared queries so caches do not flatter it.</summary>
    [Benchmark]
    public IReadOnlyList<Candidate> Routing()
    {
        var (from, service, region) = queries[next++ & (QueryCount - 1)];
        return graph.SuggestReceivers(from, service, region);
    }

    [Benchmark]
    public Coverage Coverage() => graph.ComputeCoverage();

    [Benchmark]
    public NrmGraph BuildGraph() => new(actors, channels, regions);

    private static List<T> Pick<T>(Random random, IReadOnlyList<T> from, int count)
    {
        var picked = new List<T>(count);
        while (picked.Count < Math.Min(count, from.Count))
        {
            var item = from[random.Next(from.Count)];
            if (!picked.Contains(item))
            {
                picked.Add(item);
            }
        }

        return picked;
    }
}
