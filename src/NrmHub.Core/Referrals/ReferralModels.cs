using NrmHub.Core.Actors;

namespace NrmHub.Core.Referrals;

/// <summary>Who is calling: user id, the user's actor, and whether the user is a coordinator (pseudonymous overview).</summary>
public sealed record Caller(string UserId, int ActorId, bool IsCoordinator = false, bool IsAdmin = false);

/// <summary>
/// The outcome of a command: either done, or refused with a stable code the UI translates and an English message.
/// A refusal of one input also names it (<see cref="Field"/>), and a length refusal says the limit and the length.
/// </summary>
public sealed record OperationResult(bool Succeeded, string? ErrorCode = null, string? Error = null, int? Id = null, string? CaseCode = null)
{
    public string? Field { get; init; }

    public int? Limit { get; init; }

    public int? Length { get; init; }

    public static OperationResult Ok(int? id = null, string? caseCode = null) => new(true, Id: id, CaseCode: caseCode);

    public static OperationResult Fail(string code, string message) => new(false, code, message);

    public static readonly OperationResult NotFound = Fail("NotFound", "No such referral, or it is not yours to see.");
}

public sealed record PersonInput(
    string? FullName,
    DateOnly? DateOfBirth,
    AgeGroup AgeGroup,
    Sex Sex,
    string? Nationality,
    string? Languages,
    string? Contact,
    IReadOnlyList<Vulnerability> Vulnerabilities,
    ExploitationForm ExploitationForm,
    string? RegionIdentified);

public sealed record NewReferral(
    int ToActorId,
    IReadOnlyList<ServiceType> Services,
    Urgency Urgency,
    string? Reason,
    Consent Consent,
    string? ConsentOverrideReason);

/// <summary>A referral as lists show it: pseudonymous, no personal data, safe for coordinators.</summary>
public sealed record ReferralSummary(
    int Id,
    string CaseCode,
    int FromActorId,
    int ToActorId,
    IReadOnlyList<ServiceType> Services,
    Urgency Urgency,
    ReferralState State,
    DateTime CreatedAtUtc,
    DateTime? SentAtUtc,
    DateTime LastChangeUtc,
    int Version);

public sealed record TimelineEntry(int ReferralId, string Type, DateTime AtUtc, int ByActorId);

/// <summary>A case as its parties see it, personal profile included. Building one is an audited read.</summary>
public sealed record CaseView(
    int Id,
    string Code,
    int OpenedByActorId,
    DateTime OpenedAtUtc,
    CaseProfile Profile,
    IReadOnlyList<Referral> Referrals,
    IReadOnlyList<TimelineEntry> Timeline);

/// <summary>One referral as a coordinator sees it: what happened and when, without the person.</summary>
public sealed record ReferralOverview(ReferralSummary Summary, IReadOnlyList<TimelineEntry> Events);
