namespace NrmHub.Core.Actors;

public enum ActorKind
{
    StateBody,
    LawEnforcement,
    ProsecutionJudiciary,
    Ngo,
    Shelter,
    InternationalOrganisation,
    Embassy,
    PrivateSector,
    Hotline,
    InformationCentre,
}

public enum ActorLevel
{
    National,
    Regional,
    Local,
}

/// <summary>An organisation that takes part in the National Referral Mechanism.</summary>
public class Actor
{
    public int Id { get; set; }

    /// <summary>Stable key from the seed files; seeding inserts by it, so it never changes.</summary>
    public required string Code { get; set; }

    /// <summary>The short name in English: the one the admin lists sort by and the HSDS export calls alternate_name.</summary>
    public required string ShortName { get; set; }

    public string? ShortNameAz { get; set; }
    public string? ShortNameRu { get; set; }
    public required string NameEn { get; set; }
    public string? NameAz { get; set; }
    public string? NameRu { get; set; }
    public ActorKind Kind { get; set; }
    public ActorLevel Level { get; set; }

    /// <summary>Where the actor sits (its seat); display only.</summary>
    public string? Region { get; set; }

    /// <summary>Regions the actor serves; empty means every region of the country profile.</summary>
    public List<string> RegionsServed { get; set; } = [];

    /// <summary>The body this one is a unit of (e.g. a department inside a ministry); escalations climb this chain.</summary>
    public int? ParentId { get; set; }

    public Actor? Parent { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Postal address. For shelters it is <see cref="Disclosure.Restricted"/>: never shown outside the actor, never exported.</summary>
    public string? Address { get; set; }

    public Disclosure AddressDisclosure { get; set; } = Disclosure.Public;

    public List<ContactPoint> Contacts { get; set; } = [];

    public List<Mandate> Mandates { get; set; } = [];

    /// <summary>The name in the given UI language, falling back to English where a translation is missing.</summary>
    public string Name(string? language) => language switch
    {
        "az" when !string.IsNullOrWhiteSpace(NameAz) => NameAz!,
        "ru" when !string.IsNullOrWhiteSpace(NameRu) => NameRu!,
        _ => NameEn,
    };

    /// <summary>The short name (e.g. the label on the map) in the given UI language, falling back to English like <see cref="Name"/>.</summary>
    public string ShortNameIn(string? language) => language switch
    {
        "az" when !string.IsNullOrWhiteSpace(ShortNameAz) => ShortNameAz!,
        "ru" when !string.IsNullOrWhiteSpace(ShortNameRu) => ShortNameRu!,
        _ => ShortName,
    };

    public bool Serves(string region) => RegionsServed.Count == 0 || RegionsServed.Contains(region);

    /// <summary>Whether a user of <paramref name="viewerActorId"/> may see this actor's restricted fields.</summary>
    public string? AddressFor(int? viewerActorId) =>
        AddressDisclosure == Disclosure.Public || viewerActorId == Id ? Address : null;
}

/// <summary>A role-based contact (duty phone, unit e-mail), never a named person's private number.</summary>
public class ContactPoint
{
    public required string Role { get; set; }
    public ContactKind Kind { get; set; }
    public required string Value { get; set; }
}

/// <summary>What an actor is mandated to do under one pillar, and on what legal basis.</summary>
public class Mandate
{
    public int Id { get; set; }
    public int ActorId { get; set; }
    public Pillar Pillar { get; set; }
    public List<ServiceType> Services { get; set; } = [];
    public string? LegalBasisText { get; set; }
    public string? LegalBasisReference { get; set; }

    /// <summary>Places (e.g. shelter beds) where capacity matters; null where it does not.</summary>
    public int? Capacity { get; set; }

    public int? Occupancy { get; set; }

    public int? FreeCapacity => Capacity is { } c ? Math.Max(0, c - (Occupancy ?? 0)) : null;
}

/// <summary>A directed edge of the NRM: <see cref="FromActorId"/> refers people to <see cref="ToActorId"/> for these services.</summary>
public class ReferralChannel
{
    public int Id { get; set; }
    public int FromActorId { get; set; }
    public Actor? FromActor { get; set; }
    public int ToActorId { get; set; }
    public Actor? ToActor { get; set; }
    public List<ServiceType> Services { get; set; } = [];
    public ChannelBasis Basis { get; set; }

    /// <summary>E.g. "within 24 hours (Cabinet Decision 21/2008)".</summary>
    public string? TimeLimitNote { get; set; }

    public bool IsActive { get; set; } = true;
}
