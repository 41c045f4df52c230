using Microsoft.Extensions.Logging.Abstractions;
using NrmHub.Core.Seed;
using NrmHub.Core.WorkingGroups;
using NrmHub.Tests.Sop;

namespace NrmHub.Tests.WorkingGroups;

public sealed class GroupSeedTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"group-seed-{Guid.NewGuid():N}");

    public GroupSeedTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "az"));
        foreach (var file in Directory.GetFiles(Path.Combine(SopTestBed.SeedRoot, "az")))
        {
            File.Copy(file, Path.Combine(root, "az", Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Azerbaijan_has_one_working_group_per_4p_pillar_chaired_by_the_national_coordinator()
    {
        var groups = GroupSeedReader.Read(SopTestBed.SeedRoot, SeedReader.Read(SopTestBed.SeedRoot, "az"));

        Assert.Equal(Enum.GetValues<NrmHub.Core.Actors.Pillar>().Order(), groups.Select(g => g.Pillar!.Value).Order());
        Assert.All(groups, g => Assert.Equal(("national-coordinator", GroupKind.ThematicWorkingGroup), (g.Chair, g.Kind)));
        Assert.All(groups, g => Assert.NotEmpty(g.Meetings));
        Assert.All(groups, g => Assert.True(g.Kpis.Count >= 2));
    }

    [Fact]
    public void Kyrgyzstan_has_the_task_force_group_led_by_parliament_and_kazakhstan_regional_task_forces()
    {
        var kg = GroupSeedReader.Read(SopTestBed.SeedRoot, SeedReader.Read(SopTestBed.SeedRoot, "kg"));
        var kz = GroupSeedReader.Read(SopTestBed.SeedRoot, SeedReader.Read(SopTestBed.SeedRoot, "kz"));

        var tfg = Assert.Single(kg);
        Assert.Equal(("kg-parliament-tfg", GroupKind.TaskForce), (tfg.Chair, tfg.Kind));
        Assert.All(kz, g => Assert.Equal(GroupKind.RegionalTaskForce, g.Kind));
        Assert.All(kz, g => Assert.NotNull(g.Region));
        // Seed 004: agree on the main purpose, among awareness raising, identification and advocacy.
        Assert.Contains(kz, g => g.Purpose == GroupPurpose.Identification);
        Assert.Contains(kz, g => g.Purpose == GroupPurpose.AwarenessRaising);
        Assert.Contains(kz.Concat(kg), g => g.Kpis.Any(k => k.Computed != KpiComputation.None));
    }

    [Fact]
    public void No_seeded_free_text_looks_like_personal_data()
    {
        foreach (var country in new[] { "az", "kg", "kz" })
        {
            foreach (var g in GroupSeedReader.Read(SopTestBed.SeedRoot, SeedReader.Read(SopTestBed.SeedRoot, country)))
            {
                var texts = new[] { g.TermsOfReference, g.PurposeText }.Concat(g.Meetings.SelectMany(m => m.Agenda.Append(m.Minutes).Concat(m.Decisions.Select(d => d.Text))));
                Assert.DoesNotContain(texts, PersonalDataCheck.LooksLikeNameAndBirthDate);
            }
        }
    }

    [Theory]
    [InlineData("\"chair\": \"national-coordinator\"", "\"chair\": \"no-such-actor\"", "#1 ('az-wg-prevention')", "chair")]
    [InlineData("\"endsAt\": \"2026-10-14T12:00\"", "\"endsAt\": \"2026-10-14T09:00\"", "#1 ('az-wg-prevention')", "meetings[0].endsAt")]
    [InlineData("\"kind\": \"ThematicWorkingGroup\"", "\"kind\": \"Committee\"", "#1", "kind")]
    [InlineData("\"id\": \"az-wg-prosecution\"", "\"id\": \"az-wg-prevention\"", "#2 ('az-wg-prevention')", "id")]
    [InlineData("\"computed\": \"MemberActorsActive\"", "\"computed\": \"MemberActorsActive\", \"colour\": \"red\"", "#1", "kpis[2].colour")]
    public void A_wrong_field_is_named_with_file_record_and_field(string find, string replace, string record, string field)
    {
        var path = Path.Combine(root, "az", "groups.json");
        var text = File.ReadAllText(path);
        var index = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0, find);
        File.WriteAllText(path, text[..index] + replace + text[(index + find.Length)..]);

        var e = Assert.Throws<SeedValidationException>(() => GroupSeedReader.Read(root, SeedReader.Read(root, "az")));

        Assert.EndsWith("groups.json", e.File);
        Assert.Equal(record, e.Record);
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public async Task Loading_twice_adds_nothing_and_puts_the_seeded_actions_on_the_sweep()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var groups = GroupSeedReader.Read(SopTestBed.SeedRoot, bed.Sop.Seed);
        var loader = new GroupSeedLoader(bed.Sop.Factory(), bed.Sop.Clock, bed.Sop.Calendar, bed.Board);

        Assert.Equal(4, await loader.ApplyAsync(groups));
        Assert.Equal(0, await loader.ApplyAsync(groups));

        var items = await bed.AllAsync<ActionItem>();
        Assert.Equal(groups.Sum(g => g.Meetings.Sum(m => m.Decisions.Sum(d => d.Actions.Count))), items.Count);
        Assert.Equal(items.Count, (await bed.AllAsync<ActionItemDeadline>()).Count);
        Assert.Equal(groups.Sum(g => g.Kpis.Count), (await bed.AllAsync<Kpi>()).Count);
        Assert.Equal(5, (await bed.AllAsync<WorkingGroup>()).Count);
    }
}
