using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;

namespace NrmHub.Core.Indicators;

/// <summary>What a member of staff fills in to record (or correct) one activity of their organisation.</summary>
public sealed class ActivityForm
{
    public int? Id { get; set; }

    /// <summary>Made by the form when it opens: the same submission sent twice (a double click, a retry) is saved once.</summary>
    public Guid SubmissionId { get; set; } = Guid.NewGuid();

    public ActivityKind? Kind { get; set; }
    public DateOnly? OnDate { get; set; }
    public string? Region { get; set; }
    public Sector? Sector { get; set; }
    public string? Topic { get; set; }
    public List<ParticipantLine> Participants { get; set; } = [new()];
    public int Version { get; set; }
}

public sealed class ParticipantLine
{
    public int? InstitutionActorId { get; set; }
    public int? Female { get; set; }
    public int? Male { get; set; }
    public int? Other { get; set; }
}

/// <summary>An activity as its list shows it: counts only.</summary>
public sealed record ActivityRow(int Id, int ActorId, ActivityKind Kind, DateOnly OnDate, string Region, Sector? Sector, string? Topic, int Female, int Male, int Other, int Version)
{
    public int Total => Female + Male + Other;
}

/// <summary>
/// Activities are recorded by the actor that did them (issue 12): a member of staff records and corrects their own
/// organisation's, a coordinator reads everyone's. Every change is audited with the counts before and after.
/// </summary>
public sealed class ActivityService(IDbContextFactory<NrmDbContext> dbFactory, TimeProvider clock, CountryProfile profile, WorkingCalendar calendar)
{
    public const string Entity = "Activity";

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, calendar.Zone));

    public async Task<IReadOnlyList<ActivityRow>> ListAsync(Caller caller, int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Activities.AsNoTracking().Where(a => a.WithdrawnAtUtc == null);
        if (!caller.IsCoordinator && !caller.IsAdmin)
        {
            query = query.Where(a => a.ActorId == caller.ActorId);
        }

        var rows = await query.OrderByDescending(a => a.OnDate).ThenByDescending(a => a.Id).Take(Math.Clamp(take, 1, 1000))
            .Select(a => new ActivityRow(a.Id, a.ActorId, a.Kind, a.OnDate, a.Region, a.Sector, a.Topic,
                a.Participants.Sum(p => p.Female), a.Participants.Sum(p => p.Male), a.Participants.Sum(p => p.Other), a.Version))
            .ToListAsync(ct);
        return rows;
    }

    /// <summary>The form of one of the caller's own organisation's activities, or null (→ 404) for anyone else's.</summary>
    public async Task<ActivityForm?> EditFormAsync(Caller caller, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var a = await db.Activities.AsNoTracking().Include(x => x.Participants)
            .FirstOrDefaultAsync(x => x.Id == id && x.ActorId == caller.ActorId && x.WithdrawnAtUtc == null, ct);
        return a is null ? null : new ActivityForm
        {
            Id = a.Id,
            Kind = a.Kind,
            OnDate = a.OnDate,
            Region = a.Region,
            Sector = a.Sector,
            Topic = a.Topic,
            Participants = [.. a.Participants.OrderBy(p => p.Id).Select(p => new ParticipantLine { InstitutionActorId = p.InstitutionActorId, Female = p.Female, Male = p.Male, Other = p.Other })],
            Version = a.Version,
        };
    }

    public async Task<FormResult> SaveAsync(Caller caller, ActivityForm form, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (form.Id is null && await db.Activities.Where(a => a.SubmissionId == form.SubmissionId && a.ActorId == caller.ActorId)
                .Select(a => new { a.Id, a.Version }).FirstOrDefaultAsync(ct) is { } already)
        {
            return FormResult.Ok(already.Id, already.Version);
        }

        var checks = new FormChecks();
        var (lines, topic) = await CheckAsync(db, form, checks, ct);
        if (!checks.Ok)
        {
            return new FormResult(checks.Errors) { Warnings = checks.Warnings };
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var who = new AuditUser(caller.UserId, caller.ActorId);
        Activity activity;
        object? before = null;
        if (form.Id is { } id)
        {
            var found = await db.Activities.Include(a => a.Participants).FirstOrDefaultAsync(a => a.Id == id && a.ActorId == caller.ActorId && a.WithdrawnAtUtc == null, ct);
            if (found is null)
            {
                return FormResult.NotFound;
            }

            activity = found;

            if (activity.Version != form.Version)
            {
                return FormResult.Fail("", FormErrorCodes.Stale, "Someone changed this activity after you opened it; reload it and make your change again.");
            }

            before = Snapshot(activity);
            db.ActivityParticipants.RemoveRange(activity.Participants);
            activity.Participants = [];
            activity.UpdatedAtUtc = now;
            activity.Version++;
        }
        else
        {
            activity = new Activity { ActorId = caller.ActorId, Region = "", RecordedByUserId = caller.UserId, RecordedAtUtc = now, SubmissionId = form.SubmissionId };
            db.Activities.Add(activity);
        }

        activity.Kind = form.Kind!.Value;
        activity.OnDate = form.OnDate!.Value;
        activity.Region = form.Region!.Trim();
        activity.Sector = Activity.IsVisit(activity.Kind) ? form.Sector : null;
        activity.Topic = topic;
        activity.Participants.AddRange(lines);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return FormResult.Fail("", FormErrorCodes.Stale, "Someone changed this activity after you opened it; reload it and make your change again.");
        }
        catch (DbUpdateException) when (form.Id is null)
        {
            // The same submission raced itself in (two requests at once): the other one saved it.
            await tx.RollbackAsync(ct);
            var saved = await db.Activities.AsNoTracking().Where(a => a.SubmissionId == form.SubmissionId).Select(a => new { a.Id, a.Version }).FirstAsync(ct);
            return FormResult.Ok(saved.Id, saved.Version);
        }

        AuditLog.Record(db, now, who, before is null ? "activity.create" : "activity.update", Entity, activity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), before: before, after: Snapshot(activity));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return FormResult.Ok(activity.Id, activity.Version, checks.Warnings);
    }

    /// <summary>Takes an activity out of the indicators; the row stays, so the audit and earlier exports can be explained.</summary>
    public async Task<FormResult> WithdrawAsync(Caller caller, int id, int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var activity = await db.Activities.Include(a => a.Participants).FirstOrDefaultAsync(a => a.Id == id && a.ActorId == caller.ActorId && a.WithdrawnAtUtc == null, ct);
        if (activity is null)
        {
            return FormResult.NotFound;
        }

        if (activity.Version != version)
        {
            return FormResult.Fail("", FormErrorCodes.Stale, "Someone changed this activity after you opened it; reload it first.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        activity.WithdrawnAtUtc = now;
        activity.Version++;
        AuditLog.Record(db, now, new AuditUser(caller.UserId, caller.ActorId), "activity.withdraw", Entity, id.ToString(System.Globalization.CultureInfo.InvariantCulture), before: Snapshot(activity));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return FormResult.Fail("", FormErrorCodes.Stale, "Someone changed this activity after you opened it; reload it first.");
        }

        return FormResult.Ok(id, activity.Version);
    }

    private async Task<(List<ActivityParticipants> Lines, string? Topic)> CheckAsync(NrmDbContext db, ActivityForm form, FormChecks checks, CancellationToken ct)
    {
        if (form.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            checks.Fail(nameof(form.Kind), FormErrorCodes.Required, "Kind is required: choose what kind of activity it was.");
        }

        var today = Today;
        if (form.OnDate is not { } on)
        {
            checks.Fail(nameof(form.OnDate), FormErrorCodes.Required, "Date is required.");
        }
        else if (on > today)
        {
            checks.Fail(nameof(form.OnDate), FormErrorCodes.InFuture, $"Date {on:yyyy-MM-dd} is in the future; record an activity once it has taken place.");
        }
        else if (on < today.AddYears(-ActivityLimits.YearsBack))
        {
            checks.Fail(nameof(form.OnDate), FormErrorCodes.TooOld, $"Date {on:yyyy-MM-dd} is more than {ActivityLimits.YearsBack} years ago.");
        }

        if (TextRules.IsBlank(form.Region))
        {
            checks.Fail(nameof(form.Region), FormErrorCodes.Required, "Region is required.");
        }
        else if (!profile.Regions.Contains(form.Region!.Trim()))
        {
            checks.Fail(nameof(form.Region), FormErrorCodes.UnknownRegion, $"'{form.Region}' is not a region of this country profile.");
        }

        var isVisit = form.Kind is { } k && Activity.IsVisit(k);
        if (isVisit && form.Sector is not { } sector)
        {
            checks.Fail(nameof(form.Sector), FormErrorCodes.Required, "Sector is required for an inspection or a monitoring visit.");
        }
        else if (form.Sector is { } s && (!Enum.IsDefined(s) || (form.Kind is not null && !isVisit)))
        {
            checks.Fail(nameof(form.Sector), FormErrorCodes.NotApplicable, "Sector applies to inspections and monitoring visits only.");
        }

        var topic = checks.Text(nameof(form.Topic), form.Topic, ActivityLimits.Topic);
        var lines = new List<ActivityParticipants>();
        if (form.Participants.Count > ActivityLimits.Institutions)
        {
            checks.Fail(nameof(form.Participants), FormErrorCodes.TooMany, $"At most {ActivityLimits.Institutions} lines of participants.", ActivityLimits.Institutions, form.Participants.Count);
            return (lines, topic);
        }

        var byInstitution = form.Kind is { } kk && Activity.ByInstitution(kk);
        var institutionIds = form.Participants.Where(p => p.InstitutionActorId is not null).Select(p => p.InstitutionActorId!.Value).Distinct().ToList();
        var known = (await db.Actors.Where(a => institutionIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        var seen = new HashSet<int?>();
        for (var i = 0; i < form.Participants.Count; i++)
        {
            var line = form.Participants[i];
            var field = $"Participants[{i}]";
            if (line.InstitutionActorId is { } inst)
            {
                if (!byInstitution)
                {
                    checks.Fail($"{field}.InstitutionActorId", FormErrorCodes.NotApplicable, "Participants are counted by institution for trainings and workshops only.");
                }
                else if (!known.Contains(inst))
                {
                    checks.Fail($"{field}.InstitutionActorId", FormErrorCodes.UnknownActor, $"Actor {inst} is not in the registry.");
                }
            }

            if (!seen.Add(line.InstitutionActorId))
            {
                checks.Fail($"{field}.InstitutionActorId", FormErrorCodes.Duplicate, "This institution has a line already; put its participants on one line.");
            }

            int Count(int? value, string name)
            {
                if (value is < 0 or > ActivityLimits.Count)
                {
                    checks.Fail($"{field}.{name}", FormErrorCodes.OutOfRange, $"{field}.{name} is {value}; it must be a whole number from 0 to {ActivityLimits.Count}.", ActivityLimits.Count);
                    return 0;
                }

                return value ?? 0;
            }

            var entry = new ActivityParticipants { InstitutionActorId = line.InstitutionActorId, Female = Count(line.Female, nameof(line.Female)), Male = Count(line.Male, nameof(line.Male)), Other = Count(line.Other, nameof(line.Other)) };
            if (entry.Female + entry.Male + entry.Other > 0 || line.InstitutionActorId is not null)
            {
                lines.Add(entry);
            }
        }

        if (!isVisit && form.Kind is not null && checks.Ok && lines.Sum(l => l.Female + l.Male + l.Other) == 0)
        {
            checks.Fail(nameof(form.Participants), FormErrorCodes.Required, "Count the participants (or the persons counselled) by sex.");
        }

        return (lines, topic);
    }

    private static object Snapshot(Activity a) => new
    {
        a.Kind,
        OnDate = a.OnDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        a.Region,
        a.Sector,
        a.Topic,
        Participants = a.Participants.Select(p => new { p.InstitutionActorId, p.Female, p.Male, p.Other }).ToList(),
    };
}
