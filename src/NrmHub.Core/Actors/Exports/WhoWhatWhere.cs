using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using NrmHub.Core.Actors.Snapshots;
using NrmHub.Core.Seed;

namespace NrmHub.Core.Actors.Exports;

/// <summary>
/// The 3W/4W table ("who does what, where, when") that coordinators and OCHA-style clusters keep in spreadsheets:
/// one row per actor × mandated service × region served, with the pillar, the actor's kind and level, the legal
/// basis, whether an active referral channel reaches that service of the actor, and whether the actor is active.
/// Public like the directory: no address, no seat, no capacity.
/// </summary>
public static class WhoWhatWhere
{
    /// <summary>Column keys, in order; their headings are the UI resources <c>ThreeW.Column.&lt;key&gt;</c>.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["Code", "Actor", "ShortName", "Kind", "Level", "Pillar", "Service", "Region", "LegalBasis", "Reached", "Active"];

    public static readonly IReadOnlyList<string> Languages = ["en", "az", "ru"];

    public static List<IReadOnlyList<string>> Rows(NrmSnapshot snapshot, CountryProfile country, IExportText text, string language)
    {
        var reached = snapshot.Channels.Where(c => c.IsActive)
            .SelectMany(c => c.Services.Select(s => (c.ToActorId, s)))
            .ToHashSet();
        string Yes(bool value) => text.Get(language, value ? "ThreeW.Yes" : "ThreeW.No");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var actor in snapshot.Actors.OrderBy(a => a.Code, StringComparer.Ordinal))
        {
            foreach (var service in actor.Mandates.SelectMany(m => m.Services).Distinct().Order())
            {
                var mandates = actor.Mandates.Where(m => m.Services.Contains(service)).OrderBy(m => m.Pillar).ToList();
                var pillars = string.Join("; ", mandates.Select(m => m.Pillar).Distinct().Select(p => text.Get(language, $"Pillar.{p}")));
                var basis = string.Join("; ", mandates
                    .Select(m => string.Join(" ", new[] { m.LegalBasisText?.Trim(), m.LegalBasisReference is { Length: > 0 } r ? $"({r.Trim()})" : null }.Where(p => !string.IsNullOrEmpty(p))))
                    .Where(b => b.Length > 0)
                    .Distinct());
                foreach (var region in actor.RegionsServed.Count == 0 ? country.Regions : actor.RegionsServed)
                {
                    rows.Add([
                        actor.Code,
                        actor.Name(language),
                        actor.ShortNameIn(language),
                        text.Get(language, $"ActorKind.{actor.Kind}"),
                        text.Get(language, $"ActorLevel.{actor.Level}"),
                        pillars,
                        text.Get(language, $"Service.{service}"),
                        country.RegionName(region, language),
                        basis,
                        Yes(reached.Contains((actor.Id, service))),
                        Yes(actor.IsActive),
                    ]);
                }
            }
        }

        return rows;
    }

    public static IReadOnlyList<string> Headings(IExportText text, string language) => [.. Columns.Select(c => text.Get(language, $"ThreeW.Column.{c}"))];

    /// <summary>UTF-8 with a byte-order mark: without it, spreadsheet programs read Azerbaijani and Cyrillic letters as Latin-1.</summary>
    public static byte[] Csv(NrmSnapshot snapshot, CountryProfile country, IExportText text, string language) =>
        Exports.Csv.Utf8WithBom(Rows(snapshot, country, text, language).Prepend(Headings(text, language)));

    /// <summary>One sheet, the headings frozen above the rows and filterable; every cell text, so codes stay as written.</summary>
    public static byte[] Xlsx(NrmSnapshot snapshot, CountryProfile country, IExportText text, string language)
    {
        var rows = Rows(snapshot, country, text, language);
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, Headings(text, language)));
            for (var i = 0; i < rows.Count; i++)
            {
                data.Append(Row((uint)i + 2, rows[i]));
            }

            var lastColumn = ColumnName(Columns.Count);
            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }),
                new Columns(Columns.Select((c, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = c is "Actor" or "LegalBasis" ? 48 : 18, CustomWidth = true })),
                data,
                new AutoFilter { Reference = $"A1:{lastColumn}{rows.Count + 1}" });
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "3W" }));
            workbook.Workbook.Save();
        }

        return buffer.ToArray();
    }

    private static Row Row(uint index, IReadOnlyList<string> values)
    {
        var row = new Row { RowIndex = index };
        for (var c = 0; c < values.Count; c++)
        {
            row.Append(new Cell
            {
                CellReference = $"{ColumnName(c + 1)}{index}",
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(values[c]) { Space = SpaceProcessingModeValues.Preserve }),
            });
        }

        return row;
    }

    private static string ColumnName(int number)
    {
        var name = "";
        for (; number > 0; number = (number - 1) / 26)
        {
            name = (char)('A' + ((number - 1) % 26)) + name;
        }

        return name;
    }
}
