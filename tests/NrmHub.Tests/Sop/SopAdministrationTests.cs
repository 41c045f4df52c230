using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NrmHub.Core.Actors;
using NrmHub.Core.Audit;
using NrmHub.Core.Sop;

namespace NrmHub.Tests.Sop;

/// <summary>Administrators edit the SOP template: refused input writes nothing, a valid edit writes one audit row.</summary>
public sealed class SopAdministrationTests
{
    private static readonly AuditUser Admin = new("admin-user-id", null);

    private static SopAdministration Administration(SopTestBed bed) =>
        new(bed.Factory(), bed.Clock, bed.Deadlines, NullLogger<SopAdministration>.Instance);

    private static async Task<int> AuditCountAsync(SopTestBed bed)
    {
        await using var db = await bed.Factory().CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(a => a.EntityType == SopAdministration.StepEntity);
    }

    private static async Task<SopStep> StepAsync(SopTestBed bed, string id)
    {
        await using var db = await bed.Factory().CreateDbContextAsync();
        return await db.SopSteps.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    public static TheoryData<string, Action<SopStepForm>> BadInput => new()
    {
        { nameof(SopStepForm.DurationValue), f => f.DurationValue = 0 },
        { nameof(SopStepForm.DurationValue), f => f.DurationValue = -3 },
        { nameof(SopStepForm.DurationValue), f => f.DurationValue = null },
        { nameof(SopStepForm.DurationValue), f => f.DurationValue = 367 },
        { nameof(SopStepForm.RemindAtPercent), f => f.RemindAtPercent = 0 },
        { nameof(SopStepForm.RemindAtPercent), f => f.RemindAtPercent = 100 },
        { nameof(SopStepForm.RemindAtPercent), f => f.RemindAtPercent = null },
        { nameof(SopStepForm.DurationUnit), f => f.DurationUnit = "Weeks" },
        { nameof(SopStepForm.DurationUnit), f => f.DurationUnit = "1" },
        { nameof(SopStepForm.DurationUnit), f => f.DurationUnit = null },
        { nameof(SopStepForm.Escalation), f => f.Escalation = ["OwnerParent", "no-such-actor"] },
        { nameof(SopStepForm.Escalation), f => f.Escalation = ["ownerparent"] },
        { nameof(SopStepForm.NameEn), f => f.NameEn = "  " },
        { nameof(SopStepForm.NameAz), f => f.NameAz = new string('a', 301) },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_refused_at_its_field_and_writes_nothing(string field, Action<SopStepForm> spoil)
    {
        await using var bed = await SopTestBed.CreateAsync();
        var admin = Administration(bed);
        var before = SopAdministration.Snapshot(await StepAsync(bed, "acknowledge-referral"));
        var form = (await admin.LoadAsync("acknowledge-referral"))!;
        spoil(form);

        var result = await admin.UpdateAsync(form, Admin);

        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.For(field));
        Assert.Equal(0, await AuditCountAsync(bed));
        Assert.Equivalent(before, SopAdministration.Snapshot(await StepAsync(bed, "acknowledge-referral")));
    }

    [Fact]
    public async Task A_stale_form_or_unknown_step_is_refused()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var admin = Administration(bed);
        var form = (await admin.LoadAsync("acknowledge-referral"))!;
        form.Version = "stale";
        Assert.Contains((await admin.UpdateAsync(form, Admin)).Errors, e => e.Code == AdminErrorCodes.Stale);
        form.Id = "no-such-step";
        Assert.Contains((await admin.UpdateAsync(form, Admin)).Errors, e => e.Code == AdminErrorCodes.NotFound);
        Assert.Null(await admin.LoadAsync("no-such-step"));
        Assert.Equal(0, await AuditCountAsync(bed));
    }

    [Fact]
    public async Task A_valid_edit_saves_with_one_audit_row_and_applies_to_steps_opened_afterwards()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await bed.SendAsync("tamas", "mia-ganja-ctu");
        var admin = Administration(bed);
        var form = (await admin.LoadAsync("acknowledge-referral"))!;
        form.DurationValue = 10;
        form.DurationUnit = nameof(DurationUnit.Hours);
        form.RemindAtPercent = 50;
        form.Escalation = ["national-coordinator", " OwnerParent "];
        form.NameRu = "  ";

        var result = await admin.UpdateAsync(form, Admin);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        var step = await StepAsync(bed, "acknowledge-referral");
        Assert.Equal((10, DurationUnit.Hours, 50), (step.DurationValue, step.DurationUnit, step.RemindAtPercent));
        Assert.Equal(["national-coordinator", "OwnerParent"], step.Escalation);
        Assert.Null(step.NameRu);
        await using (var db = await bed.Factory().CreateDbContextAsync())
        {
            var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == SopAdministration.StepEntity).ToListAsync();
            var entry = Assert.Single(audit);
            Assert.Equal(("sop.update", "acknowledge-referral", "admin-user-id"), (entry.Action, entry.EntityKey, entry.UserId));
            Assert.Contains("\"remindAtPercent\":75", entry.Before);
            Assert.Contains("\"remindAtPercent\":50", entry.After);
            Assert.Equal(bed.Clock.GetUtcNow().UtcDateTime, entry.AtUtc);
        }

        // Saving the same values again changes and records nothing.
        var again = (await admin.LoadAsync("acknowledge-referral"))!;
        Assert.Equal(result.Version, again.Version);
        Assert.True((await admin.UpdateAsync(again, Admin)).Succeeded);
        Assert.Equal(1, await AuditCountAsync(bed));

        // The step that was already running keeps its due time; a step opened afterwards takes the new duration,
        // although the bed's one engine had cached the template when the first referral was sent.
        bed.Clock.Advance(TimeSpan.FromHours(1));
        await bed.SendAsync("tamas", "mia-thb");
        var acknowledge = (await bed.StepsAsync()).Where(s => s.StepId == "acknowledge-referral").ToList();
        Assert.Equal(2, acknowledge.Count);
        Assert.Equal(SopTestBed.Start.UtcDateTime.AddHours(24), acknowledge[0].DueAtUtc);
        var opened = bed.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(opened.AddHours(10), acknowledge[1].DueAtUtc);
        Assert.Equal(opened.AddHours(5), acknowledge[1].RemindAtUtc);
    }
}
