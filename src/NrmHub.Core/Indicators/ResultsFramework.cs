using System.Globalization;
using NrmHub.Core.Actors;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;
using NrmHub.Core.WorkingGroups;

namespace NrmHub.Core.Indicators;

/// <summary>One line of a results matrix: what it says ("Number of site inspections"), how NrmHub measures it, baseline and target.</summary>
/// <param name="Baseline">Null for a working-group KPI: the KPI's own baseline and target apply.</param>
public sealed record FrameworkIndicator(string Code, LocalizedText Name, IndicatorSpec Measure, double? Baseline, double? Target, string? Source);

public sealed record FrameworkOutput(string Code, LocalizedText Name, IReadOnlyList<FrameworkIndicator> Indicators);

public sealed record FrameworkOutcome(string Code, Pillar? Pillar, LocalizedText Name, IReadOnlyList<FrameworkIndicator> Indicators, IReadOnlyList<FrameworkOutput> Outputs);

/// <summary>
/// A country's results framework (issue 12): outcomes and outputs per 4P pillar, each measured by indicators NrmHub
/// computes from its own records, with the period the targets are for. Read from <c>seed/&lt;country&gt;/results.json</c>.
/// </summary>
public sealed record ResultsFramework(LocalizedText Title, DateOnly From, DateOnly To, string? Source, IReadOnlyList<FrameworkOutcome> Outcomes)
{
    public static readonly ResultsFramework None = new(new LocalizedText("Results framework", null, null), new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), null, []);

    /// <summary>Every indicator line with the outcome and (where it belongs to one) the output above it, in the matrix's order.</summary>
    public IEnumerable<(FrameworkOutcome Outcome, FrameworkOutput? Output, FrameworkIndicator Indicator)> Lines()
    {
        foreach (var outcome in Outcomes)
        {
            foreach (var i in outcome.Indicators)
            {
                yield return (outcome, null, i);
            }

            foreach (var output in outcome.Outputs)
            {
                foreach (var i in output.Indicators)
                {
                    yield return (outcome, output, i);
                }
            }
        }
    }

    public FrameworkIndicator? Find(string code) => Lines().Select(l => l.Indicator).FirstOrDefault(i => i.Code == code);
}

/// <summary>Reads and validates <c>results.json</c> entirely before anything uses it; a wrong file stops start-up naming file, record and field.</summary>
public static class ResultsFrameworkReader
{
    public const int CodeMax = 40;
    public const int NameMax = 300;
    public const int SourceMax = 500;
    public const int MaxMonths = 24;

    public static ResultsFramework Read(string seedRoot, SeedData seed, IReadOnlyList<GroupSeed> groups)
    {
        var file = Path.Combine(seedRoot, seed.Profile.Code, "results.json");
        return File.Exists(file) ? Validate(file, SopSeedReader.Deserialize<FrameworkDto>(file), groups) : ResultsFramework.None;
    }

    public static ResultsFramework Validate(string file, FrameworkDto? dto, IReadOnlyList<GroupSeed> groups)
    {
        void Fail(string record, string field, string problem) => throw new SeedValidationException(file, record, field, problem);
        if (dto is null)
        {
            Fail("framework", "-", "the file is empty; it is { \"title\": ..., \"from\": ..., \"to\": ..., \"outcomes\": [...] }");
        }

        var kpis = groups.SelectMany(g => g.Kpis).Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        var codes = new HashSet<string>(StringComparer.Ordinal);

        string Text(string record, string field, string? value, int limit, bool required = false)
        {
            if (TextRules.IsBlank(value))
            {
                if (required)
                {
                    Fail(record, field, "is required");
                }

                return "";
            }

            var trimmed = value!.Trim();
            if (trimmed.Length > limit)
            {
                Fail(record, field, $"is {trimmed.Length} characters; at most {limit}");
            }

            return trimmed;
        }

        LocalizedText Name(string record, string field, NameDto? name)
        {
            var en = Text(record, $"{field}.en", name?.En, NameMax, required: true);
            var az = Text(record, $"{field}.az", name?.Az, NameMax);
            var ru = Text(record, $"{field}.ru", name?.Ru, NameMax);
            return new LocalizedText(en, az.Length == 0 ? null : az, ru.Length == 0 ? null : ru);
        }

        string Code(string record, string? value)
        {
            var code = Text(record, "code", value, CodeMax, required: true);
            if (!codes.Add(code))
            {
                Fail(record, "code", $"'{code}' is used twice; every outcome, output and indicator needs its own code");
            }

            return code;
        }

        DateOnly Day(string field, string? value)
        {
            if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                Fail("framework", field, $"'{value}' is not a date like 2026-12-31");
            }

            return day;
        }

