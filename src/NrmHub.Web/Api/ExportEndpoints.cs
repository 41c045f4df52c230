using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using NrmHub.Core.Actors.Exports;
using NrmHub.Core.Actors.Snapshots;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;

namespace NrmHub.Web.Api;

public static class ExportEndpoints
{
    private const string Json = "application/json; charset=utf-8";

    /// <summary>
    /// A directory changes a few times a week: five minutes of caching spares the server a rebuild per reader, and the
    /// ETag lets a reader that has the current version check it without downloading it again.
    /// </summary>
    public const string PublicCacheControl = "public, max-age=300";

    /// <summary>What a signed-in reader got must not sit in a shared cache, where the next, anonymous reader would get it.</summary>
    public const string SignedInCacheControl = "private, no-cache";

    /// <summary>
    /// The exports of the NRM. Anonymous by design: they hold organisations, mandates and channels, never a case, and
    /// the builders leave out every restricted address. What only signed-in users may see (how full a shelter is)
    /// is left out for everyone else, at the same address.
    /// </summary>
    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/api/exports").AllowAnonymous();

        exports.MapGet("/hsds.json", async (HttpContext http, IDbContextFactory<NrmDbContext> db, CountryProfile country, CancellationToken ct) =>
        {
            var snapshot = await NrmSnapshot.LoadAsync(db, ct);
            return Cached(http, HsdsJson.Write(HsdsExport.Build(snapshot, country)), Json, ExportDisclosure.Public, snapshot.ChangedAtUtc);
        });

        exports.MapGet("/hsds.zip", async (HttpContext http, IDbContextFactory<NrmDbContext> db, CountryProfile country, TimeProvider clock, CancellationToken ct) =>
        {
            var snapshot = await NrmSnapshot.LoadAsync(db, ct);
            var content = HsdsPackage.Write(HsdsExport.Build(snapshot, country), country, snapshot.ChangedAtUtc);
            return Cached(http, content, "application/zip", ExportDisclosure.Public, snapshot.ChangedAtUtc, HsdsPackage.FileName(country, clock.GetUtcNow()));
        });

        exports.MapGet("/graph.json", async (HttpContext http, IDbContextFactory<NrmDbContext> db, CountryProfile country, CancellationToken ct) =>
        {
            var disclosure = DisclosureFor(http);
            var snapshot = await NrmSnapshot.LoadAsync(db, ct);
            return Cached(http, GraphExport.Write(GraphExport.Build(snapshot, country, disclosure)), Json, disclosure, snapshot.ChangedAtUtc);
        });

        MapWhoWhatWhere(exports);
    }

    /// <summary>The 3W table in the language asked (<c>?lang=</c>) or, without it, the reader's UI language.</summary>
    private static void MapWhoWhatWhere(RouteGroupBuilder exports)
    {
        foreach (var (extension, contentType) in new[] { ("csv", "text/csv; charset=utf-8"), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") })
        {
            exports.MapGet($"/3w.{extension}", async (HttpContext http, string? lang, IDbContextFactory<NrmDbContext> db, CountryProfile country, IExportText text, TimeProvider clock, CancellationToken ct) =>
            {
                var language = lang ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
                if (!WhoWhatWhere.Languages.Contains(language))
                {
                    if (lang is not null)
                    {
                        return Results.ValidationProblem(new Dictionary<string, string[]> { ["lang"] = [$"lang is one of {string.Join(", ", WhoWhatWhere.Languages)}; got '{lang}'."] });
                    }

                    language = "en";
                }

                var snapshot = await NrmSnapshot.LoadAsync(db, ct);
                var content = extension == "csv" ? WhoWhatWhere.Csv(snapshot, country, text, language) : WhoWhatWhere.Xlsx(snapshot, country, text, language);
                var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(country.TimeZone));
                return Cached(http, content, contentType, ExportDisclosure.Public, snapshot.ChangedAtUtc, $"nrmhub-3w-{country.Code}-{local:yyyy-MM-dd}-{language}.{extension}");
            });
        }
    }

    public static ExportDisclosure DisclosureFor(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? ExportDisclosure.SignedIn : ExportDisclosure.Public;

    /// <summary>
    /// The export with its validator: the ETag is a hash of the bytes (the exports are deterministic, so the same
    /// directory gives the same tag), and a matching If-None-Match gets 304 without the body. Last-Modified is when the
    /// directory last changed, for readers that show how current their copy is.
    /// </summary>
    internal static IResult Cached(HttpContext http, byte[] content, string contentType, ExportDisclosure disclosure, DateTime? changedAtUtc, string? fileName = null)
    {
        var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16))}\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = tag;
        if (changedAtUtc is { } changed)
        {
            headers.LastModified = new DateTimeOffset(DateTime.SpecifyKind(changed, DateTimeKind.Utc));
        }

        http.Response.Headers.CacheControl = disclosure == ExportDisclosure.Public ? PublicCacheControl : SignedInCacheControl;
        // The same address answers differently once signed in (graph.json) or in another language (3W): caches must
        // key on what chooses them.
        http.Response.Headers.Vary = "Cookie, Accept-Language";
        var asked = http.Request.GetTypedHeaders().IfNoneMatch;
        if (asked.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return fileName is null ? TypedResults.Bytes(content, contentType) : TypedResults.File(content, contentType, fileName);
    }
}
