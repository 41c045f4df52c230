using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NrmHub.Core.Actors;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using static NrmHub.Core.Actors.AdminErrorCodes;

namespace NrmHub.Core.Sop;

/// <summary>What an administrator may change on one SOP step: its names and its clock. Trigger, owner and source stay as seeded.</summary>
public sealed class SopStepForm
{
    public string Id { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string? NameAz { get; set; }
    public string? NameRu { get; set; }
    public int? DurationValue { get; set; }

    /// <summary>The unit's name (Hours, CalendarDays, WorkingDays); anything else is refused.</summary>
    public string? DurationUnit { get; set; }

    public int? RemindAtPercent { get; set; }
    public List<string> Escalation { get; set; } = [];

    /// <summary>The version the editor loaded, to detect a concurrent change.</summary>
    public string Version { get; set; } = "";
}

/// <summary>The audited state of an SOP step.</summary>
public sealed record SopStepSnapshot(string Id, string NameEn, string? NameAz, string? NameRu, int DurationValue, DurationUnit DurationUnit, int RemindAtPercent, IReadOnlyList<string> Escalation);

/// <summary>The error codes of SOP administration; the UI translates "Sop.Admin.Error.{code}".</summary>
public static class SopErrorCodes
{
    public const string NameRequired = "NameRequired";
    public const string Duration = "Duration";
    public const string Unit = "Unit";
    public const string RemindAt = "RemindAt";
    public const string Escalation = "Escalation";
}

/// <summary>
/// Lets administrators edit the country's SOP template (issue 5). Each change is validated with the seed's rules
/// (<see cref="SopRules"/>) and saved with one <see cref="AuditEntry"/> (before and after) in the same SaveChanges.
/// Step instances take duration and reminder time from the template when they open, so a change applies to steps
/// opened after it; running steps keep their due dates.
/// </summary>
public sealed class SopAdministration(IDbContextFactory<NrmDbContext> dbFactory, TimeProvider clock, DeadlineEngine deadlines, ILogger<SopAdministration> log)
{
    public const string StepEntity = "SopStep";
    public const int MaxNameLength = 300;

    /// <summary>The escalation list as typed (codes separated by commas); each code is checked against the registry.</summary>
    public const int MaxEscalationLength = 1000;

    public async Task<IReadOnlyList<SopStep>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SopSteps.AsNoTracking().OrderBy(s => s.Position).ToListAsync(ct);
    }

