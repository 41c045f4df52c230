using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace NrmHub.Core.Data;

/// <summary>
/// Group commit for the busiest write, a new referral: writes that arrive while a transaction is in flight share the
/// next one, so a burst of N referrals costs one BEGIN, one COMMIT and one WAL sync instead of N. With
/// synchronous=FULL the sync was about a third of the time a referral held the one writer (<see cref="WriteGate"/>,
/// profiled in issue 13), and neighbouring referrals dirty the same table and index pages, which a shared commit
/// writes to the WAL once.
/// </summary>
/// <remarks>
/// The writes of a batch run one after the other in one context and transaction, each inside a SAVEPOINT: a write
/// that throws is rolled back alone and its caller gets the exception; the others commit. Nobody hears back before
/// the COMMIT has returned, so an acknowledged write is as durable as with a transaction of its own, and a caller
/// that lost a uniqueness race finds the winner committed. The first caller with nothing in flight starts the lead,
/// on the thread pool, which commits batches until the queue is empty. A write must not open a transaction of its
/// own, nor write through another context, and must not keep the context it is given.
/// </remarks>
public sealed class GroupCommit(IDbContextFactory<NrmDbContext> dbFactory)
{
    private const int MaxBatch = 64;
    private const string Savepoint = "nrm_write";

    /// <summary>
    /// What limits the one writer, readable with dotnet-counters (meter NrmHub.Writes) and by the writes benchmark:
    /// how full the batches are, how long the leader holds the transaction per batch and how much of that is COMMIT.
    /// </summary>
    public const string MeterName = "NrmHub.Writes";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("nrmhub.group_commit.batch.size", "{write}");
    private static readonly Histogram<double> BatchTime = Meter.CreateHistogram<double>("nrmhub.group_commit.batch.duration", "ms");
    private static readonly Histogram<double> CommitTime = Meter.CreateHistogram<double>("nrmhub.group_commit.commit.duration", "ms");

    private abstract class Work
    {
        public Exception? Error { get; set; }

        public abstract Task WriteAsync(NrmDbContext db);

        public abstract void Finish(Exception? batchError);
    }

    private sealed class Work<T>(Func<NrmDbContext, CancellationToken, Task<T>> write) : Work
    {
        private readonly TaskCompletionSource<T> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;

        public Task<T> Task => done.Task;

        public override async Task WriteAsync(NrmDbContext db) => result = await write(db, CancellationToken.None);

        public override void Finish(Exception? batchError)
        {
            if ((Error ?? batchError) is { } error)
            {
                done.TrySetException(error);
            }
            else
            {
                done.TrySetResult(result!);
            }
        }
    }

    private readonly ConcurrentQueue<Work> queue = new();
    private int leading;

    /// <summary>
    /// Runs <paramref name="write"/> in the next shared transaction and answers once that transaction committed. The
    /// write is not cancelled once queued (it happens, or not, with its batch); <paramref name="ct"/> only stops waiting.
    /// </summary>
    public Task<T> RunAsync<T>(Func<NrmDbContext, CancellationToken, Task<T>> write, CancellationToken ct = default)
    {
        var work = new Work<T>(write);
        queue.Enqueue(work);
        if (Interlocked.CompareExchange(ref leading, 1, 0) == 0)
        {
            _ = Task.Run(LeadAsync, CancellationToken.None);
        }

        return work.Task.WaitAsync(ct);
    }

    private async Task LeadAsync()
    {
        do
        {
            try
            {
                var batch = new List<Work>(MaxBatch);
                while (true)
                {
                    batch.Clear();
                    while (batch.Count < MaxBatch && queue.TryDequeue(out var work))
                    {
                        batch.Add(work);
                    }

                    if (batch.Count == 0)
                    {
                        break;
                    }

                    await CommitAsync(batch);
                }
            }
            finally
            {
                Volatile.Write(ref leading, 0);
            }

            // A write queued after the last look but before leading was given up would wait forever: look again.
        }
        while (!queue.IsEmpty && Interlocked.CompareExchange(ref leading, 1, 0) == 0);
    }

    private async Task CommitAsync(List<Work> batch)
    {
        Exception? batchError = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync();
            foreach (var work in batch)
            {
                await WriteOneAsync(work, db, transaction);
            }

            var committing = Stopwatch.GetTimestamp();
            await transaction.CommitAsync();
            CommitTime.Record(Stopwatch.GetElapsedTime(committing).TotalMilliseconds);
        }
        catch (Exception e)
        {
            // BEGIN, a savepoint or the COMMIT failed: nothing of the batch is saved, and every caller hears so.
            batchError = e;
        }

        BatchSize.Record(batch.Count);
        BatchTime.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        foreach (var work in batch)
        {
            work.Finish(batchError);
        }
    }

    /// <summary>
    /// One write on the batch's context, which starts and ends each write with nothing tracked, so a write sees only
    /// its own entities (a pooled or shared connection is never handed to a second context).
    /// </summary>
    private static async Task WriteOneAsync(Work work, NrmDbContext db, IDbContextTransaction transaction)
    {
        await transaction.CreateSavepointAsync(Savepoint);
        try
        {
            await work.WriteAsync(db);
        }
        catch (Exception e)
        {
            work.Error = e;
            await transaction.RollbackToSavepointAsync(Savepoint);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        await transaction.ReleaseSavepointAsync(Savepoint);
    }
}
