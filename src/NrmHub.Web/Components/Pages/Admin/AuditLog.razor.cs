using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.Seed;
using Radzen;
using Radzen.Blazor;

namespace NrmHub.Web.Components.Pages.Admin;

/// <summary>Reads the audit trail, newest first. There is deliberately no way to change or remove an entry here.</summary>
public sealed partial class AuditLog
{
    private RadzenDataGrid<Row>? grid;
    private List<Row> entries = [];
    private List<string> entityTypes = [];
    private int count;
    private bool loading;
    private string entityType = "";
    private string key = "";
    private Row? selected;
    private string? before;
    private string? after;
    private TimeZoneInfo zone = TimeZoneInfo.Utc;

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    [Inject]
    public required CountryProfile Profile { get; init; }

    protected override async Task OnInitializedAsync()
    {
        zone = TimeZoneInfo.TryFindSystemTimeZoneById(Profile.TimeZone, out var tz) ? tz : TimeZoneInfo.Utc;
        await using var db = await DbFactory.CreateDbContextAsync();
        entityTypes = await db.AuditEntries.Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync();
    }

    private async Task FilterAsync()
    {
        selected = null;
        if (grid is not null)
        {
            await grid.FirstPage(true);
        }
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        loading = true;
        await using var db = await DbFactory.CreateDbContextAsync();
        var query = db.AuditEntries.AsNoTracking();
        if (entityType.Length > 0)
        {
            query = query.Where(a => a.EntityType == entityType);
        }

        if (!string.IsNullOrWhiteSpace(key))
        {
            var text = key.Trim();
            query = query.Where(a => a.EntityKey.Contains(text));
        }

        count = await query.CountAsync();
        var page = await query.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Skip(args.Skip ?? 0).Take(args.Top ?? 20)
            .Select(a => new { a.Id, a.AtUtc, a.UserId, a.UserActorId, a.Action, a.EntityType, a.EntityKey })
            .ToListAsync();

        var userIds = page.Select(a => a.UserId).OfType<string>().Distinct().ToList();
        var actorIds = page.Select(a => a.UserActorId).OfType<int>().Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        var actors = await db.Actors.Where(a => actorIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.ShortName);

        entries = page.Select(a => new Row(
            a.Id,
            TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(a.AtUtc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            a.UserId is null ? L["Admin.Audit.System"] : users.GetValueOrDefault(a.UserId) ?? L["Admin.Audit.UnknownUser"],
            a.UserActorId is { } actorId ? actors.GetValueOrDefault(actorId) : null,
            a.Action,
            a.EntityType,
            a.EntityKey)).ToList();
        loading = false;
    }

    private async Task ShowAsync(Row row)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var entry = await db.AuditEntries.AsNoTracking().Where(a => a.Id == row.Id).Select(a => new { a.Before, a.After }).SingleOrDefaultAsync();
        (before, after) = (entry?.Before, entry?.After);
        selected = row;
    }

    public sealed record Row(long Id, string When, string Who, string? Organisation, string Action, string EntityType, string Key);
}
