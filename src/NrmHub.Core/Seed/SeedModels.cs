using NrmHub.Core.Actors;

namespace NrmHub.Core.Seed;

public sealed record LocalizedText(string En, string? Az, string? Ru)
{
    public string For(string? language) => language switch
    {
        "az" when !string.IsNullOrWhiteSpace(Az) => Az!,
        "ru" when !string.IsNullOrWhiteSpace(Ru) => Ru!,
        _ => En,
    };
}

/// <summary>The NRM of one country as the running instance serves it (chosen by Nrm:Country).</summary>
/// <param name="Regions">
/// The region keys: English names that actors' region and regions served and a case's region identified store. They
/// never change with the UI language; show a region with <see cref="RegionName"/>.
/// </param>
/// <param name="RegionNames">Each key's name in en/az/ru; a key missing here is shown as itself.</param>
public sealed record CountryProfile(
    string Code,
    LocalizedText Name,
    string TimeZone,
    IReadOnlyList<string> Regions,
    IReadOnlyDictionary<string, LocalizedText>? RegionNames = null,
    IReadOnlyList<string>? NationalNames = null)
{
    /// <summary>How a citizen's nationality is written in the three languages ("Azerbaijani", "Azərbaycan", ...).</summary>
    public IReadOnlyList<string> Nationals => NationalNames ?? [];

    /// <summary>The region's name in the UI language, falling back to English, then to the key itself.</summary>
    public string RegionName(string key, string? language) =>
        RegionNames is not null && RegionNames.TryGetValue(key, out var name) ? name.For(language) : key;
}

public sealed record ContactSeed(string Role, ContactKind Kind, string Value);

public sealed record MandateSeed(
    Pillar Pillar,
    IReadOnlyList<ServiceType> Services,
    string? LegalBasis,
    string? LegalReference,
    int? Capacity,
    int? Occupancy);

public sealed record ActorSeed(
    string Code,
    LocalizedText ShortName,
    LocalizedText Name,
    ActorKind Kind,
    ActorLevel Level,
    string? Region,
    string? Parent,
    IReadOnlyList<string> RegionsServed,
    string? Address,
    Disclosure AddressDisclosure,
    IReadOnlyList<ContactSeed> Contacts,
    IReadOnlyList<MandateSeed> Mandates);

public sealed record ChannelSeed(
    string From,
    string To,
    IReadOnlyList<ServiceType> Services,
    ChannelBasis Basis,
    string? TimeLimit);

public sealed record SeedData(CountryProfile Profile, IReadOnlyList<ActorSeed> Actors, IReadOnlyList<ChannelSeed> Channels);

/// <summary>A seed file is wrong. The message names the file, the record and the field so a person can fix it.</summary>
public sealed class SeedValidationException(string file, string record, string field, string problem)
    : Exception($"Seed file '{file}', record {record}, field '{field}': {problem}")
{
    public string File { get; } = file;
    public string Record { get; } = record;
    public string Field { get; } = field;
}
