using NrmHub.Core.Actors;

namespace NrmHub.Tests.Actors;

public sealed class NrmGraphTests
{
    private static readonly string[] Regions = ["North", "South", "East"];

    private static GraphActor Node(int id, IReadOnlyList<Mandate> mandates, string[]? regions = null, bool active = true, ActorKind kind = ActorKind.Ngo) =>
        new(id, $"A{id}", kind, active, regions ?? [], mandates);

    private static GraphActor Node(int id, params ServiceType[] services) => Node(id, [Duty(services)]);

    private static Mandate Duty(ServiceType[] services, int? capacity = null, int? occupancy = null) =>
        new() { Pillar = Pillar.Protection, Services = [.. services], Capacity = capacity, Occupancy = occupancy };

    private static GraphChannel Edge(int id, int from, int to, ServiceType[] services, bool active = true, ChannelBasis basis = ChannelBasis.Sop, string? note = null) =>
        new(id, from, to, services, basis, note, active);

    private static NrmGraph Graph(IEnumerable<GraphActor> actors, IEnumerable<GraphChannel> channels) => new(actors, channels, Regions);

    private static int[] Ids(IEnumerable<Candidate> candidates) => candidates.Select(c => c.ActorId).ToArray();

    private static Reason[] Reasons(IReadOnlyList<Candidate> candidates, int actorId) => candidates.Single(c => c.ActorId == actorId).Reasons.ToArray();

    // --- routing: who is offered ---

    [Fact]
    public void SuggestReceivers_channels_with_and_without_service_only_receivers_carrying_it_offered()
    {
        var graph = Graph(
            [Node(1), Node(2, ServiceType.Shelter), Node(3, ServiceType.Medical), Node(4, ServiceType.Shelter, ServiceType.Medical)],
            [
                Edge(10, 1, 2, [ServiceType.Shelter]),
                Edge(11, 1, 3, [ServiceType.Medical]),
                Edge(12, 1, 4, [ServiceType.Medical, ServiceType.Shelter]),
            ]);

        Assert.Equal([2, 4], Ids(graph.SuggestReceivers(1, ServiceType.Shelter)));
        Assert.Equal([3, 4], Ids(graph.SuggestReceivers(1, ServiceType.Medical)));
    }

    [Fact]
    public void SuggestReceivers_inactive_channel_its_receiver_not_offered()
    {
        var graph = Graph(
            [Node(1), Node(2, ServiceType.Shelter), Node(3, ServiceType.Shelter)],
            [Edge(10, 1, 2, [ServiceType.Shelter], active: false), Edge(11, 1, 3, [ServiceType.Shelter])]);

        Assert.Equal([3], Ids(graph.SuggestReceivers(1, ServiceType.Shelter)));
    }

    [Fact]
    public void SuggestReceivers_inactive_receiver_not_offered()
    {
        var graph = Graph(
            [Node(1), Node(2, [Duty([ServiceType.Shelter])], active: false), Node(3, ServiceType.Shelter)],
            [Edge(10, 1, 2, [ServiceType.Shelter]), Edge(11, 1, 3, [ServiceType.Shelter])]);

        Assert.Equal([3], Ids(graph.SuggestReceivers(1, ServiceType.Shelter)));
    }

    [Fact]
    public void SuggestReceivers_inactive_sender_refers_nobody()
    {
        var graph = Graph(
            [Node(1, [Duty([ServiceType.Identification])], active: false), Node(2, ServiceType.Shelter)],
            [Edge(10, 1, 2, [ServiceType.Shelter])]);

        Assert.Empty(graph.SuggestReceivers(1, ServiceType.Shelter));
    }

    [Fact]
    public void SuggestReceivers_only_inactive_channels_returns_empty()
    {
        var graph = Graph(
            [Node(1), Node(2, ServiceType.Shelter)],
            [Edge(10, 1, 2, [ServiceType.Shelter], active: false)]);

        Assert.Empty(graph.SuggestReceivers(1, ServiceType.Shelter));
    }

