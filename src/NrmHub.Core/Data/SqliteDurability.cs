using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NrmHub.Core.Data;

/// <summary>
/// An acknowledged write must survive a crash: every connection syncs the WAL on commit (synchronous=FULL),
/// and waits for a busy writer instead of failing at once.
/// </summary>
/// <remarks>
/// temp_store=MEMORY keeps statement journals in memory. Each write of a group commit runs in a savepoint
/// (<see cref="GroupCommit"/>), whose journal holds the first image of every page the write touches; a new referral
/// touches some forty, more than the 64 KiB SQLite keeps in memory before spilling to a temporary file, so every
/// referral paid for file writes nobody reads (a third of the one writer's time per referral; issue 13). The
/// journal only serves a rollback inside the transaction, never recovery after a crash: durability is unchanged.
/// </remarks>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA temp_store=MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
