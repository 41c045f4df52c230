using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Jobs;

namespace NrmHub.Core.Referrals;

/// <summary>
/// Anonymises cases closed longer ago than <c>Retention:Years</c> (default 5).
/// <para>Cleared: the person's name, date of birth, nationality, languages, contact and vulnerabilities, and the
/// free texts of the case's referrals (reason, consent override reason, decline note), which may name or describe
/// the person. Kept, because the statistics and indicators are counted from them and none identifies a person on
/// its own: age group, sex, form of exploitation and the region of identification, plus every referral's actors,
/// services, states, codes and times.</para>
/// <para>Each anonymised case gets one audit row (<c>case.anonymise</c>, the case code only). A case already
/// anonymised has nothing left to clear, so a second run changes and records nothing.</para>
/// <para>The same run forgets Idempotency-Keys older than <see cref="IdempotentRequest.KeptFor"/>: a client retries
/// within minutes, and a key kept for ever would only grow the table.</para>
/// </summary>
public sealed class CaseRetention(IDbContextFactory<NrmDbContext> dbFactory, IConfiguration settings, TimeProvider clock) : INrmJob
{
    public const string Key = "retention";
    public const string Action = "case.anonymise";
    private const int Batch = 200;

    public int Years => Math.Max(1, settings.GetValue("Retention:Years", 5));

    async Task<string?> INrmJob.RunAsync(CancellationToken ct)
    {
        var anonymised = await AnonymiseAsync(ct);
        return $"{anonymised} case(s) anonymised, {await ForgetIdempotencyKeysAsync(ct)} old idempotency key(s) forgotten.";
    }

    public async Task<int> ForgetIdempotencyKeysAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - IdempotentRequest.KeptFor;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.IdempotentRequests.Where(r => r.CreatedUtc < cutoff).ExecuteDeleteAsync(ct);
    }

    public async Task<int> AnonymiseAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now.AddYears(-Years);
        var total = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var cases = await db.Cases
                .Where(c => c.ClosedAtUtc != null && c.ClosedAtUtc < cutoff)
                .Where(c =>
                    (c.Profile != null && (c.Profile.FullName != null || c.Profile.DateOfBirth != null || c.Profile.Nationality != null
                        || c.Profile.Languages != null || c.Profile.Contact != null || c.Profile.Vulnerabilities.Count > 0))
                    || c.Referrals.Any(r => r.ReasonText != null || r.ConsentOverrideReason != null || r.DeclineNote != null))
                .OrderBy(c => c.Id)
                .Take(Batch)
                .Include(c => c.Profile)
                .Include(c => c.Referrals)
                .ToListAsync(ct);
            if (cases.Count == 0)
            {
                return total;
            }

            foreach (var c in cases)
            {
                if (c.Profile is { } p)
                {
                    p.FullName = null;
                    p.DateOfBirth = null;
                    p.Nationality = null;
                    p.Languages = null;
                    p.Contact = null;
                    p.Vulnerabilities = [];
                }

                foreach (var r in c.Referrals)
                {
                    r.ReasonText = null;
                    r.ConsentOverrideReason = null;
                    db.Entry(r).Property(x => x.DeclineNote).CurrentValue = null;
                }

                AuditLog.Record(db, now, AuditUser.System, Action, "Case", c.Code, caseCode: c.Code);
            }

            await db.SaveChangesAsync(ct);
            total += cases.Count;
        }
    }
}
