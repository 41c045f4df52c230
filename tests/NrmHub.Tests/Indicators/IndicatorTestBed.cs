using Microsoft.Extensions.Configuration;
using NrmHub.Core.Actors;
using NrmHub.Core.Indicators;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Sop;

namespace NrmHub.Tests.Indicators;

/// <summary>The SOP test bed (az seed, a fake clock at 2026-03-19 10:00 Baku) plus the indicator services over it.</summary>
internal static class IndicatorTestBed
{
    public static IndicatorEngine Engine(this SopTestBed bed, int threshold = 5) =>
        new(bed.Factory(), bed.Seed.Profile, bed.Calendar, bed.Clock,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Indicators:Threshold"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture) }).Build());

    public static ActivityService Activities(this SopTestBed bed) => new(bed.Factory(), bed.Clock, bed.Seed.Profile, bed.Calendar);

    public static PersonInput Person(Sex sex = Sex.Female, AgeGroup age = AgeGroup.Adult25To59, string? nationality = null, string? region = null, params Vulnerability[] vulnerabilities) =>
        new("Test Person", null, age, sex, nationality, null, null, vulnerabilities, ExploitationForm.Labour, region);

    /// <summary>Sends tamas → mia-ganja-ctu (identification) for the person; returns the referral id.</summary>
    public static async Task<int> SendAsync(this SopTestBed bed, PersonInput person)
    {
        var sent = await bed.Referrals().CreateAsync(bed.CallerFor("tamas"), person,
            new NewReferral(bed.Actors["mia-ganja-ctu"], [ServiceType.Identification], Urgency.Routine, null, Consent.Given, null));
        Assert.True(sent.Succeeded, sent.Error);
        return sent.Id!.Value;
    }

    public static async Task AcceptAsync(this SopTestBed bed, int id, string receiver = "mia-ganja-ctu") =>
        Assert.True((await bed.Referrals().AcceptAsync(bed.CallerFor(receiver), id, await bed.VersionOfAsync(id))).Succeeded);

    public static double? Cell(this IndicatorTable table, string category) => table.Rows.Single(r => r.Category == category).Value;
}
