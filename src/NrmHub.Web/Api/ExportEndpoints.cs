using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors.Exports;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;

namespace NrmHub.Web.Api;

public static class ExportEndpoints
{
    private const string Json = "application/json; charset=utf-8";

    /// <summary>
    /// The public exports of the NRM. Anonymous by design: they hold organisations, mandates and channels, never a
    /// case, and the builders leave out every restricted address.
    /// </summary>
    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/api/exports").AllowAnonymous();

        exports.MapGet("/hsds.json", async (IDbContextFactory<NrmDbContext> db, CountryProfile country, CancellationToken ct) =>
            TypedResults.Bytes(HsdsJson.Write(HsdsExport.Build(await NrmSnapshot.LoadAsync(db, ct), country)), Json));

        exports.MapGet("/hsds.zip", async (IDbContextFactory<NrmDbContext> db, CountryProfile country, TimeProvider clock, CancellationToken ct) =>
        {
            var data = HsdsExport.Build(await NrmSnapshot.LoadAsync(db, ct), country);
            return TypedResults.File(HsdsPackage.Write(data, country), "application/zip", HsdsPackage.FileName(country, clock.GetUtcNow()));
        });

        exports.MapGet("/graph.json", async (IDbContextFactory<NrmDbContext> db, CountryProfile country, CancellationToken ct) =>
            TypedResults.Bytes(GraphExport.Write(GraphExport.Build(await NrmSnapshot.LoadAsync(db, ct), country)), Json));
    }
}
