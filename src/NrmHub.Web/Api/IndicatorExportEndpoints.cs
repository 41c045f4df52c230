using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;
using NrmHub.Core.Indicators;
using NrmHub.Core.Seed;
using NrmHub.Web.Components.Pages.Indicators;
using NrmHub.Web.Resources;

namespace NrmHub.Web.Api;

/// <summary>
/// The indicator exports: the framework, its observations (tidy, SDMX-like) and one line with a breakdown for
/// coordinators and admins; the definitions and the published lines for anyone. Every number comes from the
/// FrameworkService rows the dashboard shows, through the same suppression. A wrong period, region or breakdown is a
/// 400 naming the parameter, never a silently different file.
/// </summary>
public static class IndicatorExportEndpoints
{
    private const string CsvType = "text/csv; charset=utf-8";

    public static void MapIndicatorExportEndpoints(this IEndpointRouteBuilder app)
    {
        var coordinators = app.MapGroup("/api/indicators").RequireAuthorization(p => p.RequireRole(Roles.Coordinator, Roles.Admin));

        coordinators.MapGet("/framework.csv", async (HttpContext http, FrameworkService framework, Deps deps, CancellationToken ct) =>
        {
            if (Filter(http, framework, deps.Profile) is not { } filter)
            {
                return Refusal(http, framework, deps.Profile);
            }

            var rows = await framework.ComputeAsync(filter, ct: ct);
            return Results.File(IndicatorExport.Framework(rows, filter, await deps.LabelsAsync(ct)), CsvType, $"framework-{Stamp(filter)}.csv");
        });

        coordinators.MapGet("/observations.csv", async (HttpContext http, FrameworkService framework, Deps deps, CancellationToken ct) =>
        {
            if (Filter(http, framework, deps.Profile) is not { } filter)
            {
                return Refusal(http, framework, deps.Profile);
            }

            var rows = await framework.ComputeAsync(filter, ct: ct);
            return Results.File(IndicatorExport.Observations(rows.Select(r => (r, (IndicatorTable?)null)), filter, deps.Profile.Code, await deps.LabelsAsync(ct)),
                CsvType, $"observations-{Stamp(filter)}.csv");
        });

        coordinators.MapGet("/lines/{code}.csv", async (string code, HttpContext http, FrameworkService framework, Deps deps, CancellationToken ct) =>
        {
            if (framework.Framework.Find(code) is not { } line)
            {
                return Results.NotFound();
            }

            if (Filter(http, framework, deps.Profile) is not { } filter)
            {
                return Refusal(http, framework, deps.Profile);
            }

            Dimension? by = null;
            var byText = http.Request.Query["by"].ToString();
            if (byText.Length > 0)
            {
                var definition = IndicatorCatalog.Find(line.Measure.Indicator)!;
                if (!Enum.TryParse<Dimension>(byText, out var d) || !Enum.IsDefined(d) || !definition.Dimensions.Contains(d))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]>
                    {
                        ["by"] = [$"'{byText}' is not a breakdown of {definition.Key}; use one of {string.Join(", ", definition.Dimensions)}."],
                    });
                }

                by = d;
            }

            var result = (await framework.LineAsync(code, filter, by, ct))!.Value;
            return Results.File(IndicatorExport.Observations([result], filter, deps.Profile.Code, await deps.LabelsAsync(ct)), CsvType, $"{code}-{Stamp(filter)}.csv");
        });

        app.MapGet("/api/indicators/definitions.csv", (IndicatorEngine engine, Deps deps) =>
            Results.File(IndicatorExport.Definitions(engine.Threshold, deps.Labels(new Dictionary<int, NrmHub.Core.Actors.Actor>())), CsvType, "indicator-definitions.csv")).AllowAnonymous();

        app.MapGet("/api/public/indicators.csv", async (FrameworkService framework, Deps deps, CancellationToken ct) =>
        {
            var rows = await framework.ComputeAsync(framework.DefaultFilter, publishedOnly: true, ct);
            return Results.File(IndicatorExport.Framework(rows, framework.DefaultFilter, deps.Labels(new Dictionary<int, NrmHub.Core.Actors.Actor>())), CsvType, "public-indicators.csv");
        }).AllowAnonymous();
    }

    private static IndicatorFilter? Filter(HttpContext http, FrameworkService framework, CountryProfile profile) =>
        Parse(http, framework, profile).Filter;

    private static (IndicatorFilter? Filter, string? Field, string? Problem) Parse(HttpContext http, FrameworkService framework, CountryProfile profile) =>
        IndicatorFilter.Parse(http.Request.Query["from"], http.Request.Query["to"], http.Request.Query["region"], framework.DefaultFilter, profile.Regions);

    private static IResult Refusal(HttpContext http, FrameworkService framework, CountryProfile profile)
    {
        var (_, field, problem) = Parse(http, framework, profile);
        return Results.ValidationProblem(new Dictionary<string, string[]> { [field!] = [problem!] });
    }

    private static string Stamp(IndicatorFilter filter) =>
        $"{filter.From:yyyyMMdd}-{filter.To:yyyyMMdd}" + (filter.Region is { } r ? "-" + new string([.. r.Where(char.IsLetterOrDigit)]) : "");

    /// <summary>What every export needs to put words to its codes, in the caller's language.</summary>
    public sealed class Deps(IStringLocalizer<UiText> text, CountryProfile profile, IDbContextFactory<NrmDbContext> dbFactory)
    {
        public CountryProfile Profile => profile;

        public ExportLabels Labels(IReadOnlyDictionary<int, NrmHub.Core.Actors.Actor> actors) => IndicatorText.Labels(text, profile, actors);

        public async Task<ExportLabels> LabelsAsync(CancellationToken ct)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return Labels(await db.Actors.AsNoTracking().ToDictionaryAsync(a => a.Id, ct));
        }
    }
}
