using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Web.Components.Account;
using Microsoft.Extensions.Localization;
using NrmHub.Web.Localization;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Components.Pages.Referrals;

public sealed partial class NewReferral
{
    private List<ServiceType> offeredServices = [];
    private List<Candidate> candidates = [];
    private string? error;
    private bool busy;
    private bool sent;
    private Caller? caller;
    private NrmGraph? graph;
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

    /// <summary>
    /// Everything typed so far. Persistent circuit state keeps it when the server evicts a page whose connection was
    /// gone too long: the browser resumes a new circuit with the same draft (held in server memory, never in the
    /// browser's storage, because it holds a victim's personal data).
    /// </summary>
    [PersistentState]
    public ReferralDraft? Draft { get; set; }

    private ReferralDraft D => Draft ??= new();

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

        // A resumed draft brings its services and receiver; the suggestions behind them are worked out again.
        D.Services.RemoveAll(s => !offeredServices.Contains(s));
        Suggest();
    }

    private string Title => Onward is null ? Text["Nav.NewReferral"] : Text["Referral.ReferOnward"];

    // The same day the service checks a date of birth against (UTC), so the form and the service never disagree.
    private DateTime Today => Clock.GetUtcNow().UtcDateTime.Date;

    private static Dictionary<string, object?> Attrs(string testId, string? autocomplete = null) =>
        autocomplete is null ? new() { ["data-testid"] = testId } : new() { ["data-testid"] = testId, ["autocomplete"] = autocomplete };

    // yyyy-mm-dd: a typed date is never longer.
    private static readonly Dictionary<string, object?> DateAttrs = new() { ["data-testid"] = "p-dob", ["maxlength"] = 10 };

    private bool Has(Field field) => errors.ContainsKey(field);

    private string? Err(Field field) => errors.GetValueOrDefault(field);

    private void Clear(Field field) => errors.Remove(field);

    private string RegionName(string key) => Profile.RegionName(key, NrmHub.Web.Localization.Cultures.Current);

    private void ChooseReceiver(int actorId)
    {
        D.ReceiverId = actorId;
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
            TooLong(Field.FullName, D.FullName, ReferralLimits.FullName);
            TooLong(Field.Nationality, D.Nationality, ReferralLimits.Nationality);
            TooLong(Field.Languages, D.Languages, ReferralLimits.Languages);
            TooLong(Field.Contact, D.Contact, ReferralLimits.Contact);
            if (D.DateOfBirth is { } born && born.Date > Today)
            {
                errors[Field.DateOfBirth] = Text["Error.Person.DateOfBirth"];
            }
            else if (D.DateOfBirth is { Year: < ReferralService.EarliestBirthYear })
            {
                errors[Field.DateOfBirth] = string.Format(Text["Error.Person.DateOfBirthTooEarly"], ReferralService.EarliestBirthYear);
            }
        }

        if (D.Services.Count == 0)
        {
            errors[Field.Services] = Text["Error.Referral.NoServices"];
        }
        else if (D.ReceiverId is null)
        {
            errors[Field.Receiver] = Text["Referral.ChooseReceiver"];
        }

        if (D.Consent == Consent.None)
        {
            errors[Field.Consent] = Text["Error.Referral.NoConsent"];
        }
        else if (D.Consent == Consent.Override && TextRules.IsBlank(D.OverrideReason))
        {
            // Zero-width spaces pasted from a chat are not a reason, however long.
            errors[Field.OverrideReason] = Text["Referral.OverrideReasonRequired"];
        }

        TooLong(Field.OverrideReason, D.OverrideReason, ReferralLimits.ConsentOverrideReason);
        TooLong(Field.Reason, D.Reason, ReferralLimits.Reason);
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
    private static Field? FieldFor(OperationResult result) => (result.ErrorCode, result.Field) switch
    {
        (_, ReferralLimits.Fields.FullName) => Field.FullName,
        (_, ReferralLimits.Fields.Nationality) => Field.Nationality,
        (_, ReferralLimits.Fields.Languages) => Field.Languages,
        (_, ReferralLimits.Fields.Contact) => Field.Contact,
        (_, ReferralLimits.Fields.Reason) => Field.Reason,
        (_, ReferralLimits.Fields.ConsentOverrideReason) => Field.OverrideReason,
        ("Person.DateOfBirth" or "Person.DateOfBirthTooEarly", _) => Field.DateOfBirth,
        ("Person.Region", _) => Field.Region,
        ("Referral.NoServices", _) => Field.Services,
        ("Referral.ReceiverNotOffered", _) => Field.Receiver,
        ("Referral.NoConsent", _) => Field.Consent,
        ("Referral.OverrideNeedsReason", _) => Field.OverrideReason,
        _ => null,
    };

    private void ToggleService(ServiceType service, bool on)
    {
        Toggle(D.Services, service, on);
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
        if (graph is null || caller is null || D.Services.Count == 0)
        {
            return;
        }

        var region = string.IsNullOrEmpty(D.Region) ? null : D.Region;
        var perService = D.Services.Select(s => graph.SuggestReceivers(caller.ActorId, s, region)).ToList();
        var common = perService.Skip(1).Aggregate(perService[0].Select(c => c.ActorId).ToHashSet(), (set, list) =>
        {
            set.IntersectWith(list.Select(c => c.ActorId));
            return set;
        });
        candidates = perService[0].Where(c => common.Contains(c.ActorId)).ToList();
        if (D.ReceiverId is { } id && !common.Contains(id))
        {
            D.ReceiverId = null;
        }
    }

    private string Explain(Reason r) =>
        r.Code == ReasonCode.ChannelForService
            ? string.Format(Text[$"Reason.{r.Code}"], Text[$"Basis.{r.Detail}"])
            : string.Format(Text[$"Reason.{r.Code}"], r.Detail);

    private async Task SubmitAsync()
    {
        // A second click or Enter can arrive after the first save has finished but before the browser has moved to
        // the case page: the form stays locked once it has sent, so it never sends the same person twice.
        if (caller is null || busy || sent)
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
            var input = new NrmHub.Core.Referrals.NewReferral(D.ReceiverId!.Value, D.Services.ToList(), D.Urgency, D.Reason, D.Consent, D.OverrideReason);
            var result = Onward is { } parent
                ? await Referrals.ReferOnwardAsync(caller, parent, input)
                : await Referrals.CreateAsync(caller, D.ToPerson(), input);
            if (result.Succeeded)
            {
                sent = true;
                Navigation.NavigateTo($"cases/{result.CaseCode}");
                return;
            }

            var text = RefusalText.Of(Text, result);
            if (FieldFor(result) is { } field)
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
            busy = sent;
        }
    }

}

/// <summary>A referral form as typed: plain values only, because persistent circuit state stores it as JSON.</summary>
public sealed class ReferralDraft
{
    public string? FullName { get; set; }
    public DateTime? DateOfBirth { get; set; }
    public AgeGroup AgeGroup { get; set; } = AgeGroup.Unknown;
    public Sex Sex { get; set; } = Sex.Unknown;
    public string? Nationality { get; set; }
    public string? Languages { get; set; }
    public string? Contact { get; set; }
    public List<Vulnerability> Vulnerabilities { get; set; } = [];
    public ExploitationForm ExploitationForm { get; set; }
    public string? Region { get; set; }
    public List<ServiceType> Services { get; set; } = [];
    public int? ReceiverId { get; set; }
    public Urgency Urgency { get; set; } = Urgency.Routine;
    public Consent Consent { get; set; } = Consent.None;
    public string? OverrideReason { get; set; }
    public string? Reason { get; set; }

    public PersonInput ToPerson() => new(
        FullName, DateOfBirth is { } born ? DateOnly.FromDateTime(born) : null, AgeGroup, Sex, Nationality, Languages, Contact,
        Vulnerabilities.ToList(), ExploitationForm, string.IsNullOrEmpty(Region) ? null : Region);
}
