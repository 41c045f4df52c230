using System.Globalization;
using System.Net;
using System.Text;
using NrmHub.Core.Actors.Exports;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;

namespace NrmHub.Core.Actors.Snapshots;

/// <summary>The UI texts exports need (the poster, the 3W table), in a given language; the host supplies them from its resources.</summary>
public interface IExportText
{
    string Get(string language, string key);
}

/// <summary>The artefacts a snapshot can be downloaded as: name in the URL, file extension and media type.</summary>
public sealed record SnapshotArtefact(string Name, string ContentType)
{
    public bool IsPoster => Name.StartsWith("poster-", StringComparison.Ordinal);

    public static readonly IReadOnlyList<SnapshotArtefact> All =
    [
        new("graph.json", "application/json; charset=utf-8"),
        new("directory.csv", "text/csv; charset=utf-8"),
        new("hsds.zip", "application/zip"),
        new("coverage.json", "application/json; charset=utf-8"),
        new("activity.json", "application/json; charset=utf-8"),
        new("poster-en.html", "text/html; charset=utf-8"),
        new("poster-az.html", "text/html; charset=utf-8"),
        new("poster-ru.html", "text/html; charset=utf-8"),
    ];

    public static SnapshotArtefact? Find(string name) => All.FirstOrDefault(a => a.Name == name);

    public static byte[] Content(MappingSnapshot s, SnapshotArtefact artefact) => artefact.Name switch
    {
        "graph.json" => Encoding.UTF8.GetBytes(s.GraphJson),
        "directory.csv" => Encoding.UTF8.GetBytes(s.DirectoryCsv),
        "hsds.zip" => s.HsdsZip,
        "coverage.json" => Encoding.UTF8.GetBytes(s.CoverageJson),
        "activity.json" => Encoding.UTF8.GetBytes(s.ActivityJson),
        "poster-en.html" => Encoding.UTF8.GetBytes(s.PosterEn),
        "poster-az.html" => Encoding.UTF8.GetBytes(s.PosterAz),
        "poster-ru.html" => Encoding.UTF8.GetBytes(s.PosterRu),
        _ => throw new ArgumentOutOfRangeException(nameof(artefact)),
    };
}

public sealed record CoverageExport(
    string Country,
    IReadOnlyList<string> Regions,
    IReadOnlyList<ServiceType> Services,
    IReadOnlyList<CoverageExportCell> Cells,
    IReadOnlyList<CoverageExportCell> Gaps,
    IReadOnlyList<string> IsolatedActors,
    IReadOnlyList<CoverageExportUnreached> UnreachedMandates);

public sealed record CoverageExportCell(string Region, ServiceType Service, IReadOnlyList<string> Providers);

public sealed record CoverageExportUnreached(string Actor, ServiceType Service);

/// <param name="MedianHoursToAccept">Median time from sending to acceptance over the accepted referrals; null when none was accepted.</param>
public sealed record ChannelActivity(string From, string To, bool Active, int Sent, int Accepted, double? MedianHoursToAccept);

public sealed record ActivityExport(string Country, DateTime FromUtc, DateTime ToUtc, IReadOnlyList<ChannelActivity> Channels);

/// <summary>The referral facts activity needs: no case, no person, only who sent to whom and when.</summary>
public sealed record ReferralTiming(int FromActorId, int ToActorId, DateTime SentAtUtc, DateTime? AcceptedAtUtc);

/// <summary>Builds the snapshot artefacts that the exports of the actors issue do not already build.</summary>
public static class SnapshotArtefacts
{
    public static readonly TimeSpan ActivityWindow = TimeSpan.FromDays(90);

