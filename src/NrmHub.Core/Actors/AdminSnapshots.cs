using NrmHub.Core.Audit;

namespace NrmHub.Core.Actors;

/// <summary>
/// What the audit trail records of an actor or channel, and the mapping between entities and the edit forms.
/// A snapshot names related actors by code, not id, so an audit row reads the same in any database.
/// </summary>
internal static class AdminSnapshots
{
    public sealed record ActorSnapshot(
        string Code,
        string ShortName,
        string? ShortNameAz,
        string? ShortNameRu,
        string NameEn,
        string? NameAz,
        string? NameRu,
        ActorKind Kind,
        ActorLevel Level,
        string? Region,
        IReadOnlyList<string> RegionsServed,
        string? Parent,
        bool IsActive,
        string? Address,
        Disclosure AddressDisclosure,
        IReadOnlyList<ContactSnapshot> Contacts,
        IReadOnlyList<MandateSnapshot> Mandates);

    public sealed record ContactSnapshot(string Role, ContactKind Kind, string Value);

    public sealed record MandateSnapshot(
        Pillar Pillar,
        IReadOnlyList<ServiceType> Services,
        string? LegalBasisText,
        string? LegalBasisReference,
        int? Capacity,
        int? Occupancy);

    public sealed record ChannelSnapshot(
        string From,
        string To,
        IReadOnlyList<ServiceType> Services,
        ChannelBasis Basis,
        string? TimeLimitNote,
        bool IsActive);

    public static ActorSnapshot Of(Actor a, string? parentCode) => new(
        a.Code, a.ShortName, a.ShortNameAz, a.ShortNameRu, a.NameEn, a.NameAz, a.NameRu, a.Kind, a.Level, a.Region, [.. a.RegionsServed], parentCode, a.IsActive,
        a.Address, a.AddressDisclosure,
        [.. a.Contacts.Select(c => new ContactSnapshot(c.Role, c.Kind, c.Value))],
        [.. a.Mandates.OrderBy(m => m.Id).Select(m => new MandateSnapshot(m.Pillar, [.. m.Services], m.LegalBasisText, m.LegalBasisReference, m.Capacity, m.Occupancy))]);

    /// <summary>
    /// The version an editor hands back: the audited snapshot plus the mandate ids the form refers to, taken after
    /// saving so that new mandates have their ids.
    /// </summary>
    public static string Version(Actor a, string? parentCode) =>
        AuditJson.Version(AuditJson.Serialize(Of(a, parentCode)) + string.Join(',', a.Mandates.Select(m => m.Id).Order()));

    public static string Version(ReferralChannel c) => AuditJson.Version(AuditJson.Serialize(Of(c)));

    public static ChannelSnapshot Of(ReferralChannel c) =>
        new(c.FromActor!.Code, c.ToActor!.Code, [.. c.Services], c.Basis, c.TimeLimitNote, c.IsActive);

    public static string Key(ReferralChannel c) => $"{c.FromActor!.Code}->{c.ToActor!.Code}";

    public static ActorForm ToForm(Actor a, string version) => new()
    {
        Code = a.Code,
        ShortName = a.ShortName,
        ShortNameAz = a.ShortNameAz,
        ShortNameRu = a.ShortNameRu,
        NameEn = a.NameEn,
        NameAz = a.NameAz,
        NameRu = a.NameRu,
        Kind = a.Kind,
        Level = a.Level,
        Region = a.Region,
        RegionsServed = [.. a.RegionsServed],
        ParentId = a.ParentId,
        Address = a.Address,
        AddressDisclosure = a.AddressDisclosure,
        Contacts = [.. a.Contacts.Select(c => new ContactForm { Role = c.Role, Kind = c.Kind, Value = c.Value })],
        Mandates = [.. a.Mandates.OrderBy(m => m.Id).Select(m => new MandateForm
        {
            Id = m.Id,
            Pillar = m.Pillar,
            Services = [.. m.Services],
            LegalBasisText = m.LegalBasisText,
            LegalBasisReference = m.LegalBasisReference,
            Capacity = m.Capacity,
            Occupancy = m.Occupancy,
        })],
        IsActive = a.IsActive,
        Version = version,
    };

    public static ChannelForm ToForm(ReferralChannel c, string version) => new()
    {
        Id = c.Id,
        FromActorId = c.FromActorId,
        ToActorId = c.ToActorId,
        Services = [.. c.Services],
        Basis = c.Basis,
        TimeLimitNote = c.TimeLimitNote,
        IsActive = c.IsActive,
        Version = version,
    };

    /// <summary>Copies a validated form onto the entity. Mandates are matched by id: kept ones are updated in place.</summary>
    public static void Apply(ActorForm f, Actor a)
    {
        a.ShortName = f.ShortName;
        a.ShortNameAz = f.ShortNameAz;
        a.ShortNameRu = f.ShortNameRu;
        a.NameEn = f.NameEn;
        a.NameAz = f.NameAz;
        a.NameRu = f.NameRu;
        a.Kind = f.Kind;
        a.Level = f.Level;
        a.Region = f.Region;
        if (!a.RegionsServed.SequenceEqual(f.RegionsServed))
        {
            a.RegionsServed = [.. f.RegionsServed];
        }

        a.ParentId = f.ParentId;
        a.Address = f.Address;
        a.AddressDisclosure = f.AddressDisclosure;
        if (!a.Contacts.Select(c => (c.Role, c.Kind, c.Value)).SequenceEqual(f.Contacts.Select(c => (c.Role, c.Kind, c.Value))))
        {
            a.Contacts = [.. f.Contacts.Select(c => new ContactPoint { Role = c.Role, Kind = c.Kind, Value = c.Value })];
        }

        var kept = f.Mandates.Where(m => m.Id != 0).Select(m => m.Id).ToHashSet();
        a.Mandates.RemoveAll(m => !kept.Contains(m.Id));
        foreach (var m in f.Mandates)
        {
            var mandate = m.Id == 0 ? null : a.Mandates.FirstOrDefault(x => x.Id == m.Id);
            if (mandate is null)
            {
                mandate = new Mandate();
                a.Mandates.Add(mandate);
            }

            mandate.Pillar = m.Pillar;
            if (!mandate.Services.SequenceEqual(m.Services))
            {
                mandate.Services = [.. m.Services];
            }

            mandate.LegalBasisText = m.LegalBasisText;
            mandate.LegalBasisReference = m.LegalBasisReference;
            mandate.Capacity = m.Capacity;
            mandate.Occupancy = m.Occupancy;
        }
    }

    public static void Apply(ChannelForm f, ReferralChannel c)
    {
        if (!c.Services.SequenceEqual(f.Services))
        {
            c.Services = [.. f.Services];
        }

        c.Basis = f.Basis;
        c.TimeLimitNote = f.TimeLimitNote;
    }
}
