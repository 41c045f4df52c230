using System.Text;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.WorkingGroups;

namespace NrmHub.Tests.WorkingGroups;

public sealed class GroupExportTests
{
    [Fact]
    public async Task The_actions_csv_has_a_bom_one_row_per_card_and_keeps_formula_like_text_as_text()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var (done, version) = await bed.AddCardAsync(bed.Action("=HYPERLINK(\"http://x\")", dueInDays: 5));
        await bed.AddCardAsync(bed.Action("Circulate, for comments", "mia-thb", 9));
        await bed.Board.MoveAsync(done, BoardColumn.Done, version, bed.Member());
        var details = (await bed.Groups.DetailsAsync(bed.GroupId, bed.Coordinator))!;
        await using var db = await bed.DbAsync();
        var actors = await db.Actors.AsNoTracking().ToDictionaryAsync(a => a.Id);

        var bytes = GroupExport.Actions(details, actors, "en", utc => utc.ToString("yyyy-MM-dd HH:mm"), bed.Board.DueAtUtc);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,title,column,owner_actor,owner_person,due_on,done_at_local,done_on_time", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\",Done,TAMAS", lines[1]);
        Assert.Contains(",yes,", lines[1]);
        Assert.Contains("\"Circulate, for comments\",ToDo,MIA THB Dept", lines[2]);
    }

    [Fact]
    public async Task The_kpi_csv_has_one_row_per_measurement_with_its_kind_and_source()
    {
        await using var bed = await GroupTestBed.CreateAsync();
        var kpi = await bed.Kpis.SaveAsync(bed.GroupId, new KpiForm { NameEn = "Awareness sessions", Unit = "sessions", Baseline = 0, Target = 12, DueOn = bed.Today().AddMonths(6) }, bed.Coordinator);
        await bed.Kpis.MeasureAsync(kpi.Id!.Value, new MeasurementForm { On = bed.Today(), Value = 3.5, Source = "Attendance sheets" }, bed.Member());
        var details = (await bed.Groups.DetailsAsync(bed.GroupId, bed.Coordinator))!;

        var lines = Encoding.UTF8.GetString(GroupExport.Measurements(details, "en")[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("kpi,name,unit,baseline,target,due_on,direction,computation,on,value,kind,source", lines[0]);
        Assert.EndsWith($",HigherIsBetter,None,{bed.Today():yyyy-MM-dd},3.5,entered,Attendance sheets", Assert.Single(lines[1..]));
    }
}
