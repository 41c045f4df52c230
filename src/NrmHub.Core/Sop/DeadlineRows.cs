using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;

namespace NrmHub.Core.Sop;

/// <summary>
/// Writes the sweep's changes to due deadline rows with one prepared UPDATE re-bound per row, instead of one EF
/// command per row: at 30,000 due steps those commands were most of the sweep (issue 13). The concurrency check is
/// EF's own: the row must still have the version it was read with, or the batch fails as EF's would, with a
/// <see cref="DbUpdateConcurrencyException"/>, and is rolled back. A row changed in any other column is left to EF.
/// </summary>
internal static class DeadlineRows
{
    // What MarkReminded and MarkEscalated change; anything else goes through SaveChanges.
    private static readonly string[] Columns =
        [nameof(DeadlineClock.State), nameof(DeadlineClock.NextActionAtUtc), nameof(DeadlineClock.RemindedAtUtc), nameof(DeadlineClock.EscalationLevel), nameof(DeadlineClock.EscalatedAtUtc), nameof(DeadlineClock.Version)];

    public static async Task UpdateAsync<T>(NrmDbContext db, IReadOnlyList<T> items, CancellationToken ct)
        where T : DeadlineClock
    {
        if (db.Database.CurrentTransaction is not { } transaction)
        {
            return;
        }

        var entries = items.Select(db.Entry).Where(e => e.State == EntityState.Modified
            && e.Properties.Where(p => p.IsModified).All(p => Columns.Contains(p.Metadata.Name))).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var table = db.Model.FindEntityType(typeof(T))!.GetTableName();
        await using var cmd = PreparedRows.CommandIn(transaction, $"UPDATE \"{table}\" SET " + string.Join(", ", Columns.Select(c => $"\"{c}\" = ${c}")) + " WHERE \"Id\" = $id AND \"Version\" = $was;");
        var values = Columns.ToDictionary(c => c, c => PreparedRows.Parameter(cmd, "$" + c));
        var id = PreparedRows.Parameter(cmd, "$id");
        var was = PreparedRows.Parameter(cmd, "$was");
        await cmd.PrepareAsync(ct);
        foreach (var entry in entries)
        {
            var item = entry.Entity;
            values[nameof(DeadlineClock.State)].Value = item.State.ToString();
            values[nameof(DeadlineClock.NextActionAtUtc)].Value = PreparedRows.Text(item.NextActionAtUtc);
            values[nameof(DeadlineClock.RemindedAtUtc)].Value = PreparedRows.Text(item.RemindedAtUtc);
            values[nameof(DeadlineClock.EscalationLevel)].Value = item.EscalationLevel;
            values[nameof(DeadlineClock.EscalatedAtUtc)].Value = PreparedRows.Text(item.EscalatedAtUtc);
            values[nameof(DeadlineClock.Version)].Value = item.Version;
            id.Value = entry.Property("Id").CurrentValue;
            was.Value = entry.Property(nameof(DeadlineClock.Version)).OriginalValue;
            if (await cmd.ExecuteNonQueryAsync(ct) != 1)
            {
                throw new DbUpdateConcurrencyException($"A {typeof(T).Name} row was changed by someone else since it was read.");
            }

            entry.State = EntityState.Unchanged;
        }
    }
}
