using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Web.Components.Account;
using Microsoft.Extensions.Localization;
using NrmHub.Web.Resources;

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
    private DateTime? dateOfBirth;
    private string? onwardCase;
    private readonly Dictionary<Field, string> errors = [];

    /// <summary>The inputs a message can be attached to; the service's error codes map onto them.</summary>
    public enum Field
    {
        FullName,
        DateOfBirth,
        Nationality,
        Languages,
        Contact,
        Region,
        Services,
        Receiver,
        Consent,
        OverrideReason,
        Reason,
    }

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

    [Inject]
    public required IStringLocalizer<UiText> Text { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

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
        if (Onward is { } parent && caller is not null)
        {
            onwardCase = await Referrals.CaseCodeForAsync(caller, parent);
        }
    }

    private string Title => Onward is null ? Text["Nav.NewReferral"] : Text["Referral.ReferOnward"];

    // The same day the service checks a date of birth against (UTC), so the form and the service never disagree.
    private DateTime Today => Clock.GetUtcNow().UtcDateTime.Date;

    private static Dictionary<string, object?> Attrs(string testId, string? autocomplete = null) =>
        autocomplete is null ? new() { ["data-testid"] = testId } : new() { ["data-testid"] = testId, ["autocomplete"] = autocomplete };

    private bool Has(Field field) => errors.ContainsKey(field);

    private string? Err(Field field) => errors.GetValueOrDefault(field);

    private void Clear(Field field) => errors.Remove(field);

    private string RegionName(string key) => Profile.RegionName(key, NrmHub.Web.Localization.Cultures.Current);

    private void ChooseReceiver(int actorId)
    {
        receiverId = actorId;
        Clear(Field.Receiver);
    }

    /// <summary>
    /// The checks the service makes too, made here first so each message sits at its field. Lengths are checked,
    /// not cut: a pasted note is never shortened behind the user's back.
    /// </summary>
    public IReadOnlyDictionary<Field, string> Validate()
    {
        errors.Clear();
        if (Onward is null)
        {
            TooLong(Field.FullName, person.FullName, 200);
            TooLong(Field.Nationality, person.Nationality, 100);
            TooLong(Field.Languages, person.Languages, 200);
            TooLong(Field.Contact, person.Contact, 200);
            if (dateOfBirth is { } born && born.Date > Today)
            {
                errors[Field.DateOfBirth] = Text["Error.Person.DateOfBirth"];
            }
            else if (dateOfBirth is { Year: < ReferralService.EarliestBirthYear })
            {
                errors[Field.DateOfBirth] = string.Format(Text["Error.Person.DateOfBirthTooEarly"], ReferralService.EarliestBirthYear);
            }
        }

        if (services.Count == 0)
        {
            errors[Field.Services] = Text["Error.Referral.NoServices"];
        }
        else if (receiverId is null)
        {
            errors[Field.Receiver] = Text["Referral.ChooseReceiver"];
        }

        if (consent == Consent.None)
        {
            errors[Field.Consent] = Text["Error.Referral.NoConsent"];
        }
        else if (consent == Consent.Override && string.IsNullOrWhiteSpace(overrideReason))
        {
            errors[Field.OverrideReason] = Text["Referral.OverrideReasonRequired"];
        }

        TooLong(Field.OverrideReason, overrideReason, 500);
        TooLong(Field.Reason, reason, 1000);
        return errors;
    }

    private void TooLong(Field field, string? value, int max)
    {
        if ((value?.Trim().Length ?? 0) > max)
        {
            errors[field] = string.Format(Text["Error.TooLong"], max, value!.Trim().Length);
        }
    }

    /// <summary>Where a refusal from the service belongs on the form; null means above the form.</summary>
    private static Field? FieldFor(string? code) => code switch
    {
        "Person.DateOfBirth" or "Person.DateOfBirthTooEarly" => Field.DateOfBirth,
        "Person.Region" => Field.Region,
        "Referral.NoServices" => Field.Services,
        "Referral.ReceiverNotOffered" => Field.Receiver,
        "Referral.NoConsent" => Field.Consent,
        _ => null,
    };

    private void ToggleService(ServiceType service, bool on)
    {
        Toggle(services, service, on);
        Clear(Field.Services);
        Suggest();
    }

    private static void Toggle<T>(List<T> list, T value, bool on)
    {
        list.Remove(value);
        if (on)
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
            ? string.Format(Text[$"Reason.{r.Code}"], Text[$"Basis.{r.Detail}"])
            : string.Format(Text[$"Reason.{r.Code}"], r.Detail);

    private async Task SubmitAsync()
    {
        if (caller is null || busy)
        {
            return;
        }

        error = null;
        if (Validate().Count > 0)
        {
            error = Text["Referral.FixFields"];
            return;
        }

        busy = true;
        try
        {
            person.DateOfBirth = dateOfBirth is { } born ? DateOnly.FromDateTime(born) : null;
            var input = new NrmHub.Core.Referrals.NewReferral(receiverId!.Value, services.ToList(), urgency, reason?.Trim(), consent, overrideReason?.Trim());
            var result = Onward is { } parent
                ? await Referrals.ReferOnwardAsync(caller, parent, input)
                : await Referrals.CreateAsync(caller, person.ToInput(), input);
            if (result.Succeeded)
            {
                Navigation.NavigateTo($"cases/{result.CaseCode}");
                return;
            }

            var localized = Text[$"Error.{result.ErrorCode}"];
            var text = localized.ResourceNotFound ? result.Error ?? "" : localized.Value;
            if (FieldFor(result.ErrorCode) is { } field)
            {
                errors[field] = text;
                error = Text["Referral.FixFields"];
            }
            else
            {
                error = text;
            }
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
