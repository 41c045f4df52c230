using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;

namespace NrmHub.Tests.Sop;

public sealed class SopSeedTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"sop-seed-{Guid.NewGuid():N}");

    public SopSeedTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "az"));
        foreach (var file in Directory.GetFiles(Path.Combine(SopTestBed.SeedRoot, "az")))
        {
            File.Copy(file, Path.Combine(root, "az", Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Theory]
    [InlineData("az")]
    [InlineData("kg")]
    [InlineData("kz")]
    public void Every_country_has_a_valid_sop_with_sources_and_a_calendar(string country)
    {
        var seed = SeedReader.Read(SopTestBed.SeedRoot, country);

        var sop = SopSeedReader.Read(SopTestBed.SeedRoot, seed);

        Assert.Equal(7, sop.Steps.Count);
        Assert.All(sop.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s.Source)));
        Assert.Contains(sop.Calendar.Holidays, h => h.Date == new DateOnly(2027, 1, 1));
        Assert.Equal([DayOfWeek.Saturday, DayOfWeek.Sunday], sop.Calendar.Weekend);
    }

    [Fact]
    public void Azerbaijani_defaults_carry_the_limits_of_the_issue()
    {
        var sop = SopSeedReader.Read(SopTestBed.SeedRoot, SeedReader.Read(SopTestBed.SeedRoot, "az"));
        var byId = sop.Steps.ToDictionary(s => s.Id);

        Assert.Equal((24, DurationUnit.Hours), (byId["refer-to-police"].DurationValue, byId["refer-to-police"].DurationUnit));
        Assert.Contains("21", byId["refer-to-police"].Source);
        Assert.Equal((5, DurationUnit.WorkingDays), (byId["identification-decision"].DurationValue, byId["identification-decision"].DurationUnit));
        Assert.Contains("Art. 13", byId["recovery-reflection-review"].Source);
        Assert.True(byId["case-review"].Recurring);
        Assert.All(sop.Steps, s => Assert.Equal(["OwnerParent", "national-coordinator"], s.Escalation));
    }

    [Theory]
    [InlineData("sop.json", "\"owner\": \"Receiver\"", "\"owner\": \"Nobody\"", "#2 ('acknowledge-referral')", "owner")]
    [InlineData("sop.json", "\"remindAt\": 75", "\"remindAt\": 100", "#1 ('refer-to-police')", "remindAt")]
    [InlineData("sop.json", "\"national-coordinator\"", "\"no-such-actor\"", "#1 ('refer-to-police')", "escalation[1]")]
    [InlineData("sop.json", "\"unit\": \"Hours\"", "\"unit\": \"Weeks\"", "#1", "duration.unit")]
    [InlineData("calendar.json", "\"2026-01-02\"", "\"2026-01-01\"", "holidays #2 (2026-01-01)", "date")]
    [InlineData("calendar.json", "\"2026-01-20\"", "\"2026-02-30\"", "holidays #3", "date")]
    public void A_wrong_field_is_named_with_file_record_and_field(string file, string find, string replace, string record, string field)
    {
        var path = Path.Combine(root, "az", file);
        var text = File.ReadAllText(path);
        var index = text.IndexOf(find, StringComparison.Ordinal);
        File.WriteAllText(path, text[..index] + replace + text[(index + find.Length)..]);

        var e = Assert.Throws<SeedValidationException>(() => SopSeedReader.Read(root, SeedReader.Read(root, "az")));

        Assert.EndsWith(file, e.File);
        Assert.Equal(record, e.Record);
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public async Task Loading_twice_adds_nothing_and_keeps_an_edited_step()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var factory = bed.Factory();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.SopSteps.Where(s => s.Id == "case-review").ExecuteUpdateAsync(s => s.SetProperty(x => x.DurationValue, 14));
        }

        var added = await new SopLoader(factory).ApplyAsync(SopSeedReader.Read(SopTestBed.SeedRoot, bed.Seed));

        Assert.Equal(0, added);
        await using var check = await factory.CreateDbContextAsync();
        Assert.Equal(7, await check.SopSteps.CountAsync());
        Assert.Equal(14, (await check.SopSteps.SingleAsync(s => s.Id == "case-review")).DurationValue);
    }
}
