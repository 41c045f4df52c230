using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NrmHub.Core.Data;
using NrmHub.Core.Notifications;

namespace NrmHub.Core.Sop;

public sealed record SweepResult(int Reminders, int Escalations, int Overdue);

/// <summary>
/// Sends SOP reminders and escalations that are due. It reads only rows whose next action time has come (index on
/// State, NextActionAtUtc), so its cost follows the due steps, not the open ones. Each batch records what it did on
/// the rows and stores the notifications in one transaction; live delivery follows the commit. A second run, a
/// restart or a concurrent run finds the rows already moved on; a crash before commit leaves them due for next time.
/// The scheduler (a Hangfire recurring job) calls <see cref="RunAsync"/>.
/// </summary>
public sealed class DeadlineSweep(IDbContextFactory<NrmDbContext> dbFactory, TimeProvider clock, INotifier notifier, ILogger<DeadlineSweep> log)
{
    public const int BatchSize = 500;

    public async Task<SweepResult> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = new List<Notification>();
        var result = await SweepAsync(new SopStepLane(), now, pending, ct);
        var actions = await SweepAsync(new WorkingGroups.ActionItemLane(), now, pending, ct);
        result = new SweepResult(result.Reminders + actions.Reminders, result.Escalations + actions.Escalations, result.Overdue + actions.Overdue);

        if (pending.Count > 0)
        {
            try
            {
                await notifier.PushAsync(pending, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Live delivery of {Count} deadline notifications failed; they stay stored for the recipients", pending.Count);
            }
        }

        return result;
    }

