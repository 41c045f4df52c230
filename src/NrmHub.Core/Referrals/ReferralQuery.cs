using NrmHub.Core.Actors;

namespace NrmHub.Core.Referrals;

public enum ReferralScope
{
    /// <summary>Sent by the caller's actor.</summary>
    Outgoing,

    /// <summary>Received by the caller's actor (drafts are not sent, so not received).</summary>
    Incoming,

    /// <summary>Every referral, pseudonymous: coordinators and administrators only.</summary>
    All,
}

public enum ReferralSort
{
    Newest,
    Oldest,
    CaseCode,
    State,
    Urgency,
    LastChange,
}

/// <summary>One page of a referral list, filtered and sorted in the database: a list of 10,000 costs one page.</summary>
public sealed record ReferralQuery(
    ReferralScope Scope,
    IReadOnlyList<ReferralState>? States = null,
    Urgency? Urgency = null,
    ServiceType? Service = null,
    DateOnly? SentFrom = null,
    DateOnly? SentTo = null,
    string? Region = null,
    string? CaseCode = null,
    ReferralSort Sort = ReferralSort.Newest,
    bool Descending = false,
    int Skip = 0,
    int Take = 25)
{
    public const int MaxTake = 100;
}

public sealed record ReferralPage(IReadOnlyList<ReferralSummary> Rows, int Total);
