namespace NrmHub.Core.Notifications;

/// <summary>
/// A stored notification for one user: the source of truth, so someone offline sees it at next sign-in.
/// It carries ids, a pseudonymous case code, a type and a time, never personal data.
/// </summary>
public class Notification
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Type { get; set; }
    public int? ReferralId { get; set; }
    public string? CaseCode { get; set; }

    /// <summary>For working-group notifications: the group and the action item they are about.</summary>
    public int? GroupId { get; set; }

    public int? ActionItemId { get; set; }

    public DateTime AtUtc { get; set; }
    public DateTime? ReadAtUtc { get; set; }
}

public static class NotificationTypes
{
    public const string ReferralReceived = "referral.received";
    public const string ReferralAcknowledged = "referral.acknowledged";
    public const string ReferralAccepted = "referral.accepted";
    public const string ReferralDeclined = "referral.declined";
    public const string ReferralRevoked = "referral.revoked";
    public const string ReferralStarted = "referral.started";
    public const string ReferralDone = "referral.done";
    public const string SopReminder = "sop.reminder";
    public const string SopEscalation = "sop.escalation";
    public const string ActionReminder = "action.reminder";
    public const string ActionEscalation = "action.escalation";
    public const string ActionAssigned = "action.assigned";

    /// <summary>
    /// A card of a board was added, moved or edited. Live only: pushed to everyone who may have the board open and
    /// never stored (Id 0), because the board itself is the record; whoever opens it later sees the change there.
    /// </summary>
    public const string BoardChanged = "board.changed";

    /// <summary>
    /// A referral left the user's own actor. Live only (Id 0, never stored): the colleagues' open "my referrals" lists
    /// show the new row at once, but a referral one's own unit sent is not news for the bell.
    /// </summary>
    public const string ReferralListed = "referral.listed";
}

/// <summary>What a client receives live; the same fields as the stored row.</summary>
public sealed record NotificationMessage(long Id, string Type, int? ReferralId, string? CaseCode, DateTime AtUtc, int? GroupId = null, int? ActionItemId = null)
{
    public static NotificationMessage From(Notification n) => new(n.Id, n.Type, n.ReferralId, n.CaseCode, n.AtUtc, n.GroupId, n.ActionItemId);
}

/// <summary>Delivers stored notifications live. Core defines it; the web host implements it with SignalR.</summary>
public interface INotifier
{
    Task PushAsync(IReadOnlyList<Notification> notifications, CancellationToken ct = default);
}