    [Fact]
    public void SuggestReceivers_other_senders_channels_not_used()
    {
        var graph = Graph(
            [Node(1), Node(2), Node(3, ServiceType.Shelter), Node(4, ServiceType.Shelter)],
            [Edge(10, 1, 3, [ServiceType.Shelter]), Edge(11, 2, 4, [ServiceType.Shelter]), Edge(12, 4, 1, [ServiceType.Shelter])]);

        Assert.Equal([3], Ids(graph.SuggestReceivers(1, ServiceType.Shelter)));
        Assert.Equal([4], Ids(graph.SuggestReceivers(2, ServiceType.Shelter)));
        Assert.Empty(graph.SuggestReceivers(3, ServiceType.Shelter));
    }

    [Fact]
    public void SuggestReceivers_unknown_sender_returns_empty()
    {
        var graph = Graph([Node(1), Node(2, ServiceType.Shelter)], [Edge(10, 1, 2, [ServiceType.Shelter])]);

        Assert.Empty(graph.SuggestReceivers(99, ServiceType.Shelter));
    }

    [Fact]
    public void SuggestReceivers_service_no_channel_carries_returns_empty()
    {
        var graph = Graph([Node(1), Node(2, ServiceType.Shelter, ServiceType.LegalAid)], [Edge(10, 1, 2, [ServiceType.Shelter])]);

        // The receiver is mandated for legal aid, but without a channel for it the sender has no agreed path there.
        Assert.Empty(graph.SuggestReceivers(1, ServiceType.LegalAid));
    }

    [Fact]
    public void SuggestReceivers_service_listed_twice_on_channel_receiver_offered_once()
    {
        var graph = Graph([Node(1), Node(2, ServiceType.Shelter)], [Edge(10, 1, 2, [ServiceType.Shelter, ServiceType.Shelter])]);

        Assert.Equal([2], Ids(graph.SuggestReceivers(1, ServiceType.Shelter)));
    }

    [Fact]
    public void SuggestReceivers_cycle_in_graph_each_sender_gets_its_own_receivers()
    {
        var graph = Graph(
            [Node(1, ServiceType.Shelter), Node(2, ServiceType.Shelter), Node(3, ServiceType.Shelter)],
            [
                Edge(10, 1, 2, [ServiceType.Shelter]),
                Edge(11, 2, 3, [ServiceType.Shelter]),
                Edge(12, 3, 1, [ServiceType.Shelter]),
                Edge(13, 2, 1, [ServiceType.Shelter]),
            ]);

        Assert.Equal([2], Ids(graph.SuggestReceivers(1, ServiceType.Shelter)));
        Assert.Equal([1, 3], Ids(graph.SuggestReceivers(2, ServiceType.Shelter)));
        Assert.Equal([1], Ids(graph.SuggestReceivers(3, ServiceType.Shelter)));
    }

    [Fact]
    public void Channels_referencing_unknown_actors_ignored()
    {
        var graph = Graph(
            [Node(1), Node(2, ServiceType.Shelter)],
            [
                Edge(10, 1, 99, [ServiceType.Shelter]),
                Edge(11, 98, 2, [ServiceType.Shelter]),
                Edge(12, 1, 2, [ServiceType.Shelter]),
            ]);

        Assert.Equal([12], graph.Channels.Select(c => c.Id));
        Assert.Equal([2], Ids(graph.SuggestReceivers(1, ServiceType.Shelter)));
        Assert.Empty(graph.SuggestReceivers(98, ServiceType.Shelter));
    }

    [Fact]
    public void SuggestReceivers_candidate_carries_channel_id_basis_and_time_limit()
    {
        var graph = Graph(
            [Node(1), Node(2, ServiceType.Shelter)],
            [Edge(17, 1, 2, [ServiceType.Shelter], basis: ChannelBasis.Law, note: "within 24 hours")]);

        var candidate = Assert.Single(graph.SuggestReceivers(1, ServiceType.Shelter));

        Assert.Equal(2, candidate.ActorId);
        Assert.Equal(17, candidate.ChannelId);
        Assert.Equal(ChannelBasis.Law, candidate.Basis);
        Assert.Equal("within 24 hours", candidate.TimeLimitNote);
    }

    // --- routing: ranking ---

