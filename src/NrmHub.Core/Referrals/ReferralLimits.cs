namespace NrmHub.Core.Referrals;

/// <summary>
/// The longest text each referral field takes, in characters after trimming. Forms show these as counters and stop
/// typing at them; the service refuses anything longer by field name and never shortens it. Each is far below what
/// one circuit message carries (32 KB, at most 3 bytes a character), so a field at its limit cannot drop the page.
/// </summary>
public static class ReferralLimits
{
    public const int FullName = 200;
    public const int Nationality = 100;
    public const int Languages = 200;
    public const int Contact = 200;
    public const int Reason = 1000;
    public const int ConsentOverrideReason = 500;
    public const int DeclineNote = 1000;

    /// <summary>The field names errors carry: the API's JSON names, so a client can put each message at its input.</summary>
    public static class Fields
    {
        public const string FullName = "person.fullName";
        public const string DateOfBirth = "person.dateOfBirth";
        public const string Nationality = "person.nationality";
        public const string Languages = "person.languages";
        public const string Contact = "person.contact";
        public const string Region = "person.regionIdentified";
        public const string Reason = "reason";
        public const string ConsentOverrideReason = "consentOverrideReason";
        public const string DeclineNote = "note";
    }

    /// <summary>A refusal naming the field when <paramref name="value"/> is longer than <paramref name="max"/>; null when it fits.</summary>
    public static OperationResult? TooLong(string field, string? value, int max)
    {
        var length = value?.Trim().Length ?? 0;
        return length <= max
            ? null
            : OperationResult.Fail("Text.TooLong", $"{field} is {length} characters long; at most {max} are allowed.") with { Field = field, Limit = max, Length = length };
    }
}
