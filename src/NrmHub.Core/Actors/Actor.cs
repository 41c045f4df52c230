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

    /// <summary>Stable key from the seed files; seeding upserts by it, so it never changes.</summary>
    public required string Code { get; set; }

    public required string ShortName { get; set; }
    public required string NameEn { get; set; }
    public string? NameAz { get; set; }
    public string? NameRu { get; set; }
    public ActorKind Kind { get; set; }
    public ActorLevel Level { get; set; }
    public string? Region { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>The name in the given UI language, falling back to English where a translation is missing.</summary>
    public string Name(string? language) => language switch
    {
        "az" when !string.IsNullOrWhiteSpace(NameAz) => NameAz!,
        "ru" when !string.IsNullOrWhiteSpace(NameRu) => NameRu!,
        _ => NameEn,
    };
}