    [Fact]
    public void SuggestReceivers_mandated_and_not_mandated_receivers_mandated_first()
    {
        // The not-mandated receiver has the lower id, so only the score can put the mandated one first.
        var graph = Graph(
            [Node(1), Node(2, ServiceType.Medical), Node(3, ServiceType.Shelter)],
            [Edge(10, 1, 2, [ServiceType.Shelter]), Edge(11, 1, 3, [ServiceType.Shelter])]);

        Assert.Equal([3, 2], Ids(graph.SuggestReceivers(1, ServiceType.Shelter, "North")));
    }

    [Fact]
    public void SuggestReceivers_mandated_receiver_out_of_region_and_full_still_above_not_mandated_local_with_places()
    {
        // Mandate fit weighs most: region and capacity only order receivers of equal mandate fit. (Capacity is
        // counted per mandated service, so a receiver not mandated for shelter cannot offer shelter places.)
        var graph = Graph(
            [
                Node(1),
                Node(2, [Duty([ServiceType.Medical])], regions: ["North"]),
                Node(3, [Duty([ServiceType.Shelter], capacity: 5, occupancy: 5)], regions: ["South"]),
            ],
            [Edge(10, 1, 2, [ServiceType.Shelter]), Edge(11, 1, 3, [ServiceType.Shelter])]);

        Assert.Equal([3, 2], Ids(graph.SuggestReceivers(1, ServiceType.Shelter, "North")));
    }

    [Fact]
    public void SuggestReceivers_region_given_explicit_then_nationwide_then_not_serving()
    {
        var graph = Graph(
            [
                Node(1),
                Node(2, [Duty([ServiceType.Shelter])], regions: ["South"]),
                Node(3, [Duty([ServiceType.Shelter])]),
                Node(4, [Duty([ServiceType.Shelter])], regions: ["South", "North"]),
            ],
            [Edge(10, 1, 2, [ServiceType.Shelter]), Edge(11, 1, 3, [ServiceType.Shelter]), Edge(12, 1, 4, [ServiceType.Shelter])]);

        Assert.Equal([4, 3, 2], Ids(graph.SuggestReceivers(1, ServiceType.Shelter, "North")));
        Assert.Equal([2, 4, 3], Ids(graph.SuggestReceivers(1, ServiceType.Shelter, "South")));
    }

    [Fact]
    public void SuggestReceivers_serving_region_but_full_still_above_nationwide_with_places()
    {
        // Serving the region weighs more than capacity: a full local shelter is still the right one to call first.
        var graph = Graph(
            [
                Node(1),
                Node(2, [Duty([ServiceType.Shelter], capacity: 10)]),
                Node(3, [Duty([ServiceType.Shelter], capacity: 4, occupancy: 4)], regions: ["North"]),
            ],
            [Edge(10, 1, 2, [ServiceType.Shelter]), Edge(11, 1, 3, [ServiceType.Shelter])]);

        Assert.Equal([3, 2], Ids(graph.SuggestReceivers(1, ServiceType.Shelter, "North")));
    }

    [Fact]
    public void SuggestReceivers_nationwide_but_full_still_above_not_serving_with_places()
    {
        var graph = Graph(
            [
                Node(1),
                Node(2, [Duty([ServiceType.Shelter], capacity: 10)], regions: ["South"]),
                Node(3, [Duty([ServiceType.Shelter], capacity: 4, occupancy: 4)]),
            ],
            [Edge(10, 1, 2, [ServiceType.Shelter]), Edge(11, 1, 3, [ServiceType.Shelter])]);

        Assert.Equal([3, 2], Ids(graph.SuggestReceivers(1, ServiceType.Shelter, "North")));
    }

