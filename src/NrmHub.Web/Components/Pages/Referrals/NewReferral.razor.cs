using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Web.Components.Account;

namespace NrmHub.Web.Components.Pages.Referrals;

public sealed partial class NewReferral
{
    private readonly PersonForm person = new();
    private readonly List<ServiceType> services = [];
    private List<ServiceType> offeredServices = [];
    private List<Candidate> candidates = [];
    private int? receiverId;
    private Urgency urgency = Urgency.Routine;
    private Consent consent = Consent.None;
    private string? overrideReason;
    private string? reason;
    private string? error;
    private bool busy;
    private Caller? caller;
    private NrmGraph? graph;

    [Inject]
    public required ReferralService Referrals { get; init; }

    [Inject]
    public required ActorGraph Graph { get; init; }

    [Inject]
    public required CountryProfile Profile { get; init; }

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>The referral this one continues (a receiver referring onward); the person is already known.</summary>
    [SupplyParameterFromQuery]
    public int? Onward { get; set; }

    private Dictionary<int, Actor> Names { get; set; } = [];

    protected override async Task OnInitializedAsync()
    {
        caller = (await AuthState).User.ToCaller();
        graph = await Graph.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync();
        Names = await db.Actors.AsNoTracking().ToDictionaryAsync(a => a.Id);
        offeredServices = caller is null
            ? []
            : graph.Channels.Where(c => c.From == caller.ActorId && c.IsActive).SelectMany(c => c.Services).Distinct().Order().ToList();
    }

    private void ToggleService(ServiceType service, ChangeEventArgs e)
    {
        Toggle(services, service, e);
        Suggest();
    }

    private static void Toggle<T>(List<T> list, T value, ChangeEventArgs e)
    {
        list.Remove(value);
        if (e.Value is true)
        {
            list.Add(value);
        }
    }

    /// <summary>Receivers offered for every chosen service, ranked by the first service's reasons.</summary>
    private void Suggest()
    {
        candidates = [];
        if (graph is null || caller is null || services.Count == 0)
        {
            return;
        }

        var region = string.IsNullOrEmpty(person.Region) ? null : person.Region;
        var perService = services.Select(s => graph.SuggestReceivers(caller.ActorId, s, region)).ToList();
        var common = perService.Skip(1).Aggregate(perService[0].Select(c => c.ActorId).ToHashSet(), (set, list) =>
        {
            set.IntersectWith(list.Select(c => c.ActorId));
            return set;
        });
        candidates = perService[0].Where(c => common.Contains(c.ActorId)).ToList();
        if (receiverId is { } id && !common.Contains(id))
        {
            receiverId = null;
        }
    }

    private string Explain(Reason r) =>
        r.Code == ReasonCode.ChannelForService
            ? string.Format(L[$"Reason.{r.Code}"], L[$"Basis.{r.Detail}"])
            : string.Format(L[$"Reason.{r.Code}"], r.Detail);

    private async Task SubmitAsync()
    {
        if (caller is null || busy)
        {
            return;
        }

        error = null;
        if (receiverId is null)
        {
            error = services.Count == 0 ? L["Error.Referral.NoServices"] : L["Referral.Receiver"];
            return;
        }

        busy = true;
        try
        {
            var input = new NrmHub.Core.Referrals.NewReferral(receiverId.Value, services.ToList(), urgency, reason, consent, overrideReason);
            var result = Onward is { } parent
                ? await Referrals.ReferOnwardAsync(caller, parent, input)
                : await Referrals.CreateAsync(caller, person.ToInput(), input);
            if (result.Succeeded)
            {
                Navigation.NavigateTo($"cases/{result.CaseCode}");
                return;
            }

            var localized = L[$"Error.{result.ErrorCode}"];
            error = localized.ResourceNotFound ? result.Error : localized.Value;
        }
        finally
        {
            busy = false;
        }
    }

    private sealed class PersonForm
    {
        public string? FullName { get; set; }
        public DateOnly? DateOfBirth { get; set; }
        public AgeGroup AgeGroup { get; set; } = AgeGroup.Unknown;
        public Sex Sex { get; set; } = Sex.Unknown;
        public string? Nationality { get; set; }
        public string? Languages { get; set; }
        public string? Contact { get; set; }
        public List<Vulnerability> Vulnerabilities { get; } = [];
        public ExploitationForm ExploitationForm { get; set; }
        public string? Region { get; set; }

        public PersonInput ToInput() => new(
            Blank(FullName), DateOfBirth, AgeGroup, Sex, Blank(Nationality), Blank(Languages), Blank(Contact),
            Vulnerabilities.ToList(), ExploitationForm, Blank(Region));

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }
}
