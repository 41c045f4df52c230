using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NrmHub.Core.Data;

/// <summary>
/// One writer at a time per database file, queued in the process instead of in SQLite. SQLite lets one connection
/// write; the others wait in its busy handler, which sleeps a growing 1–100 ms between tries and does so on a blocked
/// thread-pool thread (Microsoft.Data.Sqlite is synchronous underneath). Under 50 writes a second that made a 10 ms
/// transaction take a second at p95 (profiled in issue 13) while the lock stood free between sleeps. Here a writer
/// awaits a <see cref="SemaphoreSlim"/> (first come, first served, no thread held) and the next one starts the
/// moment the last commits. busy_timeout stays as the fallback for writers outside the gate: another process, or a
/// single-statement ExecuteUpdate.
/// </summary>
/// <remarks>
/// The gate is taken when a transaction begins: explicit ones, and those SaveChanges opens (the context asks for one
/// on every save, <see cref="NrmDbContext"/>, so a lone INSERT is queued too). It is given back on commit, rollback
/// or failure, and in any case when the context closes its connection, so a transaction disposed without either
/// cannot keep it. A context never waits for a gate it already holds.
/// A context must not write through a second context while its own transaction is open: the second would wait for
/// the first. A private in-memory database (":memory:") has no other writer and no gate.
/// </remarks>
public sealed class WriteGate : DbConnectionInterceptor, IDbTransactionInterceptor
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private sealed class Hold
    {
        public SemaphoreSlim? Gate;
    }

    private readonly ConditionalWeakTable<DbContext, Hold> holds = new();

    private static SemaphoreSlim? GateFor(DbConnection connection) =>
        string.IsNullOrEmpty(connection.DataSource) || connection.DataSource == ":memory:"
            ? null
            : Gates.GetOrAdd(Path.GetFullPath(connection.DataSource), _ => new SemaphoreSlim(1, 1));

    private async ValueTask EnterAsync(DbContext? context, DbConnection connection, CancellationToken ct)
    {
        if (context is null)
        {
            return;
        }

        var hold = holds.GetOrCreateValue(context);
        if (hold.Gate is not null)
        {
            // EF refuses a second transaction on a context; never wait here for the gate this context holds.
            return;
        }

        if (GateFor(connection) is not { } gate)
        {
            return;
        }

        await gate.WaitAsync(ct);
        hold.Gate = gate;
    }

    private void Enter(DbContext? context, DbConnection connection)
    {
        if (context is null)
        {
            return;
        }

        var hold = holds.GetOrCreateValue(context);
        if (hold.Gate is not null)
        {
            // EF refuses a second transaction on a context; never wait here for the gate this context holds.
            return;
        }

        if (GateFor(connection) is not { } gate)
        {
            return;
        }

        gate.Wait();
        hold.Gate = gate;
    }

    private void Leave(DbContext? context)
    {
        if (context is not null && holds.TryGetValue(context, out var hold) && hold.Gate is { } gate)
        {
            hold.Gate = null;
            gate.Release();
        }
    }

    // --- transactions ---
    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(eventData.Context, connection, cancellationToken);
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(eventData.Context, connection);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Leave(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    // --- the safety net: whatever happened, a closed connection holds no write ---
    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(eventData.Context);
        return ValueTask.FromResult(result);
    }
}