    [Fact]
    public void SuggestReceivers_free_places_untracked_and_full_in_that_order()
    {
        var graph = Graph(
            [
                Node(1),
                Node(2, [Duty([ServiceType.Shelter], capacity: 8, occupancy: 8)], kind: ActorKind.Shelter),
                Node(3, [Duty([ServiceType.Shelter])]),
                Node(4, [Duty([ServiceType.Shelter], capacity: 8, occupancy: 5)], kind: ActorKind.Shelter),
            ],
            [Edge(10, 1, 2, [ServiceType.Shelter]), Edge(11, 1, 3, [ServiceType.Shelter]), Edge(12, 1, 4, [ServiceType.Shelter])]);

        var candidates = graph.SuggestReceivers(1, ServiceType.Shelter);

        Assert.Equal([4, 3, 2], Ids(candidates));
        Assert.Contains(new Reason(ReasonCode.NoFreeCapacity), Reasons(candidates, 2));
        Assert.Contains(new Reason(ReasonCode.FreeCapacity, "3"), Reasons(candidates, 4));
    }

    [Fact]
    public void SuggestReceivers_equal_scores_ordered_by_id_not_channel_order()
    {
        var graph = Graph(
            [Node(1), Node(5, ServiceType.Shelter), Node(3, ServiceType.Shelter), Node(4, ServiceType.Shelter), Node(2, ServiceType.Shelter)],
            [
                Edge(10, 1, 5, [ServiceType.Shelter]),
                Edge(11, 1, 3, [ServiceType.Shelter]),
                Edge(12, 1, 4, [ServiceType.Shelter]),
                Edge(13, 1, 2, [ServiceType.Shelter]),
            ]);

        var candidates = graph.SuggestReceivers(1, ServiceType.Shelter, "East");

        Assert.Equal([2, 3, 4, 5], Ids(candidates));
        Assert.Single(candidates.Select(c => c.Score).Distinct());
    }

    // --- routing: reasons ---

    [Fact]
    public void SuggestReceivers_mandated_serving_region_with_places_reasons_in_order_with_details()
    {
        var graph = Graph(
            [Node(1), Node(2, [Duty([ServiceType.Shelter], capacity: 10, occupancy: 3)], regions: ["East"])],
            [Edge(10, 1, 2, [ServiceType.Shelter], basis: ChannelBasis.Memorandum)]);

        var candidate = Assert.Single(graph.SuggestReceivers(1, ServiceType.Shelter, "East"));

        Assert.Equal(
            [
                new Reason(ReasonCode.ChannelForService, "Memorandum"),
                new Reason(ReasonCode.MandatedForService),
                new Reason(ReasonCode.ServesRegion, "East"),
                new Reason(ReasonCode.FreeCapacity, "7"),
            ],
            candidate.Reasons);
    }

    [Fact]
    public void SuggestReceivers_not_mandated_not_serving_region_and_full_reasons_in_order_with_details()
    {
        var graph = Graph(
            [Node(1), Node(2, [Duty([ServiceType.Medical, ServiceType.Shelter], capacity: 2, occupancy: 5)], regions: ["South"])],
            [Edge(10, 1, 2, [ServiceType.Shelter, ServiceType.Psychosocial], basis: ChannelBasis.Practice)]);

        var candidate = Assert.Single(graph.SuggestReceivers(1, ServiceType.Psychosocial, "North"));

        // Capacity counts only mandates covering the requested service, so Psychosocial has no capacity reason.
        Assert.Equal(
            [
                new Reason(ReasonCode.ChannelForService, "Practice"),
                new Reason(ReasonCode.NotMandatedForService),
                new Reason(ReasonCode.DoesNotServeRegion, "North"),
            ],
            candidate.Reasons);

        var shelter = Assert.Single(graph.SuggestReceivers(1, ServiceType.Shelter, "North"));
        Assert.Equal(
            [
                new Reason(ReasonCode.ChannelForService, "Practice"),
                new Reason(ReasonCode.MandatedForService),
                new Reason(ReasonCode.DoesNotServeRegion, "North"),
                new Reason(ReasonCode.NoFreeCapacity),
            ],
            shelter.Reasons);
    }

    [Fact]
    public void SuggestReceivers_nationwide_receiver_reason_has_no_detail()
    {
        var graph = Graph([Node(1), Node(2, ServiceType.Shelter)], [Edge(10, 1, 2, [ServiceType.Shelter], basis: ChannelBasis.Law)]);

        var candidate = Assert.Single(graph.SuggestReceivers(1, ServiceType.Shelter, "South"));

        Assert.Equal(
            [new Reason(ReasonCode.ChannelForService, "Law"), new Reason(ReasonCode.MandatedForService), new Reason(ReasonCode.ServesNationwide)],
            candidate.Reasons);
    }

