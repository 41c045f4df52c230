namespace NrmHub.Core.Actors;

/// <summary>What the actor map shows: every criterion left empty matches everything.</summary>
public sealed record MapFilter(Pillar? Pillar = null, ServiceType? Service = null, ActorKind? Kind = null, string? Region = null)
{
    public bool Shows(Actor actor, IReadOnlySet<int> sendersOfService) =>
        (Kind is null || actor.Kind == Kind)
        && (Region is null || actor.Serves(Region))
        && (Pillar is null || actor.Mandates.Any(m => m.Pillar == Pillar))
        && (Service is null || actor.Mandates.Any(m => m.Services.Contains(Service.Value)) || sendersOfService.Contains(actor.Id));

    public bool Shows(ReferralChannel channel, IReadOnlySet<int> visibleActors) =>
        visibleActors.Contains(channel.FromActorId)
        && visibleActors.Contains(channel.ToActorId)
        && (Service is null || channel.Services.Contains(Service.Value));

    public (List<Actor> Actors, List<ReferralChannel> Channels) Apply(IReadOnlyList<Actor> actors, IReadOnlyList<ReferralChannel> channels)
    {
        var senders = Service is null
            ? new HashSet<int>()
            : channels.Where(c => c.IsActive && c.Services.Contains(Service.Value)).Select(c => c.FromActorId).ToHashSet();
        var shownActors = actors.Where(a => Shows(a, senders)).ToList();
        var ids = shownActors.Select(a => a.Id).ToHashSet();
        return (shownActors, channels.Where(c => c.IsActive && Shows(c, ids)).ToList());
    }
}
