using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;

namespace NrmHub.Core.Sop;

/// <summary>What happened to a referral, as the deadline engine needs it.</summary>
public sealed record ReferralHappening(int CaseId, int CaseOpenedByActorId, int ReferralId, int FromActorId, int ToActorId, string EventType, bool OpensCase = false);

/// <summary>The steps a happening opens (with their owner actor) and the steps it closes, by step id.</summary>
public sealed record DeadlinePlan(IReadOnlyList<(SopStep Step, int Owner)> Opens, IReadOnlyDictionary<string, SopStep> Closing);

/// <summary>
/// Opens and closes SOP step instances when referral events happen. It only adds to the caller's context, so the
/// steps are saved in the same SaveChanges (and transaction) as the event that caused them.
/// </summary>
public sealed class DeadlineEngine(WorkingCalendar calendar)
{
    // The SOP template, read once: a new referral used to read and parse every step (their lists are JSON columns)
    // and that was the largest part of its CPU outside the write (profiled in issue 13). An administrator's edit
    // calls TemplateChanged; the generation keeps a read that started before an edit from being kept after it.
    private volatile IReadOnlyList<SopStep>? template;
    private int generation;

    public WorkingCalendar Calendar => calendar;

    /// <summary>The SOP steps changed in the database: the next happening reads them again.</summary>
    public void TemplateChanged()
    {
        Interlocked.Increment(ref generation);
        template = null;
    }

    private async Task<IReadOnlyList<SopStep>> StepsAsync(NrmDbContext db, CancellationToken ct)
    {
        if (template is { } steps)
        {
            return steps;
        }

        var started = Volatile.Read(ref generation);
        var read = await db.SopSteps.AsNoTracking().ToListAsync(ct);
        if (started == Volatile.Read(ref generation))
        {
            template = read;
        }

        return read;
    }

    public static SopTrigger? TriggerFor(string eventType) => eventType switch
    {
        "sent" => SopTrigger.ReferralSent,
        "acknowledged" => SopTrigger.ReferralAcknowledged,
        "accepted" => SopTrigger.ReferralAccepted,
        "declined" => SopTrigger.ReferralDeclined,
        "started" => SopTrigger.ReferralStarted,
        "done" => SopTrigger.ReferralDone,
        "revoked" => SopTrigger.ReferralRevoked,
        _ => null,
    };

    public async Task ApplyAsync(NrmDbContext db, ReferralHappening what, DateTime now, CancellationToken ct = default) =>
        await ApplyAsync(db, await PlanAsync(db, what, ct), what, now, ct);

    /// <summary>
    /// What a happening opens and closes, from directory data only (the SOP template, the actors' kinds and codes),
    /// so a writer can read it before its transaction: inside it, every read holds up the one writer at a time
    /// (<see cref="Data.WriteGate"/>). The case and referral ids of <paramref name="what"/> are not used here.
    /// </summary>
    /// <param name="directory">The cached graph the caller already holds, for the actors' kinds and codes; without it they are read.</param>
    public async Task<DeadlinePlan?> PlanAsync(NrmDbContext db, ReferralHappening what, CancellationToken ct = default, NrmGraph? directory = null)
    {
        if (TriggerFor(what.EventType) is not { } trigger)
        {
            return null;
        }

        var actorIds = new[] { what.FromActorId, what.ToActorId, what.CaseOpenedByActorId };
        var kinds = directory is not null && actorIds.All(id => directory.Actor(id) is not null)
            ? actorIds.Distinct().ToDictionary(id => id, id => directory.Actor(id)!.Kind)
            : await db.Actors.AsNoTracking().Where(a => actorIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Kind, ct);
        var triggers = new HashSet<SopTrigger> { trigger };
        if (what.OpensCase)
        {
            triggers.Add(SopTrigger.CaseOpened);
        }

        if (trigger == SopTrigger.ReferralSent && kinds.GetValueOrDefault(what.ToActorId) == ActorKind.LawEnforcement)
        {
            triggers.Add(SopTrigger.ReferralSentToLawEnforcement);
        }

        var steps = await StepsAsync(db, ct);
        var opens = new List<(SopStep Step, int Owner)>();
        foreach (var step in steps.Where(s => triggers.Contains(s.Trigger)))
        {
            if (await OwnerOfAsync(db, step, what, directory, ct) is not { } owner)
            {
                continue;
            }

            var ownerKind = kinds.TryGetValue(owner, out var k) ? k : await db.Actors.Where(a => a.Id == owner).Select(a => a.Kind).SingleAsync(ct);
            if ((step.OwnerKinds.Count > 0 && !step.OwnerKinds.Contains(ownerKind)) || step.ExceptOwnerKinds.Contains(ownerKind))
            {
                continue;
            }

            opens.Add((step, owner));
        }

        return new DeadlinePlan(opens, steps.Where(s => s.ClosedBy.Any(triggers.Contains)).ToDictionary(s => s.Id));
    }

    /// <summary>Opens and closes the plan's steps for the case and referral of <paramref name="what"/>, in the caller's context.</summary>
    public async Task ApplyAsync(NrmDbContext db, DeadlinePlan? plan, ReferralHappening what, DateTime now, CancellationToken ct = default)
    {
        if (plan is null)
        {
            return;
        }

        foreach (var (step, owner) in plan.Opens)
        {
            db.StepInstances.Add(Open(step, what.CaseId, what.ReferralId, owner, now));
        }

        // Closing looks at saved rows and at the ones just added: a first referral straight to the police opens
        // and closes "refer to the police" in the same event.
        var closing = plan.Closing;
        if (closing.Count == 0)
        {
            return;
        }

        // A case opened by this very happening has no saved step yet: no query for them.
        var ids = closing.Keys.ToList();
        var saved = what.OpensCase
            ? []
            : await db.StepInstances.Where(i => i.CaseId == what.CaseId && ids.Contains(i.StepId) && i.State != StepState.Done).ToListAsync(ct);
        var added = db.ChangeTracker.Entries<StepInstance>().Where(e => e.State == EntityState.Added).Select(e => e.Entity);
        foreach (var instance in saved.Concat(added).Distinct().Where(i => closing.ContainsKey(i.StepId)).ToList())
        {
            if (closing[instance.StepId].Scope == SopScope.Case || instance.ReferralId == what.ReferralId)
            {
                instance.Close(now);
            }
        }
    }

    public StepInstance Open(SopStep step, int caseId, int? referralId, int ownerActorId, DateTime startedAt) =>
        StepInstance.Start(step.Id, caseId, referralId, ownerActorId, startedAt, calendar.Add(startedAt, step.DurationValue, step.DurationUnit), step.RemindAtPercent);

    private static async Task<int?> OwnerOfAsync(NrmDbContext db, SopStep step, ReferralHappening what, NrmGraph? directory, CancellationToken ct) => step.Owner switch
    {
        SopStep.Sender => what.FromActorId,
        SopStep.Receiver => what.ToActorId,
        SopStep.CaseOpener => what.CaseOpenedByActorId,
        var o when o.StartsWith(SopStep.ActorPrefix, StringComparison.Ordinal)
            && directory?.Actors.FirstOrDefault(a => a.Code == o[SopStep.ActorPrefix.Length..]) is { } named => named.Id,
        var o when o.StartsWith(SopStep.ActorPrefix, StringComparison.Ordinal) =>
            await db.Actors.Where(a => a.Code == o.Substring(SopStep.ActorPrefix.Length)).Select(a => (int?)a.Id).SingleOrDefaultAsync(ct),
        _ => null,
    };
}
