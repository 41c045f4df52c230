using NrmHub.Core.Actors;

namespace NrmHub.Core.Referrals;

/// <summary>A rule of the referral process was broken; <see cref="Code"/> is stable so the UI can translate it.</summary>
public sealed class ReferralRuleException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// One referral of a case from one actor to another for named services. The state machine lives here:
/// draft → sent → acknowledged → accepted | declined → in progress → done; the sender may revoke until acceptance.
/// </summary>
public class Referral
{
    public int Id { get; set; }
    public int CaseId { get; set; }
    public Case? Case { get; set; }
    public int FromActorId { get; set; }
    public int ToActorId { get; set; }

    /// <summary>The referral this one continues, when a receiver refers onward: the case's chain.</summary>
    public int? ParentReferralId { get; set; }

    public List<ServiceType> Services { get; set; } = [];
    public Urgency Urgency { get; set; }

    /// <summary>Why the person is referred; referral detail, shown only to the parties.</summary>
    public string? ReasonText { get; set; }

    public Consent Consent { get; set; }
    public string? ConsentOverrideReason { get; set; }
    public ReferralState State { get; private set; } = ReferralState.Draft;
    public DeclineReason? DeclineReason { get; private set; }
    public string? DeclineNote { get; private set; }
    public Outcome? Outcome { get; private set; }
    public UnsuccessfulReason? UnsuccessfulReason { get; private set; }
    public List<ServiceType> ServicesDelivered { get; private set; } = [];
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? SentAtUtc { get; private set; }
    public DateTime? AcknowledgedAtUtc { get; private set; }
    public DateTime? AcceptedAtUtc { get; private set; }
    public DateTime? DeclinedAtUtc { get; private set; }
    public DateTime? StartedAtUtc { get; private set; }
    public DateTime? DoneAtUtc { get; private set; }
    public DateTime? RevokedAtUtc { get; private set; }

    /// <summary>Concurrency token: two staff accepting at once, exactly one save succeeds.</summary>
    public int Version { get; private set; }

    public DateTime LastChangeUtc => new[] { RevokedAtUtc, DoneAtUtc, StartedAtUtc, DeclinedAtUtc, AcceptedAtUtc, AcknowledgedAtUtc, SentAtUtc }
        .Max() ?? CreatedAtUtc;

    public bool IsOpen => State is not (ReferralState.Declined or ReferralState.Done or ReferralState.Revoked);

    /// <summary>Consent is the gate: without it or an override with a reason, nothing is sent.</summary>
    public void Send(DateTime at)
    {
        Require(ReferralState.Draft, "send");
        if (Services.Count == 0)
        {
            throw new ReferralRuleException("Referral.NoServices", "Name at least one service.");
        }

        switch (Consent)
        {
            case Consent.Given:
                break;
            case Consent.Override when !TextRules.IsBlank(ConsentOverrideReason):
                break;
            case Consent.Override:
                throw new ReferralRuleException("Referral.OverrideNeedsReason", "An override of consent needs a reason.");
            default:
                throw new ReferralRuleException("Referral.NoConsent", "The person's consent is not recorded, and there is no override with a reason.");
        }

        Move(ReferralState.Sent);
        SentAtUtc = at;
    }

    public void Acknowledge(DateTime at)
    {
        Require(ReferralState.Sent, "acknowledge");
        Move(ReferralState.Acknowledged);
        AcknowledgedAtUtc = at;
    }

    /// <summary>A receiver may accept straight from "sent"; acknowledging first is a courtesy, not a gate.</summary>
    public void Accept(DateTime at)
    {
        Require([ReferralState.Sent, ReferralState.Acknowledged], "accept");
        AcknowledgedAtUtc ??= at;
        Move(ReferralState.Accepted);
        AcceptedAtUtc = at;
    }

    public void Decline(DeclineReason reason, string? note, DateTime at)
    {
        Require([ReferralState.Sent, ReferralState.Acknowledged], "decline");
        if (reason == Referrals.DeclineReason.Other && TextRules.IsBlank(note))
        {
            throw new ReferralRuleException("Referral.DeclineNeedsNote", "Say why in a note when the reason is 'other'.");
        }

        Move(ReferralState.Declined);
        DeclineReason = reason;
        DeclineNote = TextRules.IsBlank(note) ? null : note!.Trim();
        DeclinedAtUtc = at;
    }

    public void Start(DateTime at)
    {
        Require(ReferralState.Accepted, "start");
        Move(ReferralState.InProgress);
        StartedAtUtc = at;
    }

    public void Complete(Outcome outcome, UnsuccessfulReason? reason, IEnumerable<ServiceType> delivered, DateTime at)
    {
        Require([ReferralState.Accepted, ReferralState.InProgress], "complete");
        var deliveredList = delivered.Distinct().ToList();
        if (outcome == Referrals.Outcome.NotSuccessful && reason is null)
        {
            throw new ReferralRuleException("Referral.OutcomeNeedsReason", "An unsuccessful outcome needs a coded reason.");
        }

        if (outcome == Referrals.Outcome.Successful && deliveredList.Count == 0)
        {
            throw new ReferralRuleException("Referral.NoServicesDelivered", "Record the services actually delivered.");
        }

        Move(ReferralState.Done);
        StartedAtUtc ??= at;
        Outcome = outcome;
        UnsuccessfulReason = outcome == Referrals.Outcome.NotSuccessful ? reason : null;
        ServicesDelivered = deliveredList;
        DoneAtUtc = at;
    }

    public void Revoke(DateTime at)
    {
        Require([ReferralState.Draft, ReferralState.Sent, ReferralState.Acknowledged], "revoke");
        Move(ReferralState.Revoked);
        RevokedAtUtc = at;
    }

    /// <summary>Which transitions are allowed from a state, for tests and for showing only valid buttons.</summary>
    public static bool CanMove(ReferralState from, ReferralState to) => (from, to) switch
    {
        (ReferralState.Draft, ReferralState.Sent or ReferralState.Revoked) => true,
        (ReferralState.Sent, ReferralState.Acknowledged or ReferralState.Accepted or ReferralState.Declined or ReferralState.Revoked) => true,
        (ReferralState.Acknowledged, ReferralState.Accepted or ReferralState.Declined or ReferralState.Revoked) => true,
        (ReferralState.Accepted, ReferralState.InProgress or ReferralState.Done) => true,
        (ReferralState.InProgress, ReferralState.Done) => true,
        _ => false,
    };

    private void Move(ReferralState to)
    {
        if (!CanMove(State, to))
        {
            throw new ReferralRuleException("Referral.InvalidTransition", $"A referral cannot go from {State} to {to}.");
        }

        State = to;
        Version++;
    }

    private void Require(ReferralState state, string action) => Require([state], action);

    private void Require(ReferralState[] states, string action)
    {
        if (!states.Contains(State))
        {
            throw new ReferralRuleException("Referral.InvalidTransition", $"A referral in state {State} cannot {action}.");
        }
    }
}