    [Fact]
    public void SuggestReceivers_no_region_given_no_region_reason()
    {
        var graph = Graph(
            [Node(1), Node(2, [Duty([ServiceType.Shelter])], regions: ["South"]), Node(3, ServiceType.Shelter)],
            [Edge(10, 1, 2, [ServiceType.Shelter]), Edge(11, 1, 3, [ServiceType.Shelter])]);

        var candidates = graph.SuggestReceivers(1, ServiceType.Shelter);

        // Without a region, regional and nationwide receivers are equal and fall back to id order.
        Assert.Equal([2, 3], Ids(candidates));
        Assert.All(candidates, c => Assert.Equal(
            [new Reason(ReasonCode.ChannelForService, "Sop"), new Reason(ReasonCode.MandatedForService)],
            c.Reasons));
    }

    // --- capacity ---

    [Fact]
    public void FreeCapacity_several_mandates_summed_over_those_covering_service()
    {
        var actor = Node(
            2,
            [
                Duty([ServiceType.Shelter], capacity: 10, occupancy: 4),
                Duty([ServiceType.Shelter, ServiceType.Medical], capacity: 5, occupancy: 2),
                Duty([ServiceType.Medical], capacity: 7),
                Duty([ServiceType.Shelter, ServiceType.Psychosocial]),
            ]);

        Assert.Equal(9, NrmGraph.FreeCapacity(actor, ServiceType.Shelter));
        Assert.Equal(10, NrmGraph.FreeCapacity(actor, ServiceType.Medical));
        Assert.Null(NrmGraph.FreeCapacity(actor, ServiceType.Psychosocial));
        Assert.Null(NrmGraph.FreeCapacity(actor, ServiceType.LegalAid));
    }

    [Fact]
    public void FreeCapacity_overbooked_mandate_counts_as_zero_not_negative()
    {
        var actor = Node(2, [Duty([ServiceType.Shelter], capacity: 3, occupancy: 6), Duty([ServiceType.Shelter], capacity: 4, occupancy: 2)]);

        Assert.Equal(2, NrmGraph.FreeCapacity(actor, ServiceType.Shelter));
    }

    [Fact]
    public void SuggestReceivers_free_places_over_two_mandates_reason_shows_sum()
    {
        var graph = Graph(
            [Node(1), Node(2, [Duty([ServiceType.Shelter], capacity: 10, occupancy: 4), Duty([ServiceType.Shelter], capacity: 20, occupancy: 8)])],
            [Edge(10, 1, 2, [ServiceType.Shelter])]);

        var candidate = Assert.Single(graph.SuggestReceivers(1, ServiceType.Shelter));

        Assert.Equal(new Reason(ReasonCode.FreeCapacity, "18"), candidate.Reasons[^1]);
    }

    // --- coverage ---

    [Fact]
    public void ComputeCoverage_matrix_is_regions_times_services_region_major()
    {
        var coverage = Graph([Node(1)], []).ComputeCoverage();
        var services = Enum.GetValues<ServiceType>();

        Assert.Equal(Regions, coverage.Regions);
        Assert.Equal(services, coverage.Services);
        Assert.Equal(
            Regions.SelectMany(r => services.Select(s => (r, s))),
            coverage.Cells.Select(c => (c.Region, c.Service)));
    }

    [Fact]
    public void ComputeCoverage_nationwide_provider_fills_its_services_in_every_region_only()
    {
        var coverage = Graph([Node(1, ServiceType.Shelter, ServiceType.Medical)], []).ComputeCoverage();

        var filled = coverage.Cells.Where(c => !c.IsGap).Select(c => (c.Region, c.Service)).ToArray();
        Assert.Equal(
            [
                ("North", ServiceType.Shelter), ("North", ServiceType.Medical),
                ("South", ServiceType.Shelter), ("South", ServiceType.Medical),
                ("East", ServiceType.Shelter), ("East", ServiceType.Medical),
            ],
            filled);
        Assert.All(coverage.Cells.Where(c => !c.IsGap), c => Assert.Equal([1], c.ProviderIds));
    }

