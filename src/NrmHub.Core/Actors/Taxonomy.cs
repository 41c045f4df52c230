namespace NrmHub.Core.Actors;

/// <summary>The four Ps of the national action plans (seed 002). Every mandate, service and indicator belongs to one.</summary>
public enum Pillar
{
    Prevention,
    Prosecution,
    Protection,
    Partnership,
}

/// <summary>
/// The controlled taxonomy of services a (potential) victim is referred for (seeds 000, 002, DOMAIN.md).
/// Names are stable codes: they appear in seed files, exports and URLs.
/// </summary>
public enum ServiceType
{
    Identification,
    Shelter,
    Medical,
    Psychosocial,
    LegalAid,
    StateGrant,
    ChildEducation,
    Livelihoods,
    VoluntaryReturn,
    Counselling,
    LabourInspection,
    Investigation,
    Prosecution,
    Awareness,
    Documentation,
    Hotline,
}

public enum ChannelBasis
{
    Law,
    Sop,
    Memorandum,
    Practice,
}

public enum ContactKind
{
    Phone,
    Email,
    Web,
}

/// <summary>Who may see a field. Restricted fields (a shelter's address) stay with the actor's own users and never leave in an export.</summary>
public enum Disclosure
{
    Public,
    Restricted,
}

public static class ServiceTaxonomy
{
    /// <summary>The pillar a service belongs to, for filters and the poster.</summary>
    public static Pillar PillarOf(ServiceType service) => service switch
    {
        ServiceType.Awareness or ServiceType.Counselling or ServiceType.Hotline or ServiceType.LabourInspection => Pillar.Prevention,
        ServiceType.Investigation or ServiceType.Prosecution => Pillar.Prosecution,
        _ => Pillar.Protection,
    };
}