        List<T> Enums<T>(string record, string field, List<string?>? values) where T : struct, Enum
        {
            var list = new List<T>();
            foreach (var (v, i) in (values ?? []).Select((v, i) => (v, i)))
            {
                if (!Enum.TryParse<T>(v, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed))
                {
                    Fail(record, $"{field}[{i}]", $"'{v}' is not one of {string.Join(", ", Enum.GetNames<T>())}");
                }

                list.Add(parsed);
            }

            return list;
        }

        List<FrameworkIndicator> Indicators(string parent, List<IndicatorDto?>? list)
        {
            var result = new List<FrameworkIndicator>();
            foreach (var (i, n) in (list ?? []).Select((x, n) => (x, n)))
            {
                var record = $"{parent} indicator #{n + 1}";
                if (i is null)
                {
                    Fail(record, "-", "is null");
                }

                var code = Code(record, i!.Code);
                record = $"indicator '{code}'";
                var name = Name(record, "name", i.Name);
                var m = i.Measure;
                if (m is null)
                {
                    Fail(record, "measure", "is required: { \"indicator\": one of " + string.Join(", ", IndicatorCatalog.All.Select(d => d.Key)) + " }");
                }

                var definition = IndicatorCatalog.Find(m!.Indicator);
                if (definition is null)
                {
                    Fail(record, "measure.indicator", $"'{m.Indicator}' is not an indicator NrmHub computes; use one of {string.Join(", ", IndicatorCatalog.All.Select(d => d.Key))}");
                }

                if (m.Kinds is not null && !definition!.TakesKinds)
                {
                    Fail(record, "measure.kinds", $"{definition.Key} does not take activity kinds");
                }

                if (m.Services is not null && !definition!.TakesServices)
                {
                    Fail(record, "measure.services", $"{definition.Key} does not take services");
                }

                if (m.Months is not null && (!definition!.TakesMonths || m.Months is < 1 or > MaxMonths))
                {
                    Fail(record, "measure.months", definition!.TakesMonths ? $"must be a whole number from 1 to {MaxMonths}" : $"{definition.Key} does not take months");
                }

                if (definition!.TakesKpi != (m.Kpi is not null))
                {
                    Fail(record, "measure.kpi", definition.TakesKpi ? "is required: the id of a KPI in groups.json" : $"{definition.Key} does not take a KPI");
                }

                if (m.Kpi is not null && !kpis.Contains(m.Kpi))
                {
                    Fail(record, "measure.kpi", $"'{m.Kpi}' is not the id of a KPI in groups.json");
                }

                var spec = new IndicatorSpec(definition.Key, m.Kinds is null ? null : Enums<ActivityKind>(record, "measure.kinds", m.Kinds),
                    m.Services is null ? null : Enums<ServiceType>(record, "measure.services", m.Services), m.Months, m.Kpi);
                if (definition.TakesKpi)
                {
                    if (i.Baseline is not null || i.Target is not null)
                    {
                        Fail(record, "target", "a working-group KPI brings its own baseline and target; set them in groups.json");
                    }
                }
                else if (i.Target is null)
                {
                    Fail(record, "target", "is required: the number the period aims for");
                }

                foreach (var (field, value) in new[] { ("baseline", i.Baseline), ("target", i.Target) })
                {
                    if (value is { } v && (double.IsNaN(v) || double.IsInfinity(v) || v < 0 || (definition.Unit == IndicatorUnit.Percent && v > 100)))
                    {
                        Fail(record, field, definition.Unit == IndicatorUnit.Percent ? "must be a percentage from 0 to 100" : "must be a number of 0 or more");
                    }
                }

                if (!definition.TakesKpi && (i.Baseline ?? 0) == i.Target)
                {
                    Fail(record, "target", "equals the baseline, so progress towards it cannot be measured");
                }

                var source = Text(record, "source", i.Source, SourceMax);
                result.Add(new FrameworkIndicator(code, name, spec, definition.TakesKpi ? null : i.Baseline ?? 0, i.Target, source.Length == 0 ? null : source));
            }

            return result;
        }

