using System.Security.Cryptography;

namespace NrmHub.Core.Referrals;

/// <summary>
/// A (potential) victim's case, known outside its parties only by a pseudonymous code. The personal profile lives
/// in <see cref="CaseProfile"/>, a separate row, so listing cases never loads personal data by accident.
/// </summary>
public class Case
{
    public int Id { get; set; }

    /// <summary>E.g. "AZ-2026-7F3K9Q": country, year, random part; contains nothing about the person.</summary>
    public required string Code { get; set; }

    public int OpenedByActorId { get; set; }
    public DateTime OpenedAtUtc { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
    public CaseProfile? Profile { get; set; }
    public List<Referral> Referrals { get; set; } = [];

    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string NewCode(string country, DateTime utcNow)
    {
        Span<char> random = stackalloc char[6];
        for (var i = 0; i < random.Length; i++)
        {
            random[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"{country.ToUpperInvariant()}-{utcNow.Year}-{random}";
    }
}

/// <summary>Personal data of the person referred: shown only to users of actors that are party to the case, every read audited.</summary>
public class CaseProfile
{
    public int CaseId { get; set; }
    public string? FullName { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public AgeGroup AgeGroup { get; set; } = AgeGroup.Unknown;
    public Sex Sex { get; set; } = Sex.Unknown;
    public string? Nationality { get; set; }
    public string? Languages { get; set; }
    public string? Contact { get; set; }
    public List<Vulnerability> Vulnerabilities { get; set; } = [];
    public ExploitationForm ExploitationForm { get; set; }
    public string? RegionIdentified { get; set; }

    /// <summary>
    /// Statistical markers, set when the case is opened and kept when <see cref="CaseRetention"/> clears the
    /// nationality and vulnerabilities they come from: the indicators disaggregate by them for as long as they count
    /// the case, and none of them identifies a person on its own.
    /// </summary>
    public NationalityGroup NationalityGroup { get; set; } = NationalityGroup.Unknown;

    public bool Disability { get; set; }
    public bool Migrant { get; set; }

    /// <summary>National when the stated nationality is one of the country profile's names for its own citizens.</summary>
    public static NationalityGroup GroupOf(string? nationality, IReadOnlyCollection<string> nationals) =>
        TextRules.IsBlank(nationality) ? NationalityGroup.Unknown
        : nationals.Any(n => string.Equals(n.Trim(), nationality!.Trim(), StringComparison.CurrentCultureIgnoreCase)) ? NationalityGroup.National
        : NationalityGroup.Foreign;
}

public enum NationalityGroup
{
    National,
    Foreign,
    Unknown,
}
