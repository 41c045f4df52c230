using NrmHub.Core.Actors;
using NrmHub.Core.Referrals;

namespace NrmHub.Tests.Referrals;

/// <summary>The referral's rules on the entity alone: no database, no clock but the times passed in.</summary>
public sealed class ReferralStateMachineTests
{
    private static readonly DateTime T0 = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>The process as the issue states it, written out independently of <see cref="Referral.CanMove"/>.</summary>
    private static readonly HashSet<(ReferralState From, ReferralState To)> Allowed =
    [
        (ReferralState.Draft, ReferralState.Sent),
        (ReferralState.Draft, ReferralState.Revoked),
        (ReferralState.Sent, ReferralState.Acknowledged),
        (ReferralState.Sent, ReferralState.Accepted),
        (ReferralState.Sent, ReferralState.Declined),
        (ReferralState.Sent, ReferralState.Revoked),
        (ReferralState.Acknowledged, ReferralState.Accepted),
        (ReferralState.Acknowledged, ReferralState.Declined),
        (ReferralState.Acknowledged, ReferralState.Revoked),
        (ReferralState.Accepted, ReferralState.InProgress),
        (ReferralState.Accepted, ReferralState.Done),
        (ReferralState.InProgress, ReferralState.Done),
    ];

    public enum Step
    {
        Send,
        Acknowledge,
        Accept,
        Decline,
        Start,
        Complete,
        Revoke,
    }

    private static readonly Dictionary<Step, ReferralState> Target = new()
    {
        [Step.Send] = ReferralState.Sent,
        [Step.Acknowledge] = ReferralState.Acknowledged,
        [Step.Accept] = ReferralState.Accepted,
        [Step.Decline] = ReferralState.Declined,
        [Step.Start] = ReferralState.InProgress,
        [Step.Complete] = ReferralState.Done,
        [Step.Revoke] = ReferralState.Revoked,
    };