    public async Task<SopStepForm?> LoadAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var step = await db.SopSteps.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        return step is null ? null : new SopStepForm
        {
            Id = step.Id,
            NameEn = step.NameEn,
            NameAz = step.NameAz,
            NameRu = step.NameRu,
            DurationValue = step.DurationValue,
            DurationUnit = step.DurationUnit.ToString(),
            RemindAtPercent = step.RemindAtPercent,
            Escalation = [.. step.Escalation],
            Version = Version(step),
        };
    }

    public async Task<AdminResult> UpdateAsync(SopStepForm form, AuditUser by, CancellationToken ct = default)
    {
        Normalise(form);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var step = await db.SopSteps.SingleOrDefaultAsync(s => s.Id == form.Id, ct);
        if (step is null)
        {
            return AdminResult.Failed(new AdminError(nameof(form.Id), NotFound, "This SOP step no longer exists."));
        }

        var before = AuditJson.Serialize(Snapshot(step));
        if (form.Version != AuditJson.Version(before))
        {
            return AdminResult.Failed(new AdminError("", Stale, "Someone else changed this in the meantime. Reload it and make your change again."));
        }

        var actorCodes = (await db.Actors.Select(a => a.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var errors = Validate(form, actorCodes, out var unit);
        if (errors.Count > 0)
        {
            return AdminResult.Failed(errors);
        }

        step.NameEn = form.NameEn;
        step.NameAz = form.NameAz;
        step.NameRu = form.NameRu;
        step.DurationValue = form.DurationValue!.Value;
        step.DurationUnit = unit;
        step.RemindAtPercent = form.RemindAtPercent!.Value;
        step.Escalation = [.. form.Escalation];
        var after = AuditJson.Serialize(Snapshot(step));
        if (after == before)
        {
            return AdminResult.Ok(form.Version);
        }

        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            UserId = by.UserId,
            UserActorId = by.ActorId,
            Action = "sop.update",
            EntityType = StepEntity,
            EntityKey = step.Id,
            Before = before,
            After = after,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            deadlines.TemplateChanged();
        }
        catch (DbUpdateException e)
        {
            log.LogWarning(e, "SOP step {StepId} change refused by the database", step.Id);
            return AdminResult.Failed(new AdminError("", Stale, "Someone else changed this in the meantime. Reload it and make your change again."));
        }

        log.LogInformation("User {UserId} changed SOP step {StepId}", by.UserId, step.Id);
        return AdminResult.Ok(AuditJson.Version(after));
    }

    /// <summary>The seed reader's rules, with one message per field.</summary>
    public static List<AdminError> Validate(SopStepForm form, IReadOnlySet<string> actorCodes, out DurationUnit unit)
    {
        var errors = new List<AdminError>();
        if (TextRules.IsBlank(form.NameEn))
        {
            errors.Add(new(nameof(form.NameEn), SopErrorCodes.NameRequired, "The English name is required."));
        }

        foreach (var (field, value) in new[] { (nameof(form.NameEn), form.NameEn), (nameof(form.NameAz), form.NameAz), (nameof(form.NameRu), form.NameRu) })
        {
            if (value is { Length: > MaxNameLength })
            {
                errors.Add(new(field, TooLong, $"At most {MaxNameLength} characters.", MaxNameLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        if (!SopRules.DurationOk(form.DurationValue))
        {
            errors.Add(new(nameof(form.DurationValue), SopErrorCodes.Duration, $"The duration must be a whole number from 1 to {SopRules.MaxDuration}."));
        }

        // Names only: Enum.TryParse would also take "7" or "Hours,WorkingDays".
        unit = default;
        if (form.DurationUnit is null || !Enum.GetNames<DurationUnit>().Contains(form.DurationUnit, StringComparer.Ordinal) || !Enum.TryParse(form.DurationUnit, out unit))
        {
            errors.Add(new(nameof(form.DurationUnit), SopErrorCodes.Unit, "Choose Hours, CalendarDays or WorkingDays.", form.DurationUnit));
        }

        if (!SopRules.RemindAtOk(form.RemindAtPercent))
        {
            errors.Add(new(nameof(form.RemindAtPercent), SopErrorCodes.RemindAt, "The reminder must come at 1 to 99 percent of the duration."));
        }

        foreach (var target in form.Escalation.Where(t => !SopRules.EscalationTargetOk(t, actorCodes)))
        {
            errors.Add(new(nameof(form.Escalation), SopErrorCodes.Escalation, $"'{target}' is neither OwnerParent nor the code of an actor.", target));
        }

        return errors;
    }

    public static SopStepSnapshot Snapshot(SopStep step) =>
        new(step.Id, step.NameEn, step.NameAz, step.NameRu, step.DurationValue, step.DurationUnit, step.RemindAtPercent, [.. step.Escalation]);

    public static string Version(SopStep step) => AuditJson.Version(AuditJson.Serialize(Snapshot(step)));

    private static void Normalise(SopStepForm form)
    {
        form.NameEn = TextRules.IsBlank(form.NameEn) ? "" : form.NameEn!.Trim();
        form.NameAz = TextRules.IsBlank(form.NameAz) ? null : form.NameAz!.Trim();
        form.NameRu = TextRules.IsBlank(form.NameRu) ? null : form.NameRu!.Trim();
        form.DurationUnit = form.DurationUnit?.Trim();
        form.Escalation = [.. (form.Escalation ?? []).Where(t => !TextRules.IsBlank(t)).Select(t => t!.Trim())];
    }
}
