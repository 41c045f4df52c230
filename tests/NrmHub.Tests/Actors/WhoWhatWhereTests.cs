using System.Net;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.DependencyInjection;
using NrmHub.Core.Actors;
using NrmHub.Core.Seed;

namespace NrmHub.Tests.Actors;

/// <summary>The 3W/4W table: one row per actor × service × region, in the chosen language, as CSV with a BOM and as XLSX with the same cells.</summary>
public sealed class WhoWhatWhereTests(ExportFixture fixture) : IClassFixture<ExportFixture>
{
    private HttpClient Client => fixture.App.CreateClient();

    private async Task<List<List<string>>> CsvAsync(string language)
    {
        var bytes = await Client.GetByteArrayAsync($"/api/exports/3w.csv?lang={language}");
        // The byte-order mark is what makes spreadsheet programs read the file as UTF-8.
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return ExportCsvReader.Parse(Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task Every_actor_service_and_region_served_is_one_row()
    {
        var (actors, _) = await fixture.ReadDatabaseAsync();
        var regions = fixture.App.Services.GetRequiredService<CountryProfile>().Regions;
        var rows = await CsvAsync("en");

        var expected = actors.Sum(a => a.Mandates.SelectMany(m => m.Services).Distinct().Count() * (a.RegionsServed.Count == 0 ? regions.Count : a.RegionsServed.Count));
        Assert.Equal(expected, rows.Count - 1);
        Assert.Equal(["Code", "Organisation", "Short name", "Kind of actor", "Level", "Pillar", "Service", "Region", "Legal basis", "Reached by a referral channel", "Active"], rows[0]);
        Assert.All(rows, r => Assert.Equal(11, r.Count));
        Assert.Equal(rows.Count - 1, rows.Skip(1).Select(r => (r[0], r[6], r[7])).Distinct().Count());

        // The police unit's investigation service: its legal basis whole (quotes, comma, line break), one row per region.
        var investigation = rows.Where(r => r[0] == "mia-thb" && r[6] == "Investigation").ToList();
        Assert.NotEmpty(investigation);
        Assert.All(investigation, r => Assert.Contains(ExportFixture.LegalBasisWithQuotes, r[8], StringComparison.Ordinal));
        Assert.All(investigation, r => Assert.Contains("Prosecution", r[5], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reached_says_whether_an_active_channel_brings_that_service_to_the_actor()
    {
        var (actors, channels) = await fixture.ReadDatabaseAsync();
        var rows = (await CsvAsync("en")).Skip(1).ToList();
        var idByCode = actors.ToDictionary(a => a.Code, a => a.Id);
        var services = Enum.GetValues<ServiceType>().ToDictionary(s => new NrmHub.Web.Jobs.ResourceExportText().Get("en", $"Service.{s}"), s => s);

        foreach (var row in rows)
        {
            var reached = channels.Any(c => c.IsActive && c.ToActorId == idByCode[row[0]] && c.Services.Contains(services[row[6]]));
            Assert.Equal(reached ? "yes" : "no", row[9]);
        }

        Assert.Contains(rows, r => r[0] == "clean-world" && r[6] == "Shelter" && r[9] == "yes");
    }

    [Theory]
    [InlineData("az", "Təşkilat")]
    [InlineData("ru", "Организация")]
    public async Task The_table_speaks_the_chosen_language_in_headings_and_values(string language, string organisationHeading)
    {
        var rows = await CsvAsync(language);

        Assert.Equal(organisationHeading, rows[0][1]);
        Assert.DoesNotContain(rows, r => r.Any(c => c.StartsWith("ThreeW.", StringComparison.Ordinal) || c.StartsWith("Service.", StringComparison.Ordinal) || c.StartsWith("ActorKind.", StringComparison.Ordinal)));
        var english = await CsvAsync("en");
        Assert.NotEqual(english.Skip(1).Select(r => r[6]).Distinct().Order(), rows.Skip(1).Select(r => r[6]).Distinct().Order());
    }

    [Fact]
    public async Task The_xlsx_holds_the_same_cells_as_the_csv()
    {
        var csv = await CsvAsync("ru");
        var response = await Client.GetAsync("/api/exports/3w.xlsx?lang=ru");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches(@"^nrmhub-3w-az-\d{4}-\d{2}-\d{2}-ru\.xlsx$", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);

        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var cells = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString!.InnerText).ToList()).ToList();

        Assert.Equal(csv, cells);
        Assert.Equal("3W", document.WorkbookPart.Workbook.Descendants<Sheet>().Single().Name!.Value);
    }

    [Fact]
    public async Task No_address_is_in_the_table()
    {
        var text = string.Join("\n", (await CsvAsync("en")).Select(r => string.Join("|", r)));

        foreach (var secret in new[] { ExportFixture.RestrictedAddress, ExportFixture.RestrictedCity, ExportFixture.MistakenlyPublicAddress, ExportFixture.PublicAddress })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_language_is_refused_by_name()
    {
        var response = await Client.GetAsync("/api/exports/3w.csv?lang=fr");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lang", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
