namespace NrmHub.Core.Referrals;

/// <summary>
/// A client's Idempotency-Key for a referral it created: the same key from the same user again gets the first result
/// instead of a second case (a retried request, a double submit). Written in the same transaction as the case.
/// </summary>
public class IdempotentRequest
{
    public const int KeyMaxLength = 100;

    /// <summary>How long a key answers with its first result; the retention job forgets older ones.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);

    public required string UserId { get; set; }
    public required string Key { get; set; }
    public DateTime CreatedUtc { get; set; }
    public int ReferralId { get; set; }
    public required string CaseCode { get; set; }
}
