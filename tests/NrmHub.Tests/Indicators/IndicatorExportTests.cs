using System.Text;
using NrmHub.Core.Actors;
using NrmHub.Core.Indicators;
using NrmHub.Core.Seed;

namespace NrmHub.Tests.Indicators;

/// <summary>The CSV exports carry what the screen shows and nothing a hidden cell would give away.</summary>
public sealed class IndicatorExportTests
{
    private static readonly IndicatorFilter Year = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "baku");

    private static readonly ExportLabels Labels = new("en", k => k, k => k, (_, c) => c, u => u.ToString(), w => w);

    private static FrameworkRow Row(string code, string key, IndicatorCell total, params IndicatorCell[] months)
    {
        var line = new FrameworkIndicator(code, new LocalizedText($"Line {code}, \"quoted\"", null, null), new IndicatorSpec(key), 0, 100, null);
        var outcome = new FrameworkOutcome("O1", Pillar.Protection, new LocalizedText("=Outcome", null, null), [line], []);
        var trend = new IndicatorTable(IndicatorCatalog.Find(key)!, line.Measure, Year, Dimension.Month, months, total, 5);
        return new FrameworkRow(outcome, null, line, trend, 0, 100, FrameworkService.Progress(total, 0, 100), null, false);
    }

    private static List<string[]> Read(byte[] csv)
    {
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var text = Encoding.UTF8.GetString(csv, 3, csv.Length - 3);
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(new StringReader(text)) { Delimiters = [","], HasFieldsEnclosedInQuotes = true };
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }

        return rows;
    }

    [Fact]
    public void The_framework_file_has_one_row_per_line_with_the_screen_s_value_and_no_number_behind_a_hidden_one()
    {
        var rows = Read(IndicatorExport.Framework(
            [Row("O1-a", "persons.assisted", new IndicatorCell("", 37, CellState.Shown, 37)), Row("O1-b", "timeliness.accept", new IndicatorCell("", null, CellState.Primary, 3, 12.5))],
            Year, Labels));

        var header = rows[0].ToList();
        Assert.Equal(3, rows.Count);
        var shown = rows[1];
        Assert.Equal(["2026-01-01", "2026-12-31", "baku"], shown[..3]);
        Assert.Equal("'=Outcome", shown[header.IndexOf("outcome")]);
        Assert.Equal("Line O1-a, \"quoted\"", shown[header.IndexOf("indicator")]);
        Assert.Equal(("37", "A", "37", "37"), (shown[header.IndexOf("value")], shown[header.IndexOf("status")], shown[header.IndexOf("display")], shown[header.IndexOf("progress_percent")]));
        var hidden = rows[2];
        Assert.Equal(("", "C", "<5", "", ""), (hidden[header.IndexOf("value")], hidden[header.IndexOf("status")], hidden[header.IndexOf("display")], hidden[header.IndexOf("p90")], hidden[header.IndexOf("progress_percent")]));
    }

    [Fact]
    public void Observations_are_one_per_row_and_a_hidden_cell_gives_neither_its_value_nor_its_base()
    {
        var row = Row("O1-a", "persons.assisted", new IndicatorCell("", 9, CellState.Shown, 9),
            new IndicatorCell("2026-01", 6, CellState.Shown, 6), new IndicatorCell("2026-02", null, CellState.Primary, 3));
        var sex = new IndicatorTable(row.Trend.Definition, row.Line.Measure, Year, Dimension.Sex,
            [new IndicatorCell("Female", null, CellState.Primary, 2), new IndicatorCell("Male", null, CellState.Complementary, 7)], row.Current, 5);

        var rows = Read(IndicatorExport.Observations([(row, sex)], Year, "az", Labels));

        var h = rows[0].ToList();
        var body = rows.Skip(1).ToList();
        Assert.Equal(5, body.Count);
        Assert.All(body, r => Assert.Equal("AZ:baku", r[h.IndexOf("REF_AREA")]));
        Assert.Equal(["2026-01-01/2026-12-31", "2026-01", "2026-02", "2026-01-01/2026-12-31", "2026-01-01/2026-12-31"], body.Select(r => r[h.IndexOf("TIME_PERIOD")]));
        Assert.Equal(["9", "6", "", "", ""], body.Select(r => r[h.IndexOf("OBS_VALUE")]));
        Assert.Equal(["A", "A", "C", "C", "C"], body.Select(r => r[h.IndexOf("OBS_STATUS")]));
        Assert.Equal(["9", "6", "<5", "<5", "<5"], body.Select(r => r[h.IndexOf("OBS_DISPLAY")]));
        Assert.Equal(["9", "6", "", "", ""], body.Select(r => r[h.IndexOf("OBS_BASE")]));
        Assert.Equal(["_T", "_T", "_T", "Sex", "Sex"], body.Select(r => r[h.IndexOf("BREAKDOWN")]));
    }

    [Fact]
    public void Definitions_name_every_indicator_once_with_its_threshold()
    {
        var rows = Read(IndicatorExport.Definitions(5, Labels));

        Assert.Equal(IndicatorCatalog.All.Select(d => d.Key), rows.Skip(1).Select(r => r[0]));
        // Cells about people (persons, referrals, times to act on them) are suppressed; counts of activities or steps are not.
        var threshold = rows.Skip(1).ToDictionary(r => r[0], r => r[rows[0].ToList().IndexOf("suppressed_below")]);
        Assert.Equal("5", threshold["persons.assisted"]);
        Assert.Equal("5", threshold["referrals.sent"]);
        Assert.Equal("5", threshold["timeliness.accept"]);
        Assert.Equal("", threshold["activities.count"]);
        Assert.All(IndicatorCatalog.All, d => Assert.Equal(d.CountsPersons || d.RestsOnReferrals ? "5" : "", threshold[d.Key]));
    }
}
