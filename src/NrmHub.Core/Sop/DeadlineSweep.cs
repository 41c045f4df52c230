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
    private const int BatchSize = 500;

    public async Task<SweepResult> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var result = new SweepResult(0, 0, 0);
        var pending = new List<Notification>();
        Dictionary<string, SopStep>? steps = null;
        Dictionary<int, (string Code, int? ParentId)>? actors = null;

        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var due = await Due(db, now).ToListAsync(ct);
            if (due.Count == 0)
            {
                break;
            }

            steps ??= await db.SopSteps.AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
            actors ??= await db.Actors.AsNoTracking().ToDictionaryAsync(a => a.Id, a => (a.Code, a.ParentId), ct);
            var caseIds = due.Select(s => s.CaseId).Distinct().ToList();
            var codes = await db.Cases.Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
            var batch = new List<Notification>();
            var users = new Dictionary<int, List<string>>();

            async Task NotifyAsync(int actorId, string type, StepInstance step)
            {
                if (!users.TryGetValue(actorId, out var ids))
                {
                    ids = await db.Users.Where(u => u.ActorId == actorId).Select(u => u.Id).ToListAsync(ct);
                    users[actorId] = ids;
                }

                batch.AddRange(ids.Select(u => new Notification { UserId = u, Type = type, ReferralId = step.ReferralId, CaseCode = codes.GetValueOrDefault(step.CaseId), AtUtc = now }));
            }

            var (reminders, escalations, overdue) = (0, 0, 0);
            foreach (var step in due)
            {
                var chain = steps.TryGetValue(step.StepId, out var template) ? template.Escalation : [];
                for (var action = step.NextAction(now); action != StepAction.None; action = step.NextAction(now))
                {
                    if (action == StepAction.Remind)
                    {
                        await NotifyAsync(step.OwnerActorId, NotificationTypes.SopReminder, step);
                        step.MarkReminded(now);
                        reminders++;
                        continue;
                    }

                    var (level, target) = NextTarget(step, chain, actors);
                    if (target is { } actorId)
                    {
                        await NotifyAsync(actorId, NotificationTypes.SopEscalation, step);
                        escalations++;
                    }
                    else
                    {
                        overdue++;
                    }

                    step.MarkEscalated(level, chain.Count, now);
                }
            }

            db.Notifications.AddRange(batch);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another sweep handled some of these rows first; ours is rolled back and the next query sees theirs.
                log.LogInformation("A concurrent SOP sweep got there first; looking again");
                continue;
            }

            result = new SweepResult(result.Reminders + reminders, result.Escalations + escalations, result.Overdue + overdue);
            pending.AddRange(batch);
            if (due.Count < BatchSize)
            {
                break;
            }
        }

        if (pending.Count > 0)
        {
            try
            {
                await notifier.PushAsync(pending, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Live delivery of {Count} SOP notifications failed; they stay stored for the recipients", pending.Count);
            }
        }

        return result;
    }

    /// <summary>One batch of rows whose next action has come; served by the (State, NextActionAtUtc) index.</summary>
    public static IQueryable<StepInstance> Due(NrmDbContext db, DateTime now) => db.StepInstances
        .Where(s => (s.State == StepState.Open || s.State == StepState.Overdue || s.State == StepState.Escalated) && s.NextActionAtUtc <= now)
        .OrderBy(s => s.NextActionAtUtc).Take(BatchSize);

    /// <summary>SQLite's plan for <see cref="Due"/>, to check (tests, benchmark) that it reads the index, not the table.</summary>
    public static async Task<string> ExplainDueAsync(NrmDbContext db, DateTime now, CancellationToken ct = default)
    {
        var lines = Due(db, now).ToQueryString().Split('\n');
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

    /// <summary>The next level of the chain that names somebody: an owner without a parent body skips to the next entry.</summary>
    private static (int? Level, int? ActorId) NextTarget(StepInstance step, List<string> chain, Dictionary<int, (string Code, int? ParentId)> actors)
    {
        for (var level = step.EscalationLevel + 1; level <= chain.Count; level++)
        {
            var entry = chain[level - 1];
            int? target = entry == SopStep.OwnerParent
                ? actors.GetValueOrDefault(step.OwnerActorId).ParentId
                : actors.Where(a => a.Value.Code == entry).Select(a => (int?)a.Key).FirstOrDefault();
            if (target is not null)
            {
                return (level, target);
            }
        }

        return (null, null);
    }
}