    [Fact]
    public void ComputeCoverage_regional_provider_fills_only_its_regions()
    {
        // "West" is not in the profile: it must neither crash nor create a cell.
        var coverage = Graph([Node(1, [Duty([ServiceType.LegalAid])], regions: ["South", "West", "East"])], []).ComputeCoverage();

        Assert.Equal(
            [("South", ServiceType.LegalAid), ("East", ServiceType.LegalAid)],
            coverage.Cells.Where(c => !c.IsGap).Select(c => (c.Region, c.Service)));
        Assert.True(coverage.Cell("North", ServiceType.LegalAid).IsGap);
    }

    [Fact]
    public void ComputeCoverage_several_providers_listed_by_id_inactive_ones_provide_nothing()
    {
        var coverage = Graph(
            [
                Node(7, ServiceType.Shelter),
                Node(3, [Duty([ServiceType.Shelter])], regions: ["North"]),
                Node(5, [Duty([ServiceType.Shelter, ServiceType.Medical])], active: false),
                Node(4, [Duty([ServiceType.Hotline])], regions: ["East"], active: false),
            ],
            []).ComputeCoverage();

        Assert.Equal([3, 7], coverage.Cell("North", ServiceType.Shelter).ProviderIds);
        Assert.Equal([7], coverage.Cell("South", ServiceType.Shelter).ProviderIds);
        Assert.True(coverage.Cell("North", ServiceType.Medical).IsGap);
        Assert.True(coverage.Cell("East", ServiceType.Hotline).IsGap);
        Assert.DoesNotContain(coverage.Cells, c => c.ProviderIds.Contains(5) || c.ProviderIds.Contains(4));
    }

    [Fact]
    public void ComputeCoverage_gaps_are_exactly_the_empty_cells()
    {
        var coverage = Graph(
            [
                Node(1, ServiceType.Identification),
                Node(2, [Duty([ServiceType.Shelter])], regions: ["North"]),
                Node(3, [Duty([ServiceType.Medical])], regions: ["South"], active: false),
            ],
            []).ComputeCoverage();

        var covered = new HashSet<(string, ServiceType)>(Regions.Select(r => (r, ServiceType.Identification))) { ("North", ServiceType.Shelter) };
        var expectedGaps = Regions
            .SelectMany(r => Enum.GetValues<ServiceType>().Select(s => (r, s)))
            .Where(cell => !covered.Contains(cell))
            .ToArray();

        Assert.Equal(expectedGaps, coverage.Gaps.Select(c => (c.Region, c.Service)));
        Assert.All(coverage.Gaps, c => Assert.Empty(c.ProviderIds));
        Assert.Equal((Regions.Length * Enum.GetValues<ServiceType>().Length) - 4, coverage.Gaps.Count());
    }

    [Fact]
    public void Cell_region_and_service_returns_that_cell()
    {
        var coverage = Graph(
            [Node(1, [Duty([ServiceType.Hotline])], regions: ["East"]), Node(2, [Duty([ServiceType.Identification])], regions: ["North"])],
            []).ComputeCoverage();

        var east = coverage.Cell("East", ServiceType.Hotline);
        var north = coverage.Cell("North", ServiceType.Identification);
        var south = coverage.Cell("South", ServiceType.Documentation);

        Assert.Equal(("East", ServiceType.Hotline), (east.Region, east.Service));
        Assert.Equal([1], east.ProviderIds);
        Assert.Equal(("North", ServiceType.Identification), (north.Region, north.Service));
        Assert.Equal([2], north.ProviderIds);
        Assert.Equal(("South", ServiceType.Documentation), (south.Region, south.Service));
        Assert.True(south.IsGap);
    }