        var title = Name("framework", "title", dto!.Title);
        var from = Day("from", dto.From);
        var to = Day("to", dto.To);
        if (to < from)
        {
            Fail("framework", "to", $"{to:yyyy-MM-dd} is before from ({from:yyyy-MM-dd})");
        }

        if (to.DayNumber - from.DayNumber > 366 * 5)
        {
            Fail("framework", "to", "the period is longer than five years");
        }

        var outcomes = new List<FrameworkOutcome>();
        foreach (var (o, n) in (dto.Outcomes ?? []).Select((x, n) => (x, n)))
        {
            var record = $"outcome #{n + 1}";
            if (o is null)
            {
                Fail(record, "-", "is null");
            }

            var code = Code(record, o!.Code);
            record = $"outcome '{code}'";
            Pillar? pillar = null;
            if (o.Pillar is not null)
            {
                pillar = Enum.TryParse<Pillar>(o.Pillar, out var p) && Enum.IsDefined(p) ? p : null;
                if (pillar is null)
                {
                    Fail(record, "pillar", $"'{o.Pillar}' is not one of {string.Join(", ", Enum.GetNames<Pillar>())}");
                }
            }

            var name = Name(record, "name", o.Name);
            var indicators = Indicators(record, o.Indicators);
            var outputs = new List<FrameworkOutput>();
            foreach (var (u, k) in (o.Outputs ?? []).Select((x, k) => (x, k)))
            {
                var outputRecord = $"{record} output #{k + 1}";
                if (u is null)
                {
                    Fail(outputRecord, "-", "is null");
                }

                var outputCode = Code(outputRecord, u!.Code);
                outputRecord = $"output '{outputCode}'";
                outputs.Add(new FrameworkOutput(outputCode, Name(outputRecord, "name", u.Name), Indicators(outputRecord, u.Indicators)));
            }

            outcomes.Add(new FrameworkOutcome(code, pillar, name, indicators, outputs));
        }

        var sourceText = Text("framework", "source", dto.Source, SourceMax);
        return new ResultsFramework(title, from, to, sourceText.Length == 0 ? null : sourceText, outcomes);
    }

    public sealed record NameDto(string? En, string? Az, string? Ru);

    public sealed record MeasureDto(string? Indicator, List<string?>? Kinds, List<string?>? Services, int? Months, string? Kpi);

    public sealed record IndicatorDto(string? Code, NameDto? Name, MeasureDto? Measure, double? Baseline, double? Target, string? Source);

    public sealed record OutputDto(string? Code, NameDto? Name, List<IndicatorDto?>? Indicators);

    public sealed record OutcomeDto(string? Code, string? Pillar, NameDto? Name, List<IndicatorDto?>? Indicators, List<OutputDto?>? Outputs);

    public sealed record FrameworkDto(NameDto? Title, string? From, string? To, string? Source, List<OutcomeDto?>? Outcomes);
}
