namespace NrmHub.Core.Actors;

/// <summary>What an administrator edits about an actor. Mutable so a form can bind to it; validated on save.</summary>
public sealed class ActorForm
{
    /// <summary>Identifies the actor; fixed once created (seeding and links key on it).</summary>
    public string Code { get; set; } = "";

    public string ShortName { get; set; } = "";
    public string? ShortNameAz { get; set; }
    public string? ShortNameRu { get; set; }
    public string NameEn { get; set; } = "";
    public string? NameAz { get; set; }
    public string? NameRu { get; set; }
    public ActorKind Kind { get; set; } = ActorKind.Ngo;
    public ActorLevel Level { get; set; } = ActorLevel.National;
    public string? Region { get; set; }
    public List<string> RegionsServed { get; set; } = [];
    public int? ParentId { get; set; }
    public string? Address { get; set; }
    public Disclosure AddressDisclosure { get; set; } = Disclosure.Public;
    public List<ContactForm> Contacts { get; set; } = [];
    public List<MandateForm> Mandates { get; set; } = [];

    /// <summary>Shown only; activation has its own operation.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>The state the form was loaded from; an update is refused when the actor has changed since.</summary>
    public string? Version { get; set; }
}

public sealed class ContactForm
{
    public string Role { get; set; } = "";
    public ContactKind Kind { get; set; } = ContactKind.Phone;
    public string Value { get; set; } = "";
}

public sealed class MandateForm
{
    /// <summary>0 for a mandate added in this edit.</summary>
    public int Id { get; set; }

    public Pillar Pillar { get; set; } = Pillar.Protection;
    public List<ServiceType> Services { get; set; } = [];
    public string? LegalBasisText { get; set; }
    public string? LegalBasisReference { get; set; }
    public int? Capacity { get; set; }
    public int? Occupancy { get; set; }
}

/// <summary>A referral channel as an administrator edits it. From and to are its identity and fixed once created.</summary>
public sealed class ChannelForm
{
    public int Id { get; set; }
    public int FromActorId { get; set; }
    public int ToActorId { get; set; }
    public List<ServiceType> Services { get; set; } = [];
    public ChannelBasis Basis { get; set; } = ChannelBasis.Sop;
    public string? TimeLimitNote { get; set; }
    public bool IsActive { get; set; } = true;
    public string? Version { get; set; }
}

/// <summary>
/// One refused value. <see cref="Field"/> names the form property (e.g. "Mandates[0].Services"), <see cref="Code"/> is
/// stable for the UI to translate, <see cref="Message"/> is the English sentence, <see cref="Detail"/> fills a {0}.
/// </summary>
public sealed record AdminError(string Field, string Code, string Message, string? Detail = null);

/// <summary>The outcome of an administrative change: either saved (with the new version) or refused with reasons.</summary>
public sealed class AdminResult
{
    private AdminResult(IReadOnlyList<AdminError> errors, string? version)
    {
        Errors = errors;
        Version = version;
    }

    public IReadOnlyList<AdminError> Errors { get; }

    public bool Succeeded => Errors.Count == 0;

    /// <summary>The version of the entity after the change, so an open editor can go on editing it.</summary>
    public string? Version { get; }

    public static AdminResult Ok(string? version) => new([], version);

    public static AdminResult Failed(IReadOnlyList<AdminError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("A failed result needs at least one error.", nameof(errors)) : new(errors, null);

    public static AdminResult Failed(AdminError error) => new([error], null);

    public IEnumerable<AdminError> For(string field) => Errors.Where(e => e.Field == field);
}

/// <summary>The error codes Administration returns; the UI translates "Admin.Error.{code}".</summary>
public static class AdminErrorCodes
{
    public const string Stale = "Stale";
    public const string NotFound = "NotFound";
    public const string TooLong = "TooLong";
    public const string UnknownValue = "UnknownValue";
    public const string CodeInvalid = "Actor.CodeInvalid";
    public const string CodeTaken = "Actor.CodeTaken";
    public const string ShortNameRequired = "Actor.ShortNameRequired";
    public const string NameRequired = "Actor.NameRequired";
    public const string RegionUnknown = "Actor.RegionUnknown";
    public const string ParentUnknown = "Actor.ParentUnknown";
    public const string ParentSelf = "Actor.ParentSelf";
    public const string ParentLoop = "Actor.ParentLoop";
    public const string ShelterAddress = "Actor.ShelterAddress";
    public const string ContactIncomplete = "Contact.Incomplete";
    public const string ContactEmail = "Contact.Email";
    public const string MandateServices = "Mandate.Services";
    public const string MandateCapacity = "Mandate.Capacity";
    public const string MandateInUse = "Mandate.InUse";
    public const string ChannelActorUnknown = "Channel.ActorUnknown";
    public const string ChannelSelfLoop = "Channel.SelfLoop";
    public const string ChannelDuplicate = "Channel.Duplicate";
    public const string ChannelServices = "Channel.Services";
    public const string ChannelNotMandated = "Channel.NotMandated";
}
