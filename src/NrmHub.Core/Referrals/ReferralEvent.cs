namespace NrmHub.Core.Referrals;

/// <summary>One step of a referral, for the case timeline. Who and when only; no personal data.</summary>
public class ReferralEvent
{
    public long Id { get; set; }
    public int ReferralId { get; set; }
    public int CaseId { get; set; }
    public required string Type { get; set; }
    public DateTime AtUtc { get; set; }
    public string? ByUserId { get; set; }
    public int ByActorId { get; set; }
}
