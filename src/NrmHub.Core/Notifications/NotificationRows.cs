using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;

namespace NrmHub.Core.Notifications;

/// <summary>
/// Stores notification rows inside the caller's open transaction with one prepared INSERT, re-bound per row,
/// instead of one EF command per row. A referral notifies every user of the receiving actor and a sweep batch
/// hundreds; through EF each row cost a command of its own (about 0.2 ms on this machine), which made them the
/// largest part of a referral's write and of a sweep (issue 13). The ids are read back, so the rows are the same
/// objects EF would have given. Without a transaction it leaves the rows to EF's SaveChanges: a row written on its
/// own could outlive the change it announces.
/// </summary>
public static class NotificationRows
{
    private const string Insert =
        "INSERT INTO \"Notifications\" (\"UserId\", \"Type\", \"ReferralId\", \"CaseCode\", \"GroupId\", \"ActionItemId\", \"AtUtc\", \"ReadAtUtc\") " +
        "VALUES ($user, $type, $referral, $case, $group, $action, $at, NULL) RETURNING \"Id\";";

    public static async Task AddAsync(NrmDbContext db, IReadOnlyList<Notification> rows, CancellationToken ct = default)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is not { } transaction)
        {
            db.Notifications.AddRange(rows);
            return;
        }

        await using var cmd = PreparedRows.CommandIn(transaction, Insert);
        DbParameter Parameter(string name) => PreparedRows.Parameter(cmd, name);
        var (user, type, referral, @case, group, action, at) =
            (Parameter("$user"), Parameter("$type"), Parameter("$referral"), Parameter("$case"), Parameter("$group"), Parameter("$action"), Parameter("$at"));
        await cmd.PrepareAsync(ct);
        foreach (var row in rows)
        {
            user.Value = row.UserId;
            type.Value = row.Type;
            referral.Value = (object?)row.ReferralId ?? DBNull.Value;
            @case.Value = (object?)row.CaseCode ?? DBNull.Value;
            group.Value = (object?)row.GroupId ?? DBNull.Value;
            action.Value = (object?)row.ActionItemId ?? DBNull.Value;
            at.Value = PreparedRows.Text(row.AtUtc);
            row.Id = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
