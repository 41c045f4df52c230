using System.Text.RegularExpressions;

namespace NrmHub.Core.Actors;

/// <summary>The shapes of actor data that the seed files and Administration both enforce, kept in one place.</summary>
public static partial class ActorRules
{
    public const int CodeMax = 64;
    public const int ShortNameMax = 64;
    public const int NameMax = 300;
    public const int AddressMax = 500;
    public const int ContactTextMax = 200;
    public const int LegalBasisTextMax = 1000;
    public const int LegalBasisReferenceMax = 300;
    public const int TimeLimitNoteMax = 300;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    public static partial Regex CodePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    public static partial Regex EmailPattern();
}
