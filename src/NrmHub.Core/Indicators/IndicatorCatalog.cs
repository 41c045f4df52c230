namespace NrmHub.Core.Indicators;

public enum IndicatorFamily
{
    Referrals,
    Timeliness,
    Sop,
    Persons,
    Partnership,
    Activities,
    WorkingGroups,
}

/// <summary>
/// What an indicator's number counts. The units marked in <see cref="IndicatorDefinition.CountsPersons"/> are about
/// people (a referral is one person's), so their cells go through <see cref="Suppression"/>; hours and shares over
/// referrals are hidden when they rest on fewer referrals than the threshold.
/// </summary>
public enum IndicatorUnit
{
    Referrals,
    Persons,
    Hours,
    Percent,
    Steps,
    Activities,
    Participants,
    Organisations,
    Regions,
    KpiUnit,
}

/// <summary>A way to break an indicator down. Multi-valued ones (a referral names several services) count a unit in every category it has.</summary>
public enum Dimension
{
    Month,
    Region,
    SenderKind,
    Receiver,
    Service,
    DeclineReason,
    UnsuccessfulReason,
    Sex,
    AgeGroup,
    Disability,
    Migrant,
    NationalityGroup,
    ExploitationForm,
    Actor,
    ActorKind,
    ActivityKind,
    Sector,
    Institution,
}

/// <summary>Where an indicator's data comes from: NrmHub's own records, named so the definition page can say so.</summary>
public enum IndicatorSource
{
    Referrals,
    CaseProfiles,
    SopSteps,
    Activities,
    Channels,
    Meetings,
    Kpis,
}

/// <summary>
/// One indicator NrmHub computes. Its name and formula are in the UI's resources ("Indicator.{Key}.Name" and
/// ".Formula") in every language; everything else a definition page shows — unit, sources, disaggregations, who
/// may see it — is here, so the page, the definitions file and the computation cannot disagree.
/// </summary>
public sealed record IndicatorDefinition(
    string Key,
    IndicatorFamily Family,
    IndicatorUnit Unit,
    IReadOnlyList<IndicatorSource> Sources,
    IReadOnlyList<Dimension> Dimensions,
    bool TakesKinds = false,
    bool TakesServices = false,
    bool TakesMonths = false,
    bool TakesKpi = false)
{
    /// <summary>A count of people (or of referrals, each one person's): every cell is suppressed below the threshold.</summary>
    public bool CountsPersons => Unit is IndicatorUnit.Referrals or IndicatorUnit.Persons or IndicatorUnit.Participants;

    /// <summary>A statistic over referrals (a median, a share): hidden when fewer referrals than the threshold carry it.</summary>
    public bool RestsOnReferrals => Family is IndicatorFamily.Timeliness;

    /// <summary>Additive: the period's value is the sum of its months. Distinct counts, medians and shares are not.</summary>
    public bool Additive => Unit is IndicatorUnit.Referrals or IndicatorUnit.Steps or IndicatorUnit.Activities or IndicatorUnit.Participants;

    /// <summary>
    /// A unit can fall in several categories: a referral names several services; a person accepted in two months,
    /// or a region active in two, is counted in each month. The rows of such a breakdown do not add up to the total.
    /// </summary>
    public bool MultiValued(Dimension d) =>
        d is Dimension.Service || (d is Dimension.Month && Unit is IndicatorUnit.Persons or IndicatorUnit.Regions or IndicatorUnit.Organisations);
}

public static class IndicatorCatalog
{
    private static readonly Dimension[] ReferralDims = [Dimension.Month, Dimension.Region, Dimension.SenderKind, Dimension.Receiver, Dimension.Service];
    private static readonly Dimension[] TimeDims = [Dimension.Month, Dimension.Region, Dimension.Receiver, Dimension.Service];
    private static readonly Dimension[] PersonDims =
        [Dimension.Month, Dimension.Service, Dimension.Sex, Dimension.AgeGroup, Dimension.Disability, Dimension.Migrant, Dimension.NationalityGroup, Dimension.ExploitationForm, Dimension.Region];

    private static readonly IndicatorSource[] FromReferrals = [IndicatorSource.Referrals, IndicatorSource.CaseProfiles];

