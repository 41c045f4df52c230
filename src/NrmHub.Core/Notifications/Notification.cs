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
}

/// <summary>What a client receives live; the same fields as the stored row.</summary>
public sealed record NotificationMessage(long Id, string Type, int? ReferralId, string? CaseCode, DateTime AtUtc)
{
    public static NotificationMessage From(Notification n) => new(n.Id, n.Type, n.ReferralId, n.CaseCode, n.AtUtc);
}

/// <summary>Delivers stored notifications live. Core defines it; the web host implements it with SignalR.</summary>
public interface INotifier
{
    Task PushAsync(IReadOnlyList<Notification> notifications, CancellationToken ct = default);
}