    [Fact]
    public void ComputeCoverage_isolated_actors_are_active_ones_without_active_channel_in_or_out()
    {
        var coverage = Graph(
            [
                Node(1), Node(2, ServiceType.Shelter), Node(3, ServiceType.Medical),
                Node(4, ServiceType.Shelter), Node(5, ServiceType.Shelter), Node(6, [], active: false),
                Node(7), Node(8, ServiceType.Medical),
            ],
            [
                Edge(10, 1, 2, [ServiceType.Shelter]),
                Edge(11, 3, 1, [ServiceType.Medical]),
                Edge(12, 1, 4, [ServiceType.Shelter], active: false),
                Edge(13, 5, 99, [ServiceType.Shelter]),
                Edge(14, 8, 7, [ServiceType.Medical]),
            ]).ComputeCoverage();

        // 4 has only an inactive channel, 5 only one to an unknown actor; 6 is inactive and so not a gap to report.
        Assert.Equal([4, 5], coverage.IsolatedActorIds);
    }

    [Fact]
    public void ComputeCoverage_cycle_no_isolated_actors_and_every_mandate_reached()
    {
        var coverage = Graph(
            [Node(1, ServiceType.Shelter), Node(2, ServiceType.Shelter), Node(3, ServiceType.Shelter)],
            [Edge(10, 1, 2, [ServiceType.Shelter]), Edge(11, 2, 3, [ServiceType.Shelter]), Edge(12, 3, 1, [ServiceType.Shelter])])
            .ComputeCoverage();

        Assert.Empty(coverage.IsolatedActorIds);
        Assert.Empty(coverage.UnreachedMandates);
    }

    [Fact]
    public void ComputeCoverage_unreached_mandates_those_without_inbound_active_channel_for_service()
    {
        var coverage = Graph(
            [
                Node(1, ServiceType.Identification),
                Node(2, [Duty([ServiceType.Shelter, ServiceType.Medical]), Duty([ServiceType.LegalAid])]),
                Node(3, ServiceType.Psychosocial),
                Node(4, [Duty([ServiceType.Hotline])], active: false),
                Node(5, ServiceType.Counselling),
            ],
            [
                Edge(10, 1, 2, [ServiceType.Shelter]),
                Edge(11, 1, 2, [ServiceType.LegalAid], active: false),
                Edge(12, 2, 3, [ServiceType.Psychosocial, ServiceType.Medical]),
                Edge(13, 98, 5, [ServiceType.Counselling]),
            ]).ComputeCoverage();

        // 2's Medical arrives only at 3; 2's legal aid channel is inactive; 5's only inbound sender is unknown;
        // 1 has no inbound channel at all; inactive 4 is not reported.
        Assert.Equal(
            [
                new UnreachedMandate(1, ServiceType.Identification),
                new UnreachedMandate(2, ServiceType.Medical),
                new UnreachedMandate(2, ServiceType.LegalAid),
                new UnreachedMandate(5, ServiceType.Counselling),
            ],
            coverage.UnreachedMandates);
    }

    [Fact]
    public void From_entities_maps_actors_mandates_and_channels()
    {
        var shelter = new Actor
        {
            Id = 2,
            Code = "SH",
            ShortName = "SH",
            NameEn = "Shelter",
            Kind = ActorKind.Shelter,
            RegionsServed = ["South"],
            Mandates = [Duty([ServiceType.Shelter], capacity: 6, occupancy: 1)],
        };
        var police = new Actor { Id = 1, Code = "PO", ShortName = "PO", NameEn = "Police", Kind = ActorKind.LawEnforcement };
        var channel = new ReferralChannel { Id = 30, FromActorId = 1, ToActorId = 2, Services = [ServiceType.Shelter], Basis = ChannelBasis.Law, TimeLimitNote = "24h" };

        var graph = NrmGraph.From([police, shelter], [channel], Regions);

        var candidate = Assert.Single(graph.SuggestReceivers(1, ServiceType.Shelter, "South"));
        Assert.Equal((2, 30, ChannelBasis.Law, "24h"), (candidate.ActorId, candidate.ChannelId, candidate.Basis, candidate.TimeLimitNote));
        Assert.Contains(new Reason(ReasonCode.FreeCapacity, "5"), candidate.Reasons);
        Assert.Equal("SH", graph.Actor(2)?.Code);
        Assert.Null(graph.Actor(3));
    }
}
