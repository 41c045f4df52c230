using Bunit;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Sop;
using NrmHub.Tests.Infrastructure;
using NrmHub.Web.Components.Pages.Sop;

namespace NrmHub.Tests.Sop;

/// <summary>The case's SOP clocks: what each owner may close by hand, in the country's time, in the user's language.</summary>
public sealed class CaseDeadlinesTests
{
    private static async Task<int> CaseIdAsync(SopTestBed bed, string code)
    {
        await using var db = await bed.Factory().CreateDbContextAsync();
        return await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
    }

    [Fact]
    public async Task Steps_a_referral_action_closes_offer_no_mark_done_and_others_do()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");
        await using var ctx = new ComponentContext(bed);
        var caseId = await CaseIdAsync(bed, sent.CaseCode!);

        var receiver = ctx.Render<CaseDeadlines>(p => p.Add(x => x.CaseId, caseId).Add(x => x.Caller, bed.CallerFor("mia-ganja-ctu")));

        foreach (var step in new[] { "acknowledge-referral", "accept-or-decline" })
        {
            var row = receiver.Find($"[data-step={step}]");
            Assert.Empty(row.QuerySelectorAll("[data-testid=step-done]"));
            Assert.NotNull(row.QuerySelector("[data-testid=step-closes-by-event]"));
        }

        // Times in the country's zone with month names, the zone named in the caption.
        Assert.Contains("Asia/Baku", receiver.Find("caption").TextContent);
        Assert.Matches(@"\d{1,2} Mar 2026, \d\d:\d\d", receiver.Find("[data-step=acknowledge-referral] time").TextContent);
    }

    [Fact]
    public async Task Owner_marks_the_case_review_done_once_and_the_next_one_opens()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");
        await using var ctx = new ComponentContext(bed, "ru");
        var caseId = await CaseIdAsync(bed, sent.CaseCode!);
        var cut = ctx.Render<CaseDeadlines>(p => p.Add(x => x.CaseId, caseId).Add(x => x.Caller, bed.CallerFor("tamas")));

        await cut.Find("[data-step=case-review] [data-testid=step-done]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Пересмотр дела", cut.Find("[data-testid=deadline-message]").TextContent));
        var reviews = (await bed.StepsAsync()).Where(s => s.StepId == "case-review").Select(s => s.State).ToList();
        Assert.Equal([StepState.Done, StepState.Open], reviews);
        Assert.Equal(2, cut.FindAll("[data-step=case-review]").Count);
    }
}