    public static TheoryData<ReferralState, ReferralState> AllPairs()
    {
        var data = new TheoryData<ReferralState, ReferralState>();
        foreach (var from in Enum.GetValues<ReferralState>())
        {
            foreach (var to in Enum.GetValues<ReferralState>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    public static TheoryData<ReferralState, Step> EveryStateAndAction()
    {
        var data = new TheoryData<ReferralState, Step>();
        foreach (var state in Enum.GetValues<ReferralState>())
        {
            foreach (var action in Enum.GetValues<Step>())
            {
                data.Add(state, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanMove_each_pair_matches_the_process(ReferralState from, ReferralState to) =>
        Assert.Equal(Allowed.Contains((from, to)), Referral.CanMove(from, to));

    [Theory]
    [MemberData(nameof(EveryStateAndAction))]
    public void Action_from_each_reachable_state_is_allowed_exactly_when_the_process_allows_it(ReferralState state, Step action)
    {
        var referral = InState(state);
        var version = referral.Version;
        var allowed = Allowed.Contains((state, Target[action]));

        if (allowed)
        {
            Apply(referral, action, T0.AddHours(1));
            Assert.Equal(Target[action], referral.State);
            Assert.Equal(version + 1, referral.Version);
        }
        else
        {
            var refused = Assert.Throws<ReferralRuleException>(() => Apply(referral, action, T0.AddHours(1)));
            Assert.Equal("Referral.InvalidTransition", refused.Code);
            Assert.Equal(state, referral.State);
            Assert.Equal(version, referral.Version);
        }
    }

    [Fact]
    public void Every_state_is_reachable_through_the_entity_methods()
    {
        foreach (var state in Enum.GetValues<ReferralState>())
        {
            Assert.Equal(state, InState(state).State);
        }
    }

    [Theory]
    [InlineData(Consent.None, null)]
    [InlineData(Consent.None, "a reason does not stand in for consent")]
    [InlineData(Consent.Refused, null)]
    [InlineData(Consent.Refused, "best interest")]
    public void Send_without_consent_is_refused(Consent consent, string? overrideReason)
    {
        var referral = Draft(consent, overrideReason);

        var refused = Assert.Throws<ReferralRuleException>(() => referral.Send(T0));

        Assert.Equal("Referral.NoConsent", refused.Code);
        AssertStillDraft(referral);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Send_with_override_but_no_reason_is_refused(string? overrideReason)
    {
        var referral = Draft(Consent.Override, overrideReason);

        var refused = Assert.Throws<ReferralRuleException>(() => referral.Send(T0));

        Assert.Equal("Referral.OverrideNeedsReason", refused.Code);
        AssertStillDraft(referral);
    }

    [Theory]
    [InlineData(Consent.Given, null)]
    [InlineData(Consent.Override, "Child referred in their best interest")]
    public void Send_with_consent_or_reasoned_override_is_sent(Consent consent, string? overrideReason)
    {
        var referral = Draft(consent, overrideReason);

        referral.Send(T0);

        Assert.Equal(ReferralState.Sent, referral.State);
        Assert.Equal(T0, referral.SentAtUtc);
    }

    [Fact]
    public void Send_without_services_is_refused()
    {
        var referral = new Referral { Consent = Consent.Given, CreatedAtUtc = T0 };

        var refused = Assert.Throws<ReferralRuleException>(() => referral.Send(T0));

        Assert.Equal("Referral.NoServices", refused.Code);
        AssertStillDraft(referral);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Decline_other_without_note_is_refused(string? note)
    {
        var referral = InState(ReferralState.Sent);

        var refused = Assert.Throws<ReferralRuleException>(() => referral.Decline(DeclineReason.Other, note, T0.AddHours(1)));

        Assert.Equal("Referral.DeclineNeedsNote", refused.Code);
        Assert.Equal(ReferralState.Sent, referral.State);
        Assert.Equal(1, referral.Version);
        Assert.Null(referral.DeclinedAtUtc);
    }

    [Fact]
    public void Decline_other_with_note_records_reason_and_trimmed_note()
    {
        var referral = InState(ReferralState.Acknowledged);

        referral.Decline(DeclineReason.Other, "  Person moved abroad  ", T0.AddHours(3));

        Assert.Equal(ReferralState.Declined, referral.State);
        Assert.Equal(DeclineReason.Other, referral.DeclineReason);
        Assert.Equal("Person moved abroad", referral.DeclineNote);
        Assert.Equal(T0.AddHours(3), referral.DeclinedAtUtc);
    }

    [Fact]
    public void Decline_coded_reason_needs_no_note()
    {
        var referral = InState(ReferralState.Sent);

        referral.Decline(DeclineReason.NoCapacity, null, T0.AddHours(1));

        Assert.Equal(ReferralState.Declined, referral.State);
        Assert.Null(referral.DeclineNote);
    }

    [Fact]
    public void Complete_unsuccessful_without_reason_is_refused()
    {
        var referral = InState(ReferralState.InProgress);

        var refused = Assert.Throws<ReferralRuleException>(() => referral.Complete(Outcome.NotSuccessful, null, [], T0.AddDays(1)));

        Assert.Equal("Referral.OutcomeNeedsReason", refused.Code);
        Assert.Equal(ReferralState.InProgress, referral.State);
        Assert.Null(referral.DoneAtUtc);
    }

    [Fact]
    public void Complete_successful_without_delivered_services_is_refused()
    {
        var referral = InState(ReferralState.Accepted);

        var refused = Assert.Throws<ReferralRuleException>(() => referral.Complete(Outcome.Successful, null, [], T0.AddDays(1)));

        Assert.Equal("Referral.NoServicesDelivered", refused.Code);
        Assert.Equal(ReferralState.Accepted, referral.State);
        Assert.Null(referral.Outcome);
    }

    [Fact]
    public void Complete_successful_records_distinct_delivered_services()
    {
        var referral = InState(ReferralState.InProgress);

        referral.Complete(Outcome.Successful, UnsuccessfulReason.Other, [ServiceType.Shelter, ServiceType.Medical, ServiceType.Shelter], T0.AddDays(1));

        Assert.Equal(ReferralState.Done, referral.State);
        Assert.Equal(Outcome.Successful, referral.Outcome);
        Assert.Null(referral.UnsuccessfulReason);
        Assert.Equal([ServiceType.Shelter, ServiceType.Medical], referral.ServicesDelivered);
    }

    [Fact]
    public void Complete_unsuccessful_with_reason_records_it()
    {
        var referral = InState(ReferralState.Accepted);

        referral.Complete(Outcome.NotSuccessful, UnsuccessfulReason.PersonWithdrew, [], T0.AddDays(1));

        Assert.Equal(Outcome.NotSuccessful, referral.Outcome);
        Assert.Equal(UnsuccessfulReason.PersonWithdrew, referral.UnsuccessfulReason);
        Assert.Equal(T0.AddDays(1), referral.StartedAtUtc);
    }

    [Fact]
    public void Full_path_increments_version_once_per_transition_and_stamps_each_time()
    {
        var referral = Draft(Consent.Given);
        Assert.Equal(0, referral.Version);
        Assert.Equal(T0, referral.LastChangeUtc);

        referral.Send(T0.AddMinutes(1));
        Assert.Equal((1, T0.AddMinutes(1)), (referral.Version, referral.SentAtUtc!.Value));
        referral.Acknowledge(T0.AddMinutes(2));
        Assert.Equal((2, T0.AddMinutes(2)), (referral.Version, referral.AcknowledgedAtUtc!.Value));
        referral.Accept(T0.AddMinutes(3));
        Assert.Equal((3, T0.AddMinutes(3)), (referral.Version, referral.AcceptedAtUtc!.Value));
        Assert.Equal(T0.AddMinutes(2), referral.AcknowledgedAtUtc);
        referral.Start(T0.AddMinutes(4));
        Assert.Equal((4, T0.AddMinutes(4)), (referral.Version, referral.StartedAtUtc!.Value));
        referral.Complete(Outcome.Successful, null, [ServiceType.Shelter], T0.AddMinutes(5));
        Assert.Equal((5, T0.AddMinutes(5)), (referral.Version, referral.DoneAtUtc!.Value));
        Assert.Equal(T0.AddMinutes(5), referral.LastChangeUtc);
        Assert.False(referral.IsOpen);
    }

    [Fact]
    public void Accept_straight_from_sent_also_stamps_acknowledgement()
    {
        var referral = InState(ReferralState.Sent);

        referral.Accept(T0.AddHours(2));

        Assert.Equal(T0.AddHours(2), referral.AcceptedAtUtc);
        Assert.Equal(T0.AddHours(2), referral.AcknowledgedAtUtc);
        Assert.Equal(2, referral.Version);
    }

    [Fact]
    public void Complete_straight_from_accepted_stamps_start()
    {
        var referral = InState(ReferralState.Accepted);

        referral.Complete(Outcome.Successful, null, [ServiceType.Medical], T0.AddDays(2));

        Assert.Equal(T0.AddDays(2), referral.StartedAtUtc);
        Assert.Equal(T0.AddDays(2), referral.DoneAtUtc);
    }

    [Theory]
    [InlineData(ReferralState.Draft)]
    [InlineData(ReferralState.Sent)]
    [InlineData(ReferralState.Acknowledged)]
    public void Revoke_before_acceptance_stamps_and_closes(ReferralState state)
    {
        var referral = InState(state);

        referral.Revoke(T0.AddDays(3));

        Assert.Equal(ReferralState.Revoked, referral.State);
        Assert.Equal(T0.AddDays(3), referral.RevokedAtUtc);
        Assert.Equal(T0.AddDays(3), referral.LastChangeUtc);
        Assert.False(referral.IsOpen);
    }

    private static Referral Draft(Consent consent, string? overrideReason = null) => new()
    {
        FromActorId = 1,
        ToActorId = 2,
        Services = [ServiceType.Shelter],
        Consent = consent,
        ConsentOverrideReason = overrideReason,
        CreatedAtUtc = T0,
    };

    private static void AssertStillDraft(Referral referral)
    {
        Assert.Equal(ReferralState.Draft, referral.State);
        Assert.Equal(0, referral.Version);
        Assert.Null(referral.SentAtUtc);
    }

    /// <summary>A referral brought to <paramref name="state"/> the only way the app can: through its own methods.</summary>
    private static Referral InState(ReferralState state)
    {
        var referral = Draft(Consent.Given);
        Step[] path = state switch
        {
            ReferralState.Draft => [],
            ReferralState.Sent => [Step.Send],
            ReferralState.Acknowledged => [Step.Send, Step.Acknowledge],
            ReferralState.Accepted => [Step.Send, Step.Accept],
            ReferralState.Declined => [Step.Send, Step.Decline],
            ReferralState.InProgress => [Step.Send, Step.Accept, Step.Start],
            ReferralState.Done => [Step.Send, Step.Accept, Step.Complete],
            ReferralState.Revoked => [Step.Send, Step.Revoke],
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        var at = T0;
        foreach (var action in path)
        {
            at = at.AddMinutes(1);
            Apply(referral, action, at);
        }

        return referral;
    }

    private static void Apply(Referral referral, Step action, DateTime at)
    {
        switch (action)
        {
            case Step.Send:
                referral.Send(at);
                break;
            case Step.Acknowledge:
                referral.Acknowledge(at);
                break;
            case Step.Accept:
                referral.Accept(at);
                break;
            case Step.Decline:
                referral.Decline(DeclineReason.NoCapacity, null, at);
                break;
            case Step.Start:
                referral.Start(at);
                break;
            case Step.Complete:
                referral.Complete(Outcome.Successful, null, [ServiceType.Shelter], at);
                break;
            case Step.Revoke:
                referral.Revoke(at);
                break;
        }
    }
}