    public static readonly IReadOnlyList<IndicatorDefinition> All =
    [
        new("referrals.sent", IndicatorFamily.Referrals, IndicatorUnit.Referrals, FromReferrals, ReferralDims),
        new("referrals.acknowledged", IndicatorFamily.Referrals, IndicatorUnit.Referrals, FromReferrals, ReferralDims),
        new("referrals.accepted", IndicatorFamily.Referrals, IndicatorUnit.Referrals, FromReferrals, ReferralDims),
        new("referrals.declined", IndicatorFamily.Referrals, IndicatorUnit.Referrals, FromReferrals, [.. ReferralDims, Dimension.DeclineReason]),
        new("referrals.revoked", IndicatorFamily.Referrals, IndicatorUnit.Referrals, FromReferrals, ReferralDims),
        new("referrals.done.successful", IndicatorFamily.Referrals, IndicatorUnit.Referrals, FromReferrals, ReferralDims),
        new("referrals.done.unsuccessful", IndicatorFamily.Referrals, IndicatorUnit.Referrals, FromReferrals, [.. ReferralDims, Dimension.UnsuccessfulReason]),
        new("timeliness.acknowledge", IndicatorFamily.Timeliness, IndicatorUnit.Hours, FromReferrals, TimeDims),
        new("timeliness.accept", IndicatorFamily.Timeliness, IndicatorUnit.Hours, FromReferrals, TimeDims),
        new("timeliness.firstService", IndicatorFamily.Timeliness, IndicatorUnit.Hours, FromReferrals, TimeDims),
        new("sop.onTime", IndicatorFamily.Sop, IndicatorUnit.Percent, [IndicatorSource.SopSteps], [Dimension.Month, Dimension.Actor, Dimension.Region]),
        new("sop.overdue", IndicatorFamily.Sop, IndicatorUnit.Steps, [IndicatorSource.SopSteps], [Dimension.Month, Dimension.Actor, Dimension.Region]),
        new("sop.escalated", IndicatorFamily.Sop, IndicatorUnit.Steps, [IndicatorSource.SopSteps], [Dimension.Month, Dimension.Actor, Dimension.Region]),
        new("persons.assisted", IndicatorFamily.Persons, IndicatorUnit.Persons, FromReferrals, PersonDims, TakesServices: true),
        new("partnership.engaged", IndicatorFamily.Partnership, IndicatorUnit.Organisations,
            [IndicatorSource.Referrals, IndicatorSource.Activities, IndicatorSource.Meetings], [Dimension.ActorKind], TakesMonths: true),
        new("partnership.channelsUsed", IndicatorFamily.Partnership, IndicatorUnit.Percent, [IndicatorSource.Channels, IndicatorSource.Referrals], [Dimension.SenderKind]),
        new("partnership.regions", IndicatorFamily.Partnership, IndicatorUnit.Regions, [IndicatorSource.CaseProfiles, IndicatorSource.Activities], []),
        new("activities.count", IndicatorFamily.Activities, IndicatorUnit.Activities, [IndicatorSource.Activities],
            [Dimension.Month, Dimension.Region, Dimension.ActivityKind, Dimension.Sector, Dimension.Actor], TakesKinds: true),
        new("activities.participants", IndicatorFamily.Activities, IndicatorUnit.Participants, [IndicatorSource.Activities],
            [Dimension.Month, Dimension.Region, Dimension.ActivityKind, Dimension.Sex, Dimension.Institution, Dimension.Actor], TakesKinds: true),
        new("activities.regions", IndicatorFamily.Activities, IndicatorUnit.Regions, [IndicatorSource.Activities], [Dimension.Month], TakesKinds: true),
        new("wg.kpi", IndicatorFamily.WorkingGroups, IndicatorUnit.KpiUnit, [IndicatorSource.Kpis], [Dimension.Month], TakesKpi: true),
    ];

    private static readonly Dictionary<string, IndicatorDefinition> ByKey = All.ToDictionary(d => d.Key, StringComparer.Ordinal);

    public static IndicatorDefinition? Find(string? key) => key is not null && ByKey.TryGetValue(key, out var d) ? d : null;
}
