using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors.Snapshots;
using NrmHub.Core.Data;
using NrmHub.Web.Localization;

namespace NrmHub.Web.Components.Pages.Actors;

/// <summary>The history of NRM snapshots: download any artefact, see what changed since the snapshot before, take one now.</summary>
public sealed partial class MappingSnapshots
{
    private List<Row> rows = [];
    private IReadOnlyList<SnapshotChange>? changes;
    private string changesTitle = "";
    private string? message;
    private bool taking;
    private bool comparing;

    [Inject]
    public required IDbContextFactory<NrmDbContext> DbFactory { get; init; }

    [Inject]
    public required ActorMappingJob Mapping { get; init; }

    [Inject]
    public required CountryTime Time { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var list = await db.MappingSnapshots.AsNoTracking().OrderByDescending(s => s.TakenAtUtc).ThenByDescending(s => s.Id)
            .Select(s => new { s.Id, s.TakenAtUtc, s.ActorCount, s.ChannelCount, s.GapCount })
            .Take(100).ToListAsync();
        rows = list.Select((s, i) => new Row(s.Id, s.TakenAtUtc, s.ActorCount, s.ChannelCount, s.GapCount, i + 1 < list.Count ? list[i + 1].Id : null)).ToList();
    }

    /// <summary>Takes the snapshot in this request rather than through the scheduler, so the coordinator sees it at once.</summary>
    private async Task TakeAsync()
    {
        if (taking)
        {
            return;
        }

        taking = true;
        try
        {
            var (snapshot, created) = await Mapping.TakeAsync();
            message = string.Format(created ? L["Jobs.Snapshots.Taken.New"] : L["Jobs.Snapshots.Taken.Same"], Time.At(snapshot.TakenAtUtc));
            changes = null;
            await LoadAsync();
        }
        finally
        {
            taking = false;
        }
    }

    private async Task CompareAsync(Row row)
    {
        if (comparing)
        {
            return;
        }

        comparing = true;
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            var graphs = await db.MappingSnapshots.AsNoTracking().Where(s => s.Id == row.Id || s.Id == row.PreviousId)
                .Select(s => new { s.Id, s.GraphJson }).ToDictionaryAsync(s => s.Id, s => s.GraphJson);
            changes = SnapshotDiff.Compare(graphs[row.PreviousId!.Value], graphs[row.Id]);
            changesTitle = string.Format(L["Jobs.Snapshots.ChangesTitle"], Time.At(row.TakenAtUtc));
        }
        finally
        {
            comparing = false;
        }
    }

    private sealed record Row(int Id, DateTime TakenAtUtc, int ActorCount, int ChannelCount, int GapCount, int? PreviousId);
}
