using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;

namespace NrmHub.Core.WorkingGroups;

public enum KpiLight
{
    None,
    Green,
    Amber,
    Red,
}

/// <summary>
/// A group's KPIs (seed 004: "formalize key performance indicators … and monitor these new KPIs"): defined by
/// managers, measured by members with a source note, or computed from NrmHub's own records by
/// <see cref="RecomputeAsync"/> (a recurring job).
/// </summary>
public sealed class KpiService(IDbContextFactory<NrmDbContext> dbFactory, TimeProvider clock, CountryProfile profile, WorkingCalendar calendar)
{
    public const string KpiEntity = "Kpi";
    public const string MeasurementEntity = "KpiMeasurement";

    /// <summary>"Active in the last 3 months", "sent in the last 3 months": the window every computed KPI looks back over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(91);

    public async Task<FormResult> SaveAsync(int groupId, KpiForm form, GroupViewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await GroupStore.MembershipAsync(db, groupId, ct);
        if (group is null || !GroupAccess.SeesDetails(group, viewer))
        {
            return FormResult.NotFound;
        }

        if (!GroupAccess.Manages(viewer) || group.Status == GroupStatus.Closed)
        {
            return FormResult.Forbidden;
        }

        var checks = new FormChecks();
        var nameEn = checks.Text(nameof(form.NameEn), form.NameEn, GroupLimits.Name, required: true);
        var nameAz = checks.Text(nameof(form.NameAz), form.NameAz, GroupLimits.Name);
        var nameRu = checks.Text(nameof(form.NameRu), form.NameRu, GroupLimits.Name);
        var definition = checks.Text(nameof(form.Definition), form.Definition, GroupLimits.KpiDefinition);
        var unit = checks.Text(nameof(form.Unit), form.Unit, GroupLimits.Unit, required: true);
        CheckNumber(checks, nameof(form.Baseline), form.Baseline);
        CheckNumber(checks, nameof(form.Target), form.Target);
        if (form.Baseline is { } b && form.Target is { } t && b == t)
        {
            checks.Fail(nameof(form.Target), FormErrorCodes.TargetEqualsBaseline, "The target must differ from the baseline, or there is no progress to measure.");
        }

        if (form.DueOn is null)
        {
            checks.Fail(nameof(form.DueOn), FormErrorCodes.Required, "The due date is required.");
        }

        if (!Enum.IsDefined(form.Direction))
        {
            checks.Fail(nameof(form.Direction), FormErrorCodes.Required, "Direction must be higher or lower is better.");
        }

        if (!Enum.IsDefined(form.Computation))
        {
            checks.Fail(nameof(form.Computation), FormErrorCodes.Required, "Choose how the KPI is measured.");
        }

        var region = TextRules.IsBlank(form.Region) ? null : form.Region!.Trim();
        if (region is not null && (form.Computation != KpiComputation.ReferralsAcceptedWithinSop || !profile.Regions.Contains(region)))
        {
            checks.Fail(nameof(form.Region), FormErrorCodes.UnknownRegion, "A region applies only to the referrals KPI and must be one of the country profile's.");
        }

        if (!checks.Ok)
        {
            return new FormResult(checks.Errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Kpi kpi;
        object? before = null;
        if (form.Id is { } id)
        {
            var found = await db.Kpis.SingleOrDefaultAsync(k => k.Id == id && k.GroupId == groupId, ct);
            if (found is null)
            {
                return FormResult.NotFound;
            }

            if (found.Version != form.Version)
            {
                return FormResult.Fail("", FormErrorCodes.Stale, "Someone else changed this KPI in the meantime. Reload it and make your change again.");
            }

            kpi = found;
            before = Snapshot(kpi);
            kpi.Version++;
        }
        else
        {
            kpi = new Kpi { GroupId = groupId, NameEn = nameEn!, Unit = unit! };
            db.Kpis.Add(kpi);
        }

        kpi.NameEn = nameEn!;
        kpi.NameAz = nameAz;
        kpi.NameRu = nameRu;
        kpi.Definition = definition;
        kpi.Unit = unit!;
        kpi.Baseline = form.Baseline!.Value;
        kpi.Target = form.Target!.Value;
        kpi.DueOn = form.DueOn!.Value;
        kpi.Direction = form.Direction;
        kpi.Computation = form.Computation;
        kpi.Region = region;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return FormResult.Fail("", FormErrorCodes.Stale, "Someone else changed this KPI in the meantime. Reload it and make your change again.");
        }

        AuditLog.Record(db, now, viewer.Audit, before is null ? "kpi.created" : "kpi.updated", KpiEntity, kpi.Id.ToString(CultureInfo.InvariantCulture), before: before, after: Snapshot(kpi));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return FormResult.Ok(kpi.Id, kpi.Version, checks.Warnings);
    }

    /// <summary>A measurement entered by a member, with where the figure comes from; computed KPIs take none.</summary>
    public async Task<FormResult> MeasureAsync(int kpiId, MeasurementForm form, GroupViewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var kpi = await db.Kpis.AsNoTracking().SingleOrDefaultAsync(k => k.Id == kpiId, ct);
        var group = kpi is null ? null : await GroupStore.MembershipAsync(db, kpi.GroupId, ct);
        if (kpi is null || group is null || !GroupAccess.SeesDetails(group, viewer))
        {
            return FormResult.NotFound;
        }

        if (!GroupAccess.Contributes(group, viewer))
        {
            return FormResult.Forbidden;
        }

        var checks = new FormChecks();
        if (kpi.Computation != KpiComputation.None)
        {
            checks.Fail("", FormErrorCodes.Computed, "NrmHub computes this KPI from its own records; it takes no entered measurements.");
        }

        var today = Today();
        if (form.On is null)
        {
            checks.Fail(nameof(form.On), FormErrorCodes.Required, "The date the figure applies to is required.");
        }
        else if (form.On > today)
        {
            checks.Fail(nameof(form.On), FormErrorCodes.Required, "A measurement cannot be dated in the future.");
        }

        CheckNumber(checks, nameof(form.Value), form.Value);
        var source = checks.Text(nameof(form.Source), form.Source, GroupLimits.MeasurementSource, required: true);
        if (!checks.Ok)
        {
            return new FormResult(checks.Errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var measurement = new KpiMeasurement { KpiId = kpiId, On = form.On!.Value, Value = form.Value!.Value, Source = source, ByUserId = viewer.UserId, AtUtc = now };
        db.KpiMeasurements.Add(measurement);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        AuditLog.Record(db, now, viewer.Audit, "kpi.measured", MeasurementEntity, measurement.Id.ToString(CultureInfo.InvariantCulture), after: new { kpiId, measurement.On, measurement.Value, measurement.Source });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return FormResult.Ok(kpi.Id, 0, checks.Warnings);
    }

    /// <summary>
    /// Recomputes every computed KPI as of now and keeps one value per KPI and country day: a second run the same
    /// day overwrites that day's value, so the job is idempotent and a restart changes nothing it already did.
    /// </summary>
    public async Task<int> RecomputeAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = Today();
        var kpis = await db.Kpis.AsNoTracking().Where(k => k.Computation != KpiComputation.None).ToListAsync(ct);
        var changed = 0;
        foreach (var kpi in kpis)
        {
            if (await ComputeAsync(db, kpi, now, ct) is not { } value)
            {
                continue;
            }

            value = Math.Round(value, 1);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var existing = await db.KpiMeasurements.SingleOrDefaultAsync(m => m.KpiId == kpi.Id && m.On == today && m.Computed, ct);
            if (existing is not null && existing.Value == value)
            {
                continue;
            }

            if (existing is null)
            {
                existing = new KpiMeasurement { KpiId = kpi.Id, On = today, Computed = true, Source = "Computed by NrmHub" };
                db.KpiMeasurements.Add(existing);
            }

            existing.Value = value;
            existing.AtUtc = now;
            await db.SaveChangesAsync(ct);
            AuditLog.Record(db, now, AuditUser.System, "kpi.computed", MeasurementEntity, existing.Id.ToString(CultureInfo.InvariantCulture), after: new { kpiId = kpi.Id, existing.On, existing.Value });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            changed++;
        }

        return changed;
    }

    /// <summary>The KPI's value from NrmHub's records as of <paramref name="asOfUtc"/>; null when nothing counts yet.</summary>
    public async Task<double?> ComputeAsync(NrmDbContext db, Kpi kpi, DateTime asOfUtc, CancellationToken ct = default)
    {
        var from = asOfUtc - Window;
        switch (kpi.Computation)
        {
            case KpiComputation.ReferralsAcceptedWithinSop:
            {
                // The SOP limit for accepting is the step that a sent referral opens and acceptance closes (e.g.
                // "accept or decline within 3 working days"); where several do, the latest-due one is the limit.
                var limitSteps = (await db.SopSteps.AsNoTracking().ToListAsync(ct))
                    .Where(s => s.Trigger == SopTrigger.ReferralSent && s.ClosedBy.Contains(SopTrigger.ReferralAccepted)).Select(s => s.Id).ToList();
                var referrals = db.Referrals.AsNoTracking().Where(r => r.SentAtUtc >= from && r.SentAtUtc <= asOfUtc);
                if (kpi.Region is { } region)
                {
                    referrals = referrals.Where(r => db.CaseProfiles.Any(p => p.CaseId == r.CaseId && p.RegionIdentified == region));
                }

                var rows = await referrals.Select(r => new
                {
                    r.AcceptedAtUtc,
                    r.DeclinedAtUtc,
                    r.RevokedAtUtc,
                    Limit = db.StepInstances.Where(i => i.ReferralId == r.Id && limitSteps.Contains(i.StepId)).Max(i => (DateTime?)i.DueAtUtc),
                }).ToListAsync(ct);

                // Counted: referrals with an SOP limit that were decided, or whose limit has passed undecided; one
                // withdrawn before any decision was not the receiver's to accept.
                var counted = rows.Where(r => r.Limit is not null
                    && !(r.RevokedAtUtc is not null && r.AcceptedAtUtc is null && r.DeclinedAtUtc is null)
                    && (r.AcceptedAtUtc is not null || r.DeclinedAtUtc is not null || r.Limit <= asOfUtc)).ToList();
                return counted.Count == 0 ? null : 100.0 * counted.Count(r => r.AcceptedAtUtc is { } at && at <= r.Limit && at <= asOfUtc) / counted.Count;
            }

            case KpiComputation.MemberActorsActive:
            {
                var members = await db.GroupMembers.Where(m => m.GroupId == kpi.GroupId).Select(m => m.ActorId).ToListAsync(ct);
                if (members.Count == 0)
                {
                    return null;
                }

                var attended = await db.MeetingAttendance
                    .Join(db.Meetings, a => a.MeetingId, m => m.Id, (a, m) => new { a.ActorId, m.GroupId, m.StartsAtUtc })
                    .Where(x => x.GroupId == kpi.GroupId && x.StartsAtUtc >= from && x.StartsAtUtc <= asOfUtc && members.Contains(x.ActorId))
                    .Select(x => x.ActorId).Distinct().ToListAsync(ct);
                var referred = await db.ReferralEvents.Where(e => e.AtUtc >= from && e.AtUtc <= asOfUtc && members.Contains(e.ByActorId))
                    .Select(e => e.ByActorId).Distinct().ToListAsync(ct);
                return 100.0 * attended.Union(referred).Count() / members.Count;
            }

            case KpiComputation.ActionsDoneOnTime:
            {
                var items = await db.ActionItems.AsNoTracking().Where(a => a.GroupId == kpi.GroupId).Select(a => new { a.DueOn, a.DoneAtUtc }).ToListAsync(ct);
                var counted = items.Select(a => (DueAt: calendar.EndOfDayUtc(a.DueOn), a.DoneAtUtc))
                    .Where(a => a.DueAt <= asOfUtc || (a.DoneAtUtc is { } done && done <= asOfUtc)).ToList();
                return counted.Count == 0 ? null : 100.0 * counted.Count(a => a.DoneAtUtc is { } done && done <= a.DueAt && done <= asOfUtc) / counted.Count;
            }

            default:
                return null;
        }
    }

    /// <summary>
    /// The traffic light of a KPI: green when the target is met or progress keeps pace with the time elapsed since
    /// the first measurement; amber when it is behind by at most a quarter of the way; red when further behind or
    /// past its due date unmet; none without measurements.
    /// </summary>
    public static KpiLight Light(Kpi kpi, IReadOnlyList<KpiMeasurement> measurements, DateOnly today)
    {
        if (measurements.Count == 0)
        {
            return KpiLight.None;
        }

        var ordered = measurements.OrderBy(m => m.On).ThenBy(m => m.Id).ToList();
        var latest = ordered[^1].Value;
        var met = kpi.Direction == KpiDirection.HigherIsBetter ? latest >= kpi.Target : latest <= kpi.Target;
        if (met)
        {
            return KpiLight.Green;
        }

        if (today > kpi.DueOn)
        {
            return KpiLight.Red;
        }

        var progress = kpi.Target == kpi.Baseline ? 0 : (latest - kpi.Baseline) / (kpi.Target - kpi.Baseline);
        var start = ordered[0].On;
        var span = kpi.DueOn.DayNumber - start.DayNumber;
        var expected = span <= 0 ? 1 : Math.Clamp((today.DayNumber - start.DayNumber) / (double)span, 0, 1);
        return progress >= expected ? KpiLight.Green : progress >= expected - 0.25 ? KpiLight.Amber : KpiLight.Red;
    }

    public DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, calendar.Zone));

    private static void CheckNumber(FormChecks checks, string field, double? value)
    {
        if (value is null)
        {
            checks.Fail(field, FormErrorCodes.Required, $"{field} is required.");
        }
        else if (double.IsNaN(value.Value) || double.IsInfinity(value.Value) || Math.Abs(value.Value) > 1e12)
        {
            checks.Fail(field, FormErrorCodes.NotANumber, $"{field} must be a number between -10^12 and 10^12.");
        }
    }

    private static object Snapshot(Kpi k) => new { k.GroupId, k.NameEn, k.NameAz, k.NameRu, k.Definition, k.Unit, k.Baseline, k.Target, k.DueOn, k.Direction, k.Computation, k.Region };
}

/// <summary>The recurring job that recomputes the KPIs NrmHub knows how to compute.</summary>
public sealed class KpiRecomputeJob(KpiService kpis) : Jobs.INrmJob
{
    public const string Key = "kpi-recompute";

    public async Task<string?> RunAsync(CancellationToken ct) => $"{await kpis.RecomputeAsync(ct)} computed KPI value(s) written.";
}
