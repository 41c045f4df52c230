using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Indicators;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;
using NrmHub.Core.WorkingGroups;
using NrmHub.Tests.Sop;

namespace NrmHub.Tests.Indicators;

public sealed class FrameworkTests
{
    private static ResultsFramework Load(string country)
    {
        var seed = SeedReader.Read(SopTestBed.SeedRoot, country);
        return ResultsFrameworkReader.Read(SopTestBed.SeedRoot, seed, GroupSeedReader.Read(SopTestBed.SeedRoot, seed));
    }

    [Theory]
    [InlineData("az", 20)]
    [InlineData("kg", 4)]
    [InlineData("kz", 4)]
    public void Every_country_seed_has_a_valid_framework(string country, int lines)
    {
        var framework = Load(country);
        Assert.Equal(lines, framework.Lines().Count());
        Assert.All(framework.Lines(), l => Assert.NotNull(IndicatorCatalog.Find(l.Indicator.Measure.Indicator)));
        Assert.All(framework.Lines(), l => Assert.False(string.IsNullOrWhiteSpace(l.Indicator.Name.Az)));
        Assert.All(framework.Lines(), l => Assert.False(string.IsNullOrWhiteSpace(l.Indicator.Name.Ru)));
    }

    [Fact]
    public void Azerbaijan_carries_seed_002s_matrix_targets()
    {
        var framework = Load("az");
        var inspections = framework.Find("O2.1-a")!;
        Assert.Equal(("activities.count", 0.0, 864.0), (inspections.Measure.Indicator, inspections.Baseline!.Value, inspections.Target!.Value));
        Assert.Equal([ActivityKind.SiteInspection, ActivityKind.MonitoringVisit], inspections.Measure.Kinds);
        Assert.Equal(12, framework.Find("O2.1-b")!.Target);
        Assert.Equal(150, framework.Find("O1.3-a")!.Target);
        Assert.Equal(25, framework.Find("O3.1-a")!.Target);
        Assert.Equal(7, framework.Find("O4-a")!.Target);
        Assert.Equal("az-wg-prosecution-application", framework.Find("O2-a")!.Measure.Kpi);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { """{"title":{"en":"F"},"from":"2026-01-01","to":"2026-12-31","outcomes":[{"code":"A","name":{"en":"A"},"indicators":[{"code":"I","name":{"en":"I"},"measure":{"indicator":"nope"},"target":1}]}]}""", "measure.indicator", "'nope' is not an indicator" },
        { """{"title":{"en":"F"},"from":"2026-01-01","to":"2026-12-31","outcomes":[{"code":"A","name":{"en":"A"},"indicators":[{"code":"I","name":{"en":"I"},"measure":{"indicator":"referrals.sent","kinds":["Training"]},"target":1}]}]}""", "measure.kinds", "does not take activity kinds" },
        { """{"title":{"en":"F"},"from":"2026-01-01","to":"2026-12-31","outcomes":[{"code":"A","name":{"en":"A"},"indicators":[{"code":"I","name":{"en":"I"},"measure":{"indicator":"activities.count","kinds":["Picnic"]},"target":1}]}]}""", "measure.kinds[0]", "'Picnic' is not one of" },
        { """{"title":{"en":"F"},"from":"2026-01-01","to":"2026-12-31","outcomes":[{"code":"A","name":{"en":"A"},"indicators":[{"code":"I","name":{"en":"I"},"measure":{"indicator":"referrals.sent"}}]}]}""", "target", "is required" },
        { """{"title":{"en":"F"},"from":"2026-01-01","to":"2026-12-31","outcomes":[{"code":"A","name":{"en":"A"},"indicators":[{"code":"A","name":{"en":"I"},"measure":{"indicator":"referrals.sent"},"target":3}]}]}""", "code", "used twice" },
        { """{"title":{"en":"F"},"from":"2026-01-01","to":"2026-12-31","outcomes":[{"code":"A","name":{"en":"A"},"indicators":[{"code":"I","name":{"en":"I"},"measure":{"indicator":"wg.kpi","kpi":"no-such-kpi"}}]}]}""", "measure.kpi", "is not the id of a KPI" },
        { """{"title":{"en":"F"},"from":"2026-01-01","to":"2026-12-31","outcomes":[{"code":"A","name":{"en":"A"},"indicators":[{"code":"I","name":{"en":"I"},"measure":{"indicator":"sop.onTime"},"target":170}]}]}""", "target", "percentage from 0 to 100" },
        { """{"title":{"en":"F"},"from":"2026-01-01","to":"2026-12-31","outcomes":[{"code":"A","pillar":"Peace","name":{"en":"A"}}]}""", "pillar", "'Peace' is not one of" },
        { """{"title":{"en":"F"},"from":"2026-12-31","to":"2026-01-01","outcomes":[]}""", "to", "is before from" },
        { """{"title":{"en":"F"},"from":"2026-01-01","to":"2026-12-31","outcomes":[{"code":"A","name":{"az":"A"}}]}""", "name.en", "is required" },
        { """{"title":{"en":"F"},"from":"2026-01-01","to":"2026-12-31","outcomes":[],"colour":"red"}""", "colour", "" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_wrong_framework_file_is_refused_naming_the_field(string json, string field, string problem)
    {
        var dir = Directory.CreateTempSubdirectory("nrm-results-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "az"));
            File.WriteAllText(Path.Combine(dir.FullName, "az", "results.json"), json);
            var seed = SeedReader.Read(SopTestBed.SeedRoot, "az");
            var groups = GroupSeedReader.Read(SopTestBed.SeedRoot, seed);
            var error = Assert.Throws<SeedValidationException>(() => ResultsFrameworkReader.Read(dir.FullName, seed, groups));
            Assert.Equal(field, error.Field);
            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
            Assert.Contains("results.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_framework_rows_carry_the_engines_numbers_progress_and_publication()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var seed = bed.Seed;
        var groups = GroupSeedReader.Read(SopTestBed.SeedRoot, seed);
        await new GroupSeedLoader(bed.Factory(), bed.Clock, bed.Calendar, new Board(bed.Factory(), bed.Clock, bed.Calendar, bed.Notifier, Microsoft.Extensions.Logging.Abstractions.NullLogger<Board>.Instance)).ApplyAsync(groups);
        var framework = ResultsFrameworkReader.Read(SopTestBed.SeedRoot, seed, groups);
        var activities = bed.Activities();
        for (var day = 1; day <= 18; day++)
        {
            var form = new ActivityForm { Kind = ActivityKind.SiteInspection, OnDate = new DateOnly(2026, 3, day), Region = day % 2 == 0 ? "Guba" : "Lerik", Sector = Sector.Construction };
            Assert.True((await activities.SaveAsync(bed.CallerFor("mia"), form)).Succeeded);
        }

        var engine = bed.Engine();
        var service = new FrameworkService(bed.Factory(), engine, framework, bed.Clock);
        var rows = await service.ComputeAsync(service.DefaultFilter);
        Assert.Equal(framework.Lines().Count(), rows.Count);
        var inspections = rows.Single(r => r.Line.Code == "O2.1-a");
        Assert.Equal(18, inspections.Current.Value);
        Assert.Equal(18, inspections.Trend.Cell("2026-03"));
        Assert.Equal(12, inspections.Trend.Rows.Count);
        Assert.Equal(Math.Round(18 / 864.0 * 100, 1), inspections.Progress);
        Assert.Equal(2, rows.Single(r => r.Line.Code == "O2.1-b").Current.Value);

        // A KPI line brings the KPI's own baseline, target and unit, and its latest measurement.
        var kpi = rows.Single(r => r.Line.Code == "O2-a");
        Assert.Equal((0.0, 70.0, "%"), (kpi.Baseline!.Value, kpi.Target!.Value, kpi.KpiUnit));

        var admin = new NrmHub.Core.Referrals.Caller(bed.Users["national-coordinator"], bed.Actors["national-coordinator"], IsCoordinator: true, IsAdmin: true);
        var coordinator = admin with { IsAdmin = false };
        Assert.False(await service.SetPublishedAsync(coordinator, "O2.1-a", true));
        Assert.False(await service.SetPublishedAsync(admin, "no-such-line", true));
        Assert.True(await service.SetPublishedAsync(admin, "O2.1-a", true));
        Assert.True(await service.SetPublishedAsync(admin, "O2.1-a", true));
        var published = await service.ComputeAsync(service.DefaultFilter, publishedOnly: true);
        Assert.Equal("O2.1-a", Assert.Single(published).Line.Code);
        Assert.True(await service.SetPublishedAsync(admin, "O2.1-a", false));
        Assert.Empty(await service.ComputeAsync(service.DefaultFilter, publishedOnly: true));
        await using var db = await bed.Factory().CreateDbContextAsync();
        Assert.Equal([FrameworkService.PublishAction, FrameworkService.UnpublishAction],
            await db.AuditEntries.Where(a => a.EntityType == "Indicator").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task Sop_indicators_agree_with_the_steps_on_record()
    {
        // Ten referrals start their SOP clocks; five are accepted at once, the rest after the sweep has escalated them.
        await using var bed = await SopTestBed.CreateAsync();
        var ids = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await bed.SendAsync(IndicatorTestBed.Person()));
        }

        foreach (var id in ids.Take(5))
        {
            await bed.AcceptAsync(id);
        }

        bed.Clock.Advance(TimeSpan.FromDays(6));
        await bed.Sweep().RunAsync();
        foreach (var id in ids.Skip(5))
        {
            await bed.AcceptAsync(id);
        }

        var filter = new IndicatorFilter(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
        var steps = await bed.StepsAsync();
        var (from, to) = (bed.Calendar.EndOfDayUtc(filter.From.AddDays(-1)), bed.Calendar.EndOfDayUtc(filter.To));
        var closed = steps.Where(s => s.ClosedAtUtc >= from && s.ClosedAtUtc < to).ToList();
        Assert.NotEmpty(closed);
        var engine = bed.Engine();
        var onTime = await engine.ComputeAsync(new IndicatorSpec("sop.onTime"), filter, Dimension.Actor);
        Assert.Equal(Math.Round(closed.Count(s => s.ClosedAtUtc <= s.DueAtUtc) * 100.0 / closed.Count, 2), onTime.Total.Value);
        Assert.Equal(closed.Count, onTime.Total.Base);
        var escalated = steps.Count(s => s.EscalatedAtUtc >= from && s.EscalatedAtUtc < to);
        Assert.True(escalated > 0);
        Assert.Equal(escalated, (await engine.ComputeAsync(new IndicatorSpec("sop.escalated"), filter)).Total.Value);
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        var overdue = steps.Count(s => s.DueAtUtc >= from && s.DueAtUtc < to && ((s.ClosedAtUtc is null && s.DueAtUtc < now) || s.ClosedAtUtc > s.DueAtUtc));
        Assert.True(overdue > 0);
        var byActor = await engine.ComputeAsync(new IndicatorSpec("sop.overdue"), filter, Dimension.Actor);
        Assert.Equal(overdue, byActor.Total.Value);
        Assert.Equal(overdue, byActor.Rows.Sum(r => r.Value));
    }

    [Fact]
    public void Every_indicator_of_the_catalogue_has_a_definition_in_each_language()
    {
        var root = Path.Combine(Path.GetDirectoryName(SopTestBed.SeedRoot)!, "src", "NrmHub.Web", "Resources");
        foreach (var file in new[] { "UiText.resx", "UiText.az.resx", "UiText.ru.resx" })
        {
            var text = File.ReadAllText(Path.Combine(root, file));
            foreach (var d in IndicatorCatalog.All)
            {
                Assert.Contains($"name=\"Indicator.{d.Key}.Name\"", text, StringComparison.Ordinal);
                Assert.Contains($"name=\"Indicator.{d.Key}.Formula\"", text, StringComparison.Ordinal);
            }
        }

        _ = JsonSerializer.Serialize(IndicatorCatalog.All);
    }
}
