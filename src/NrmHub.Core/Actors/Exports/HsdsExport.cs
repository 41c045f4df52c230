using NrmHub.Core.Seed;

namespace NrmHub.Core.Actors.Exports;

/// <summary>
/// The NRM as Open Referral HSDS 3.0 objects: each actor an organization, each mandated service of an actor a
/// service, each publicly located actor a location. Only the fields NrmHub holds are filled. Property names become
/// HSDS field names (snake_case) in both the JSON and the tabular package.
/// </summary>
public sealed record HsdsDataset(
    string HsdsVersion,
    IReadOnlyList<HsdsOrganization> Organizations,
    IReadOnlyList<HsdsService> Services,
    IReadOnlyList<HsdsLocation> Locations,
    IReadOnlyList<HsdsServiceAtLocation> ServiceAtLocations,
    IReadOnlyList<HsdsTaxonomy> Taxonomies,
    IReadOnlyList<HsdsTaxonomyTerm> TaxonomyTerms);

public sealed record HsdsOrganization(
    string Id,
    string Name,
    string? AlternateName,
    string Description,
    string? Email,
    string? Website,
    string? ParentOrganizationId,
    IReadOnlyList<HsdsPhone> Phones,
    IReadOnlyList<HsdsContact> Contacts);

public sealed record HsdsPhone(string Id, string OrganizationId, string Number, string Type, string? Description);

/// <summary>A role-based contact (a unit's e-mail); NrmHub keeps no named people here, so there is no name.</summary>
public sealed record HsdsContact(string Id, string OrganizationId, string Title, string Email);

public sealed record HsdsService(
    string Id,
    string OrganizationId,
    string Name,
    string Description,
    string Status,
    IReadOnlyList<HsdsAttribute> Attributes);

public sealed record HsdsAttribute(string Id, string LinkId, string LinkType, string LinkEntity, string TaxonomyTermId);

/// <summary>
/// A publicly located actor. HSDS requires an address to have a city, a state or province and a postal code, which
/// NrmHub does not keep (an address is one line), so no address object is published: an address with empty
/// required cells fails every validator. The line is kept readable in the location's description instead.
/// </summary>
public sealed record HsdsLocation(string Id, string LocationType, string OrganizationId, string Name, string Description);

public sealed record HsdsServiceAtLocation(string Id, string ServiceId, string LocationId);

public sealed record HsdsTaxonomy(string Id, string Name, string Description, string Version);

public sealed record HsdsTaxonomyTerm(string Id, string Code, string Name, string Description, string? ParentId, string TaxonomyId, string Language);

public static class HsdsExport
{
    public const string Version = "3.0";
    public const string TaxonomyName = "nrmhub-services";

    public static string TermCode(Pillar pillar) => $"pillar/{pillar}";

    public static string TermCode(ServiceType service) => $"service/{service}";

    public static HsdsDataset Build(NrmSnapshot snapshot, CountryProfile country)
    {
        var (taxonomy, terms) = Taxonomy();
        var termIds = terms.ToDictionary(t => t.Code, t => t.Id, StringComparer.Ordinal);
        var codeById = snapshot.Actors.ToDictionary(a => a.Id, a => a.Code);
        var nameById = snapshot.Actors.ToDictionary(a => a.Id, a => a.NameEn);

        var organizations = new List<HsdsOrganization>();
        var services = new List<HsdsService>();
        var locations = new List<HsdsLocation>();
        var servicesAtLocations = new List<HsdsServiceAtLocation>();
        foreach (var actor in snapshot.Actors.OrderBy(a => a.Code, StringComparer.Ordinal))
        {
            var orgId = Id(country, "organization", actor.Code);
            var parentId = actor.ParentId is { } p && codeById.TryGetValue(p, out var parentCode) ? Id(country, "organization", parentCode) : null;
            var parentName = actor.ParentId is { } q ? nameById.GetValueOrDefault(q) : null;
            organizations.Add(new HsdsOrganization(
                orgId,
                actor.NameEn,
                actor.ShortName,
                Describe(actor, country, parentName),
                actor.Contacts.FirstOrDefault(c => c.Kind == ContactKind.Email)?.Value,
                actor.Contacts.FirstOrDefault(c => c.Kind == ContactKind.Web)?.Value,
                parentId,
                actor.Contacts.Where(c => c.Kind == ContactKind.Phone).DistinctBy(c => c.Value)
                    .Select(c => new HsdsPhone(Id(country, "phone", actor.Code, c.Value), orgId, c.Value, "voice", c.Role))
                    .ToList(),
                actor.Contacts.Where(c => c.Kind == ContactKind.Email).DistinctBy(c => c.Value)
                    .Select(c => new HsdsContact(Id(country, "contact", actor.Code, c.Value), orgId, c.Role, c.Value))
                    .ToList()));

            string? locationId = null;
            if (NrmSnapshot.PublicAddress(actor) is { } address)
            {
                locationId = Id(country, "location", actor.Code);
                var region = NrmSnapshot.PublicRegion(actor) is { } seat ? $" ({country.RegionName(seat, "en")})" : "";
                locations.Add(new HsdsLocation(locationId, "physical", orgId, actor.NameEn, $"Address: {address}{region}, {country.Name.En}."));
            }

            foreach (var service in actor.Mandates.SelectMany(m => m.Services).Distinct().Order())
            {
                var serviceId = Id(country, "service", actor.Code, service.ToString());
                var mandates = actor.Mandates.Where(m => m.Services.Contains(service)).OrderBy(m => m.Pillar).ToList();
                var attributes = new List<HsdsAttribute>
                {
                    new(Id(country, "attribute", actor.Code, service.ToString(), TermCode(service)), serviceId, "service_type", "service", termIds[TermCode(service)]),
                };
                attributes.AddRange(mandates.Select(m => m.Pillar).Distinct().Select(pillar =>
                    new HsdsAttribute(Id(country, "attribute", actor.Code, service.ToString(), TermCode(pillar)), serviceId, "pillar", "service", termIds[TermCode(pillar)])));
                services.Add(new HsdsService(
                    serviceId,
                    orgId,
                    $"{ExportVocabulary.Label(service)} — {actor.ShortName}",
                    Describe(service, actor, mandates),
                    actor.IsActive ? "active" : "inactive",
                    attributes));
                if (locationId is not null)
                {
                    servicesAtLocations.Add(new HsdsServiceAtLocation(Id(country, "service_at_location", actor.Code, service.ToString()), serviceId, locationId));
                }
            }
        }

        return new HsdsDataset(Version, organizations, services, locations, servicesAtLocations, [taxonomy], terms);
    }

