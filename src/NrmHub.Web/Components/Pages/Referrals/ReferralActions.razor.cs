using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using NrmHub.Core.Actors;
using NrmHub.Core.Referrals;
using NrmHub.Web.Localization;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Components.Pages.Referrals;

public enum ReferralAction
{
    Acknowledge,
    Accept,
    Decline,
    Start,
    Complete,
    ReferOnward,
    Revoke,
}

public sealed partial class ReferralActions
{
    private string? error;
    private bool busy;
    private ReferralAction? panel;

    // The version an action succeeded on: until the page shows the referral's new state, nothing more is offered.
    private int? actedOn;
    private DeclineReason declineReason = DeclineReason.NoCapacity;
    private string? note;
    private string? noteError;
    private Outcome outcome = Outcome.Successful;
    private UnsuccessfulReason unsuccessful = UnsuccessfulReason.PersonWithdrew;
    private readonly List<ServiceType> delivered = [];

    [Inject] public required ReferralService Referrals { get; init; }
    [Inject] public required IStringLocalizer<UiText> Text { get; init; }

    [Parameter, EditorRequired]
    public required Referral Referral { get; set; }

    [Parameter, EditorRequired]
    public required Caller Caller { get; set; }

    /// <summary>Told when an action ran, with a message to show (null on plain success).</summary>
    [Parameter]
    public EventCallback<string?> OnDone { get; set; }

    private IReadOnlyList<ReferralAction> Available => actedOn == Referral.Version ? [] : For(Referral, Caller);

    /// <summary>Each receiver action and the state it moves the referral to; the entity's own rule decides when it is open.</summary>
    private static readonly (ReferralAction Action, ReferralState To)[] ReceiverMoves =
    [
        (ReferralAction.Acknowledge, ReferralState.Acknowledged),
        (ReferralAction.Accept, ReferralState.Accepted),
        (ReferralAction.Decline, ReferralState.Declined),
        (ReferralAction.Start, ReferralState.InProgress),
        (ReferralAction.Complete, ReferralState.Done),
    ];

    /// <summary>
    /// What the caller's actor may do with the referral now: the receiver moves it along, the sender may take it back
    /// until it is accepted. Derived from <see cref="Referral.CanMove"/>, so the buttons never offer what the entity refuses.
    /// </summary>
    public static IReadOnlyList<ReferralAction> For(Referral referral, Caller caller)
    {
        var actions = new List<ReferralAction>();
        if (referral.ToActorId == caller.ActorId)
        {
            actions.AddRange(ReceiverMoves.Where(m => Referral.CanMove(referral.State, m.To)).Select(m => m.Action));
            if (referral.State is ReferralState.Accepted or ReferralState.InProgress)
            {
                actions.Add(ReferralAction.ReferOnward);
            }
        }

        if (referral.FromActorId == caller.ActorId && Referral.CanMove(referral.State, ReferralState.Revoked))
        {
            actions.Add(ReferralAction.Revoke);
        }

        return actions;
    }

    private void Toggle(ReferralAction which) => panel = panel == which ? null : which;

    private void ToggleDelivered(ServiceType service, bool on)
    {
        delivered.Remove(service);
        if (on)
        {
            delivered.Add(service);
        }
    }

    private async Task RunAsync(Func<Task<OperationResult>> action)
    {
        // A double click, or a click while the first is still saving, does the thing once.
        if (busy)
        {
            return;
        }

        busy = true;
        error = null;
        noteError = null;
        try
        {
            var result = await action();
            if (result.Succeeded)
            {
                panel = null;
                actedOn = Referral.Version;
                await OnDone.InvokeAsync(Text["Referral.Saved"]);
                return;
            }

            error = RefusalText.Of(Text, result);
            noteError = result.Field == ReferralLimits.Fields.DeclineNote || result.ErrorCode == "Referral.DeclineNeedsNote" ? error : null;
            if (result.ErrorCode is "Referral.ChangedByOther" or "Referral.InvalidTransition")
            {
                // Show the state someone else just produced, with the explanation above it.
                await OnDone.InvokeAsync(error);
            }
        }
        finally
        {
            busy = false;
        }
    }
}
