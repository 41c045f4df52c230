namespace NrmHub.Core.Referrals;

public enum ReferralState
{
    Draft,
    Sent,
    Acknowledged,
    Accepted,
    Declined,
    InProgress,
    Done,
    Revoked,
}

public enum Urgency
{
    Routine,
    Urgent,
    Emergency,
}

public enum Consent
{
    /// <summary>Not recorded yet: the referral cannot be sent.</summary>
    None,
    Given,
    Refused,

    /// <summary>Sent without consent for a recorded reason, e.g. a child referred in their best interest.</summary>
    Override,
}

public enum DeclineReason
{
    NoCapacity,
    OutsideMandate,
    OutsideRegion,
    NotEligible,
    PersonUnreachable,
    DuplicateReferral,
    Other,
}

public enum Outcome
{
    Successful,
    NotSuccessful,
}

public enum UnsuccessfulReason
{
    PersonWithdrew,
    PersonUnreachable,
    ServiceUnavailable,
    ReferredElsewhere,
    Other,
}

public enum Sex
{
    Female,
    Male,
    Other,
    Unknown,
}

public enum AgeGroup
{
    Child0To13,
    Child14To17,
    Adult18To24,
    Adult25To59,
    Adult60Plus,
    Unknown,
}

public enum ExploitationForm
{
    Labour,
    Sexual,
    ForcedBegging,
    Other,
}

public enum Vulnerability
{
    Child,
    Disability,
    MigrantWorker,
    Pregnant,
    Other,
}