    /// <summary>The one loop over due rows, whatever carries the deadline; the lane says who hears of it.</summary>
    private async Task<SweepResult> SweepAsync<T>(DeadlineLane<T> lane, DateTime now, List<Notification> pending, CancellationToken ct)
        where T : DeadlineClock
    {
        var result = new SweepResult(0, 0, 0);
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var due = await lane.Due(db, now).ToListAsync(ct);
            if (due.Count == 0)
            {
                break;
            }

            await lane.PrepareAsync(db, due, ct);
            var batch = new List<Notification>();
            var users = new Dictionary<int, List<string>>();

            async Task<List<string>> UsersOfAsync(int actorId)
            {
                if (!users.TryGetValue(actorId, out var ids))
                {
                    ids = await db.Users.Where(u => u.ActorId == actorId).Select(u => u.Id).ToListAsync(ct);
                    users[actorId] = ids;
                }

                return ids;
            }

            async Task NotifyAsync(IReadOnlyList<int> actorIds, IReadOnlyList<string> userIds, string type, T item)
            {
                // The common case (one owner actor, nobody named) needs no de-duplication.
                if (actorIds.Count == 1 && userIds.Count == 0)
                {
                    batch.AddRange((await UsersOfAsync(actorIds[0])).Select(u => lane.Message(item, u, type, now)));
                    return;
                }

                var recipients = new HashSet<string>(userIds, StringComparer.Ordinal);
                foreach (var actorId in actorIds)
                {
                    recipients.UnionWith(await UsersOfAsync(actorId));
                }

                batch.AddRange(recipients.Select(u => lane.Message(item, u, type, now)));
            }

            var (reminders, escalations, overdue) = (0, 0, 0);
            foreach (var item in due)
            {
                var chainLength = lane.ChainLength(item);
                for (var action = item.NextAction(now); action != StepAction.None; action = item.NextAction(now))
                {
                    if (action == StepAction.Remind)
                    {
                        var (actors, people) = lane.Owners(item);
                        await NotifyAsync(actors, people, lane.ReminderType, item);
                        item.MarkReminded(now);
                        reminders++;
                        continue;
                    }

                    var (level, target) = NextTarget(lane, item, chainLength);
                    if (target is { } actorId)
                    {
                        await NotifyAsync([actorId], [], lane.EscalationType, item);
                        escalations++;
                    }
                    else
                    {
                        overdue++;
                    }

                    item.MarkEscalated(level, chainLength, now);
                }
            }

            try
            {
                await DeadlineRows.UpdateAsync(db, due, ct);
                await db.SaveChangesAsync(ct);
                await AddedRows.InsertAllAsync(db, batch, ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another sweep handled some of these rows first; ours is rolled back and the next query sees theirs.
                log.LogInformation("A concurrent deadline sweep got there first; looking again");
                continue;
            }

            result = new SweepResult(result.Reminders + reminders, result.Escalations + escalations, result.Overdue + overdue);
            pending.AddRange(batch);
            if (due.Count < BatchSize)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>The next level of the chain that names somebody: a level without anyone (no parent body) skips to the next.</summary>
    private static (int? Level, int? ActorId) NextTarget<T>(DeadlineLane<T> lane, T item, int chainLength) where T : DeadlineClock
    {
        for (var level = item.EscalationLevel + 1; level <= chainLength; level++)
        {
            if (lane.TargetAt(item, level) is { } target)
            {
                return (level, target);
            }
        }

        return (null, null);
    }

    /// <summary>One batch of rows whose next action has come; served by the (State, NextActionAtUtc) index.</summary>
    public static IQueryable<StepInstance> Due(NrmDbContext db, DateTime now) => db.StepInstances
        .Where(s => (s.State == StepState.Open || s.State == StepState.Overdue || s.State == StepState.Escalated) && s.NextActionAtUtc <= now)
        .OrderBy(s => s.NextActionAtUtc).Take(BatchSize);

    /// <summary>The same query for action items; served by their own (State, NextActionAtUtc) index.</summary>
    public static IQueryable<WorkingGroups.ActionItemDeadline> DueActions(NrmDbContext db, DateTime now) => db.ActionItemDeadlines
        .Where(s => (s.State == StepState.Open || s.State == StepState.Overdue || s.State == StepState.Escalated) && s.NextActionAtUtc <= now)
        .OrderBy(s => s.NextActionAtUtc).Take(BatchSize);

    /// <summary>SQLite's plan for <see cref="Due"/>, to check (tests, benchmark) that it reads the index, not the table.</summary>
    public static Task<string> ExplainDueAsync(NrmDbContext db, DateTime now, CancellationToken ct = default) => ExplainAsync(db, Due(db, now), ct);

    /// <summary>SQLite's plan for any query of the sweep (the action items' too).</summary>
    public static async Task<string> ExplainAsync(NrmDbContext db, IQueryable query, CancellationToken ct = default)
    {
        var lines = query.ToQueryString().Split('\n');
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
            foreach (var param in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
            {
                var parts = param[".param set ".Length..].Split(' ', 2);
                var p = cmd.CreateParameter();
                p.ParameterName = parts[0];
                p.Value = parts[1].Trim('\'');
                cmd.Parameters.Add(p);
            }

            var plan = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                plan.Add(reader.GetString(reader.GetOrdinal("detail")));
            }

            return string.Join(" | ", plan);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>
/// What differs between kinds of deadline: which rows are due, who owns one, who its escalation chain names and what
/// the notification says. Everything else (batches, idempotence, concurrency, delivery) is the sweep's.
/// </summary>
public abstract class DeadlineLane<T> where T : DeadlineClock
{
    public abstract string ReminderType { get; }

    public abstract string EscalationType { get; }

    public abstract IQueryable<T> Due(NrmDbContext db, DateTime now);

    /// <summary>Loads what the batch's messages and targets need, once per batch.</summary>
    public abstract Task PrepareAsync(NrmDbContext db, IReadOnlyList<T> due, CancellationToken ct);

    /// <summary>The actors whose users, and the people, the reminder goes to.</summary>
    public abstract (IReadOnlyList<int> Actors, IReadOnlyList<string> People) Owners(T item);

    public abstract int ChainLength(T item);

    /// <summary>The actor at 1-based escalation <paramref name="level"/>, or null when that level names nobody.</summary>
    public abstract int? TargetAt(T item, int level);

    public abstract Notification Message(T item, string userId, string type, DateTime now);
}

/// <summary>SOP steps: owner actor reminded, the step template's chain (parent body, named actors) escalated to.</summary>
internal sealed class SopStepLane : DeadlineLane<StepInstance>
{
    private Dictionary<string, SopStep>? steps;
    private Dictionary<int, (string Code, int? ParentId)>? actors;
    private Dictionary<int, string> codes = [];

    public override string ReminderType => NotificationTypes.SopReminder;

    public override string EscalationType => NotificationTypes.SopEscalation;

    public override IQueryable<StepInstance> Due(NrmDbContext db, DateTime now) => DeadlineSweep.Due(db, now);

    public override async Task PrepareAsync(NrmDbContext db, IReadOnlyList<StepInstance> due, CancellationToken ct)
    {
        steps ??= await db.SopSteps.AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        actors ??= await db.Actors.AsNoTracking().ToDictionaryAsync(a => a.Id, a => (a.Code, a.ParentId), ct);
        var caseIds = due.Select(s => s.CaseId).Distinct().ToList();
        codes = await db.Cases.Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
    }

    public override (IReadOnlyList<int> Actors, IReadOnlyList<string> People) Owners(StepInstance item) => ([item.OwnerActorId], []);

    public override int ChainLength(StepInstance item) => Chain(item).Count;

    public override int? TargetAt(StepInstance item, int level)
    {
        var entry = Chain(item)[level - 1];
        return entry == SopStep.OwnerParent
            ? actors!.GetValueOrDefault(item.OwnerActorId).ParentId
            : actors!.Where(a => a.Value.Code == entry).Select(a => (int?)a.Key).FirstOrDefault();
    }

    public override Notification Message(StepInstance item, string userId, string type, DateTime now) =>
        new() { UserId = userId, Type = type, ReferralId = item.ReferralId, CaseCode = codes.GetValueOrDefault(item.CaseId), AtUtc = now };

    private List<string> Chain(StepInstance item) => steps!.TryGetValue(item.StepId, out var template) ? template.Escalation : [];
}
