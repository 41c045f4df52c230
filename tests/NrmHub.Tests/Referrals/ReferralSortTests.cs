using NrmHub.Core.Actors;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Sop;

namespace NrmHub.Tests.Referrals;

/// <summary>A list sorted by urgency or state follows their meaning, not the names they are stored under.</summary>
public sealed class ReferralSortTests
{
    [Fact]
    public async Task Urgency_and_state_sort_by_rank_not_alphabetically()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var referrals = bed.Referrals();
        var sender = bed.CallerFor("tamas");
        var receiver = bed.CallerFor("mia-ganja-ctu");

        async Task<int> SendAsync(Urgency urgency)
        {
            var result = await referrals.CreateAsync(
                sender,
                new PersonInput("Test Person", null, AgeGroup.Adult25To59, Sex.Female, null, null, null, [], ExploitationForm.Labour, null),
                new NewReferral(bed.Actors["mia-ganja-ctu"], [ServiceType.Identification], urgency, null, Consent.Given, null));
            Assert.True(result.Succeeded, result.Error);
            return result.Id!.Value;
        }

        var emergency = await SendAsync(Urgency.Emergency);
        var routine = await SendAsync(Urgency.Routine);
        var urgent = await SendAsync(Urgency.Urgent);
        Assert.True((await referrals.AcceptAsync(receiver, routine, await bed.VersionOfAsync(routine))).Succeeded);
        Assert.True((await referrals.DeclineAsync(receiver, urgent, await bed.VersionOfAsync(urgent), DeclineReason.Other, "No capacity")).Succeeded);

        async Task<List<int>> IdsAsync(ReferralSort sort, bool descending) =>
            [.. (await referrals.QueryAsync(sender, new ReferralQuery(ReferralScope.Outgoing, Sort: sort, Descending: descending), TimeZoneInfo.Utc)).Rows.Select(r => r.Id)];

        // By name these would be Emergency, Routine, Urgent and Accepted, Declined, Sent.
        Assert.Equal([routine, urgent, emergency], await IdsAsync(ReferralSort.Urgency, false));
        Assert.Equal([emergency, urgent, routine], await IdsAsync(ReferralSort.Urgency, true));
        Assert.Equal([emergency, routine, urgent], await IdsAsync(ReferralSort.State, false));
        Assert.Equal([urgent, routine, emergency], await IdsAsync(ReferralSort.State, true));
    }
}
