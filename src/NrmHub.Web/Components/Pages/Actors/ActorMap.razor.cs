using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.JSInterop;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.Actors;

public sealed partial class ActorMap
{
    private ElementReference container;
    private IJSObjectReference? module;
    private DotNetObjectReference<ActorMap>? self;

    private List<Actor> allActors = [];
    private List<ReferralChannel> allChannels = [];
    private Dictionary<int, Actor> actorsById = [];
    private List<Actor> shownActors = [];
    private List<ReferralChannel> shownChannels = [];
    private NrmGraph? graph;
    private Actor? selected;
    private bool cardWasOpen;

    private Pillar? pillar;
    private ServiceType? service;
    private ActorKind? kind;
    private string? region;
    private ServiceType? highlight;

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    [Inject]
    public required ActorGraph Graph { get; init; }

    [Inject]
    public required CountryProfile Profile { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    protected override async Task OnInitializedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        allActors = await db.Actors.AsNoTracking().Include(a => a.Mandates).OrderBy(a => a.Id).ToListAsync();
        allChannels = await db.Channels.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        actorsById = allActors.ToDictionary(a => a.Id);
        graph = await Graph.GetAsync();
        Filter();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            self = DotNetObjectReference.Create(this);
            module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/actor-map.js");
            await module.InvokeVoidAsync("render", container, Elements(), self);
        }

        // The card takes width beside the map (or height below it on a phone): the drawing is fitted again to its new box.
        var cardOpen = selected is not null;
        if (module is not null && cardOpen != cardWasOpen)
        {
            cardWasOpen = cardOpen;
            await module.InvokeVoidAsync("refit");
        }
    }

    [JSInvokable]
    public async Task SelectActor(int actorId)
    {
        selected = actorsById.GetValueOrDefault(actorId);
        if (module is not null && selected is not null)
        {
            await module.InvokeVoidAsync("choose", NodeId(selected.Id), cardWasOpen);
        }

        StateHasChanged();
    }

    private async Task ChooseFromListAsync(int? id)
    {
        if (id is { } actorId)
        {
            await SelectActor(actorId);
        }
        else
        {
            CloseCard();
        }
    }

    private void CloseCard() => selected = null;

    private string RegionName(string key) => Profile.RegionName(key, Cultures.Current);

    private void Filter() => (shownActors, shownChannels) = new MapFilter(pillar, service, kind, region).Apply(allActors, allChannels);

    private async Task ApplyAsync()
    {
        Filter();
        if (module is not null)
        {
            // Cast: a bare object[] would be spread into the params argument list.
            await module.InvokeVoidAsync("update", (object)Elements());
            await HighlightAsync();
        }
    }

    private async Task HighlightAsync()
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("highlight", highlight?.ToString() ?? "");
        }
    }

    private static string NodeId(int actorId) => $"a{actorId}";

    private object[] Elements() =>
    [
        .. shownActors.Select(a => new
        {
            group = "nodes",
            data = new { id = NodeId(a.Id), actorId = a.Id, label = a.ShortNameIn(Cultures.Current), code = a.ShortName, kind = a.Kind.ToString(), colour = MapLegend.Colour(a.Kind) },
            classes = a.IsActive ? "" : "inactive",
        }),
        .. shownChannels.Select(c => new { group = "edges", data = new { id = $"c{c.Id}", source = NodeId(c.FromActorId), target = NodeId(c.ToActorId), services = string.Join(' ', c.Services) } }),
    ];

    public async ValueTask DisposeAsync()
    {
        if (module is not null)
        {
            try
            {
                await module.InvokeVoidAsync("dispose");
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is already gone; the browser cleaned up with it.
            }
        }

        self?.Dispose();
    }
}