    /// <summary>The directory as one CSV row per actor; never a restricted address or region.</summary>
    public static string DirectoryCsv(NrmSnapshot snapshot, CountryProfile country)
    {
        var codeById = snapshot.Actors.ToDictionary(a => a.Id, a => a.Code);
        var header = new[] { "code", "short_name", "name_en", "name_az", "name_ru", "kind", "level", "parent", "region", "regions_served", "services", "phones", "emails", "website", "active" };
        var rows = snapshot.Actors.OrderBy(a => a.Code, StringComparer.Ordinal).Select(a => (IEnumerable<string?>)
        [
            a.Code, a.ShortName, a.NameEn, a.NameAz, a.NameRu, a.Kind.ToString(), a.Level.ToString(),
            a.ParentId is { } p ? codeById.GetValueOrDefault(p) : null,
            NrmSnapshot.PublicRegion(a),
            a.RegionsServed.Count == 0 ? string.Join("; ", country.Regions) : string.Join("; ", a.RegionsServed),
            string.Join("; ", a.Mandates.SelectMany(m => m.Services).Distinct().Order()),
            string.Join("; ", a.Contacts.Where(c => c.Kind == ContactKind.Phone).Select(c => c.Value)),
            string.Join("; ", a.Contacts.Where(c => c.Kind == ContactKind.Email).Select(c => c.Value)),
            a.Contacts.FirstOrDefault(c => c.Kind == ContactKind.Web)?.Value,
            a.IsActive ? "yes" : "no",
        ]);
        return Csv.Write(rows.Prepend(header));
    }

    public static CoverageExport Coverage(NrmSnapshot snapshot, CountryProfile country)
    {
        var codeById = snapshot.Actors.ToDictionary(a => a.Id, a => a.Code);
        var coverage = NrmGraph.From(snapshot.Actors, snapshot.Channels, country.Regions).ComputeCoverage();
        var cells = coverage.Cells
            .Select(c => new CoverageExportCell(c.Region, c.Service, c.ProviderIds.Select(id => codeById[id]).Order(StringComparer.Ordinal).ToList()))
            .ToList();
        return new CoverageExport(
            country.Code,
            coverage.Regions,
            coverage.Services,
            cells,
            cells.Where(c => c.Providers.Count == 0).ToList(),
            coverage.IsolatedActorIds.Select(id => codeById[id]).Order(StringComparer.Ordinal).ToList(),
            coverage.UnreachedMandates.Select(m => new CoverageExportUnreached(codeById[m.ActorId], m.Service)).ToList());
    }

