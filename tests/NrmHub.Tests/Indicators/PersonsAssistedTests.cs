using NrmHub.Core.Actors;
using NrmHub.Core.Indicators;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Sop;

namespace NrmHub.Tests.Indicators;

public sealed class PersonsAssistedTests
{
    private static async Task<int> AcceptedCaseAsync(SopTestBed bed, Sex sex, bool accept = true)
    {
        var sent = await bed.Referrals().CreateAsync(
            bed.CallerFor("tamas"),
            new PersonInput(null, null, AgeGroup.Adult25To59, sex, null, null, null, [], ExploitationForm.Labour, null),
            new NewReferral(bed.Actors["mia-ganja-ctu"], [ServiceType.Identification], Urgency.Routine, null, Consent.Given, null));
        Assert.True(sent.Succeeded, sent.Error);
        if (accept)
        {
            Assert.True((await bed.Referrals().AcceptAsync(bed.CallerFor("mia-ganja-ctu"), sent.Id!.Value, await bed.VersionOfAsync(sent.Id!.Value))).Succeeded);
        }

        return sent.Id!.Value;
    }

    [Fact]
    public async Task Counts_each_case_once_per_service_accepted_in_the_period_and_hides_the_small_cells()
    {
        // Hand count: accepted in the period, 7 women and 2 men for identification. One woman's case accepted the
        // day before the period and one still waiting for acceptance do not count.
        await using var bed = await SopTestBed.CreateAsync();
        await AcceptedCaseAsync(bed, Sex.Female);
        bed.Clock.Advance(TimeSpan.FromDays(1));
        var from = bed.Clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < 7; i++)
        {
            await AcceptedCaseAsync(bed, Sex.Female);
        }

        await AcceptedCaseAsync(bed, Sex.Male);
        await AcceptedCaseAsync(bed, Sex.Male);
        await AcceptedCaseAsync(bed, Sex.Female, accept: false);
        var to = bed.Clock.GetUtcNow().UtcDateTime.AddHours(1);
        await using var db = await bed.Factory().CreateDbContextAsync();

        var raw = await PersonsAssisted.ByServiceAndSexAsync(db, from, to, threshold: 1);
        var published = await PersonsAssisted.ByServiceAndSexAsync(db, from, to);

        var row = raw.Rows.ToList().IndexOf(nameof(ServiceType.Identification));
        var (female, male) = (raw.Columns.ToList().IndexOf(nameof(Sex.Female)), raw.Columns.ToList().IndexOf(nameof(Sex.Male)));
        Assert.Equal((7, 2, 9), (raw.Value(row, female)!.Value, raw.Value(row, male)!.Value, raw.Value(raw.TotalRow, raw.TotalColumn)!.Value));
        Assert.Equal(0, raw.Value(raw.Rows.ToList().IndexOf(nameof(ServiceType.Shelter)), female));
        // Two men is a small cell; the seven women are hidden with it, or the row total 9 would give the 2 back.
        Assert.Equal(CellState.Primary, published.State(row, male));
        Assert.Null(published.Value(row, female));
        Assert.Equal(9, published.Value(row, published.TotalColumn));
    }
}
