using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;

namespace NrmHub.Core.Sop;

/// <summary>One step of a case as pages show it: ids, times and states only, never personal data.</summary>
public sealed record CaseStep(long Id, string StepId, string NameEn, string? NameAz, string? NameRu, int? ReferralId, int OwnerActorId,
    DateTime StartedAtUtc, DateTime DueAtUtc, StepState State, int EscalationLevel, DateTime? ClosedAtUtc, string Source, int Version,
    IReadOnlyList<SopTrigger>? ClosedBy = null)
{
    public bool ClosesOnlyByAction => ClosedBy is not null && SopTriggers.ClosesOnlyByAction(ClosedBy);

    public string Name(string? language) => language switch
    {
        "az" when !string.IsNullOrWhiteSpace(NameAz) => NameAz!,
        "ru" when !string.IsNullOrWhiteSpace(NameRu) => NameRu!,
        _ => NameEn,
    };
}

/// <summary>An overdue step for the coordinators' list: pseudonymous case code, owner actor and its region.</summary>
public sealed record OverdueStep(long Id, string CaseCode, string StepId, string NameEn, string? NameAz, string? NameRu, int OwnerActorId, string OwnerName,
    string? Region, DateTime DueAtUtc, StepState State, int EscalationLevel)
{
    public string Name(string? language) => language switch
    {
        "az" when !string.IsNullOrWhiteSpace(NameAz) => NameAz!,
        "ru" when !string.IsNullOrWhiteSpace(NameRu) => NameRu!,
        _ => NameEn,
    };
}

public sealed class SopQueries(IDbContextFactory<NrmDbContext> dbFactory)
{
    /// <summary>The steps of a case the caller's actor is party to; empty otherwise.</summary>
    public async Task<IReadOnlyList<CaseStep>> ForCaseAsync(Caller caller, int caseId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await ReferralService.IsPartyAsync(db, caseId, caller.ActorId, ct))
        {
            return [];
        }

        return await (from i in db.StepInstances.AsNoTracking()
                      join s in db.SopSteps on i.StepId equals s.Id
                      where i.CaseId == caseId
                      orderby i.DueAtUtc, s.Position
                      select new CaseStep(i.Id, s.Id, s.NameEn, s.NameAz, s.NameRu, i.ReferralId, i.OwnerActorId, i.StartedAtUtc, i.DueAtUtc, i.State, i.EscalationLevel, i.ClosedAtUtc, s.Source, i.Version, s.ClosedBy))
            .ToListAsync(ct);
    }

    /// <summary>Every overdue or escalated step, for coordinators and administrators only.</summary>
    public async Task<IReadOnlyList<OverdueStep>> OverdueAsync(Caller caller, CancellationToken ct = default)
    {
        if (!caller.IsCoordinator && !caller.IsAdmin)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from i in db.StepInstances.AsNoTracking()
                      where i.State == StepState.Overdue || i.State == StepState.Escalated
                      join s in db.SopSteps on i.StepId equals s.Id
                      join c in db.Cases on i.CaseId equals c.Id
                      join a in db.Actors on i.OwnerActorId equals a.Id
                      orderby a.Region, a.ShortName, i.DueAtUtc
                      select new OverdueStep(i.Id, c.Code, s.Id, s.NameEn, s.NameAz, s.NameRu, a.Id, a.ShortName, a.Region, i.DueAtUtc, i.State, i.EscalationLevel))
            .ToListAsync(ct);
    }
}
