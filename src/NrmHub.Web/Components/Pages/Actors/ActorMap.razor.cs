using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.JSInterop;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;

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

    private string pillar = "";
    private string service = "";
    private string kind = "";
    private string region = "";
    private string highlight = "";

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
    }

    [JSInvokable]
    public async Task SelectActor(int actorId)
    {
        selected = actorsById.GetValueOrDefault(actorId);
        if (module is not null && selected is not null)
        {
            await module.InvokeVoidAsync("choose", NodeId(selected.Id));
        }

        StateHasChanged();
    }

    private async Task ChooseFromListAsync(ChangeEventArgs e)
    {
        if (int.TryParse(e.Value?.ToString(), out var id))
        {
            await SelectActor(id);
        }
    }

    private void CloseCard() => selected = null;

    private void Filter()
    {
        var filter = new MapFilter(
            Enum.TryParse<Pillar>(pillar, out var p) ? p : null,
            Enum.TryParse<ServiceType>(service, out var s) ? s : null,
            Enum.TryParse<ActorKind>(kind, out var k) ? k : null,
            string.IsNullOrEmpty(region) ? null : region);
        (shownActors, shownChannels) = filter.Apply(allActors, allChannels);
    }

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
            await module.InvokeVoidAsync("highlight", highlight);
        }
    }

    private static string NodeId(int actorId) => $"a{actorId}";

    private object[] Elements() =>
    [
        .. shownActors.Select(a => new { group = "nodes", data = new { id = NodeId(a.Id), actorId = a.Id, label = a.ShortName, kind = a.Kind.ToString() }, classes = a.IsActive ? "" : "inactive" }),
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
