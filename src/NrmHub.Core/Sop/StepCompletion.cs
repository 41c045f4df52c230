using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;

namespace NrmHub.Core.Sop;

/// <summary>
/// The owner marks a step done that no referral action records (a review, an assistance plan); acknowledging or
/// accepting is done on the referral itself, so those steps are refused here. Completing a recurring
/// step opens the next one from now. Audited; only users of the owner actor may do it.
/// </summary>
public sealed class StepCompletion(IDbContextFactory<NrmDbContext> dbFactory, DeadlineEngine engine, TimeProvider clock)
{
    public async Task<OperationResult> CompleteAsync(Caller caller, long stepInstanceId, int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.StepInstances.SingleOrDefaultAsync(i => i.Id == stepInstanceId, ct);
        if (instance is null || !await ReferralService.IsPartyAsync(db, instance.CaseId, caller.ActorId, ct))
        {
            return OperationResult.NotFound;
        }

        if (instance.OwnerActorId != caller.ActorId)
        {
            return OperationResult.Fail("Sop.NotOwner", "Only the organisation responsible for this step can mark it done.");
        }

        if (!instance.IsOpen)
        {
            return OperationResult.Fail("Sop.AlreadyDone", "This step is already done.");
        }

        if (instance.Version != version)
        {
            return OperationResult.Fail("Sop.ChangedByOther", "This step changed a moment ago; it now shows its current state.");
        }

        var step = await db.SopSteps.AsNoTracking().SingleAsync(s => s.Id == instance.StepId, ct);
        if (SopTriggers.ClosesOnlyByAction(step.ClosedBy))
        {
            // Closing it by hand would record a deadline as met while the referral still waits.
            return OperationResult.Fail("Sop.ClosedByEvent", "This step closes by itself when the referral moves on; it cannot be marked done by hand.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var code = await db.Cases.Where(c => c.Id == instance.CaseId).Select(c => c.Code).SingleAsync(ct);
        var before = new { instance.State, instance.Version };
        instance.Close(now);
        if (step.Recurring)
        {
            db.StepInstances.Add(engine.Open(step, instance.CaseId, instance.ReferralId, instance.OwnerActorId, now));
        }

        AuditLog.Record(db, now, new AuditUser(caller.UserId, caller.ActorId), "sop.step.done", "StepInstance",
            instance.Id.ToString(CultureInfo.InvariantCulture), code, before, new { instance.State, instance.Version, step.Recurring });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The sweep (or a colleague) changed the row between our read and our save.
            return OperationResult.Fail("Sop.ChangedByOther", "This step changed a moment ago; it now shows its current state.");
        }

        return OperationResult.Ok(caseCode: code);
    }
}