    /// <summary>One taxonomy for all countries: pillars at the top, each service under the pillar it belongs to.</summary>
    private static (HsdsTaxonomy Taxonomy, List<HsdsTaxonomyTerm> Terms) Taxonomy()
    {
        var taxonomy = new HsdsTaxonomy(
            StableId.For($"taxonomy/{TaxonomyName}"),
            TaxonomyName,
            "NrmHub's controlled list of services a (presumed) victim of trafficking is referred for, grouped under the four pillars (the 4 Ps).",
            "1");
        string TermId(string code) => StableId.For($"taxonomy/{TaxonomyName}/{code}");

        var terms = Enum.GetValues<Pillar>()
            .Select(p => new HsdsTaxonomyTerm(TermId(TermCode(p)), TermCode(p), p.ToString(), ExportVocabulary.Definition(p), null, taxonomy.Id, "en"))
            .Concat(Enum.GetValues<ServiceType>().Select(s => new HsdsTaxonomyTerm(
                TermId(TermCode(s)), TermCode(s), ExportVocabulary.Label(s), ExportVocabulary.Definition(s),
                TermId(TermCode(ServiceTaxonomy.PillarOf(s))), taxonomy.Id, "en")))
            .ToList();
        return (taxonomy, terms);
    }

    private static string Describe(Actor actor, CountryProfile country, string? parentName)
    {
        var parts = new List<string>
        {
            $"{ExportVocabulary.Label(actor.Kind)} ({actor.Level.ToString().ToLowerInvariant()} level) in the National Referral Mechanism of {country.Name.En}.",
            actor.RegionsServed.Count == 0 ? "Serves all regions." : $"Serves: {string.Join(", ", actor.RegionsServed)}.",
        };
        if (parentName is not null)
        {
            parts.Add($"Part of: {parentName}.");
        }

        if (!string.IsNullOrWhiteSpace(actor.NameAz))
        {
            parts.Add($"Azerbaijani name: {actor.NameAz}.");
        }

        if (!string.IsNullOrWhiteSpace(actor.NameRu))
        {
            parts.Add($"Russian name: {actor.NameRu}.");
        }

        if (!actor.IsActive)
        {
            parts.Add("No longer active in the NRM.");
        }

        return string.Join(" ", parts);
    }

    private static string Describe(ServiceType service, Actor actor, IReadOnlyList<Mandate> mandates)
    {
        var pillars = mandates.Select(m => m.Pillar).Distinct().ToList();
        var text = $"{ExportVocabulary.Definition(service)} Provided by {actor.NameEn} under the {string.Join(", ", pillars)} pillar{(pillars.Count > 1 ? "s" : "")}.";
        var bases = mandates
            .Select(m => (m.LegalBasisText?.Trim(), m.LegalBasisReference?.Trim()) switch
            {
                ({ Length: > 0 } t, { Length: > 0 } r) => $"{t} ({r})",
                ({ Length: > 0 } t, _) => t,
                (_, { Length: > 0 } r) => r,
                _ => null,
            })
            .OfType<string>()
            .Distinct()
            .ToList();
        return bases.Count == 0 ? text : $"{text} Legal basis: {string.Join("; ", bases).TrimEnd('.')}.";
    }

    /// <summary>Ids are scoped by country: actor codes are unique within one NRM, not across them.</summary>
    private static string Id(CountryProfile country, string kind, params string[] parts) =>
        StableId.For($"{country.Code}/{kind}/{string.Join('/', parts)}");
}
