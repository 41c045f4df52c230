using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors.Snapshots;
using NrmHub.Core.Data;
using NrmHub.Core.Identity;

namespace NrmHub.Web.Api;

public static class SnapshotEndpoints
{
    /// <summary>Downloads one artefact of one mapping snapshot, for coordinators and administrators.</summary>
    public static void MapSnapshotEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/snapshots/{id}/{artefact}", async (int id, string artefact, IDbContextFactory<NrmDbContext> dbFactory, CancellationToken ct) =>
        {
            if (SnapshotArtefact.Find(artefact) is not { } kind)
            {
                return Results.NotFound($"Unknown artefact '{artefact}'. Known: {string.Join(", ", SnapshotArtefact.All.Select(a => a.Name))}.");
            }

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var snapshot = await db.MappingSnapshots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
            if (snapshot is null)
            {
                return Results.NotFound($"There is no snapshot {id}.");
            }

            // Posters open in the browser, ready to print; the other artefacts download as dated files.
            if (kind.IsPoster)
            {
                return Results.Bytes(SnapshotArtefact.Content(snapshot, kind), kind.ContentType);
            }

            var date = snapshot.TakenAtUtc.ToString("yyyy-MM-dd-HHmm", System.Globalization.CultureInfo.InvariantCulture);
            return Results.File(SnapshotArtefact.Content(snapshot, kind), kind.ContentType, $"nrmhub-{snapshot.Country}-{date}-{kind.Name}");
        }).RequireAuthorization(p => p.RequireRole(Roles.Coordinator, Roles.Admin));
    }
}