    /// <summary>Per channel, the referrals sent along it in the window, how many were accepted and the median time to acceptance.</summary>
    public static ActivityExport Activity(NrmSnapshot snapshot, CountryProfile country, IReadOnlyList<ReferralTiming> referrals, DateTime nowUtc)
    {
        var from = nowUtc - ActivityWindow;
        var codeById = snapshot.Actors.ToDictionary(a => a.Id, a => a.Code);
        var byPair = referrals
            .Where(r => r.SentAtUtc >= from && r.SentAtUtc <= nowUtc)
            .ToLookup(r => (r.FromActorId, r.ToActorId));
        var channels = snapshot.Channels
            .Where(c => codeById.ContainsKey(c.FromActorId) && codeById.ContainsKey(c.ToActorId))
            .Select(c =>
            {
                var sent = byPair[(c.FromActorId, c.ToActorId)].ToList();
                var hours = sent.Where(r => r.AcceptedAtUtc is not null)
                    .Select(r => (r.AcceptedAtUtc!.Value - r.SentAtUtc).TotalHours)
                    .ToList();
                return new ChannelActivity(codeById[c.FromActorId], codeById[c.ToActorId], c.IsActive, sent.Count, hours.Count, Median(hours));
            })
            .OrderBy(c => c.From, StringComparer.Ordinal).ThenBy(c => c.To, StringComparer.Ordinal)
            .ToList();
        return new ActivityExport(country.Code, from, nowUtc, channels);
    }

    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return Math.Round(median, 1);
    }

    /// <summary>
    /// One printable page (A4): who does what for a victim, by pillar and service, with each actor's public phone.
    /// Addresses are left out altogether: a poster hangs in public places and must never point to a shelter.
    /// Awareness raising is left out too: it is work on the public, not help a victim can ask for, and its long
    /// list of actors would push the poster onto a second page.
    /// </summary>
    public static string Poster(NrmSnapshot snapshot, CountryProfile country, IExportText text, string language, DateTime takenAtUtc)
    {
        string T(string key) => WebUtility.HtmlEncode(text.Get(language, key));
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

        var active = snapshot.Actors.Where(a => a.IsActive).ToList();
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(country.TimeZone, out var tz) ? tz : TimeZoneInfo.Utc;
        var date = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(takenAtUtc, DateTimeKind.Utc), zone).ToString("d MMM yyyy", CultureInfo.GetCultureInfo(language));
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(T("Jobs.Poster.Title")).Append(" · ").Append(E(country.Name.For(language))).Append("</title>\n<style>\n")
            .Append("@page { size: A4; margin: 10mm; }\n")
            .Append("body { font-family: system-ui, 'Segoe UI', Arial, sans-serif; color: #111; margin: 0; font-size: 8.5pt; line-height: 1.2; }\n")
            .Append("h1 { font-size: 16pt; margin: 0 0 2mm; } .lead { margin: 0 0 4mm; font-size: 10.5pt; }\n")
            .Append("main { columns: 2; column-gap: 8mm; } section { margin: 0 0 3mm; } .service { break-inside: avoid; }\n")
            .Append("h2 { font-size: 11pt; margin: 0 0 1.5mm; padding: 1mm 2mm; break-after: avoid; background: #1f3a5f; color: #fff; }\n")
            // Providers run on as one paragraph per service (still a list for screen readers), so the page stays one page.
            .Append("h3 { font-size: 10pt; margin: 1.5mm 0 0.5mm; } ul { margin: 0; padding: 0; list-style: none; } li { display: inline; }\n")
            .Append("li + li::before { content: ' · '; color: #555; }\n")
            .Append(".phone { white-space: nowrap; font-weight: 600; } footer { margin-top: 4mm; font-size: 8pt; color: #444; }\n")
            .Append("@media screen { body { max-width: 210mm; margin: 8mm auto; } }\n")
            // Browsers print without backgrounds by default: the white-on-blue pillar bars would vanish. On paper
            // everything is black on white, the bars become rules, and a service's list never splits over a break.
            .Append("@media print { body { color: #000; background: #fff; } h2 { background: none; color: #000; border-bottom: 1.5pt solid #000; padding: 0 0 .5mm; }")
            .Append(" li + li::before, footer { color: #000; } a { color: #000; text-decoration: none; } section { break-inside: auto; } .service { break-inside: avoid; page-break-inside: avoid; } }\n")
            .Append("</style>\n</head>\n<body>\n<header>\n<h1>").Append(T("Jobs.Poster.Title")).Append(" — ").Append(E(country.Name.For(language)))
            .Append("</h1>\n<p class=\"lead\">").Append(T("Jobs.Poster.Lead")).Append("</p>\n</header>\n<main>\n");

        foreach (var pillar in Enum.GetValues<Pillar>())
        {
            var services = Enum.GetValues<ServiceType>().Where(s => ServiceTaxonomy.PillarOf(s) == pillar && s != ServiceType.Awareness)
                .Select(s => (Service: s, Providers: active.Where(a => a.Mandates.Any(m => m.Services.Contains(s))).OrderBy(a => a.Name(language), StringComparer.Ordinal).ToList()))
                .Where(x => x.Providers.Count > 0)
                .ToList();
            if (services.Count == 0)
            {
                continue;
            }

            html.Append("<section>\n<h2>").Append(T($"Pillar.{pillar}")).Append("</h2>\n");
            foreach (var (service, providers) in services)
            {
                html.Append("<div class=\"service\">\n<h3>").Append(T($"Service.{service}")).Append("</h3>\n<ul>\n");
                foreach (var actor in providers)
                {
                    html.Append("<li>").Append(E(actor.Name(language)));
                    if (actor.Contacts.FirstOrDefault(c => c.Kind == ContactKind.Phone) is { } phone)
                    {
                        html.Append(" — <span class=\"phone\">").Append(E(phone.Value)).Append("</span>");
                    }

                    html.Append("</li>\n");
                }

                html.Append("</ul>\n</div>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("</main>\n<footer>").Append(T("Jobs.Poster.Footer")).Append(' ').Append(date).Append("</footer>\n</body>\n</html>\n");
        return html.ToString();
    }
}
