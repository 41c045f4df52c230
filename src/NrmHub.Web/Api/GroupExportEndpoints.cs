using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.WorkingGroups;
using NrmHub.Web.Components.Pages.WorkingGroups;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Api;

/// <summary>
/// A group's actions and KPI measurements as CSV, for its members and coordinators only: anyone else gets 404, the
/// same answer as for a group that does not exist. Names are in the user's language.
/// </summary>
public static class GroupExportEndpoints
{
    private const string CsvType = "text/csv; charset=utf-8";

    public static void MapGroupExportEndpoints(this IEndpointRouteBuilder app)
    {
        var groups = app.MapGroup("/api/groups").RequireAuthorization();

        groups.MapGet("/{id:int}/actions.csv", async (int id, HttpContext http, GroupService service, Board board, CountryTime time, IDbContextFactory<NrmDbContext> db, CancellationToken ct) =>
        {
            if (http.User.ToGroupViewer() is not { } viewer || await service.DetailsAsync(id, viewer, ct) is not { } details)
            {
                return Results.NotFound();
            }

            await using var context = await db.CreateDbContextAsync(ct);
            var actors = await context.Actors.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
            var csv = GroupExport.Actions(details, actors, Cultures.Current, utc => time.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), board.DueAtUtc);
            return Results.File(csv, CsvType, $"{details.Group.Code}-actions.csv");
        });

        groups.MapGet("/{id:int}/kpis.csv", async (int id, HttpContext http, GroupService service, CancellationToken ct) =>
            http.User.ToGroupViewer() is { } viewer && await service.DetailsAsync(id, viewer, ct) is { } details
                ? Results.File(GroupExport.Measurements(details, Cultures.Current), CsvType, $"{details.Group.Code}-kpis.csv")
                : Results.NotFound());
    }
}
