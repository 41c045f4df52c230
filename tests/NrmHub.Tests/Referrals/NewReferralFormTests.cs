using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using NrmHub.Core.Referrals;
using NrmHub.Tests.Infrastructure;
using NrmHub.Tests.Sop;
using NrmHub.Web.Components.Pages.Referrals;

namespace NrmHub.Tests.Referrals;

/// <summary>The new-referral form: messages at their fields in the user's language, the consent gate, nothing cut short.</summary>
public sealed class NewReferralFormTests
{
    private static async Task<int> CasesAsync(SopTestBed bed)
    {
        await using var db = await bed.Factory().CreateDbContextAsync();
        return await db.Cases.CountAsync();
    }

    private static async Task<(SopTestBed, ComponentContext, IRenderedComponent<WithMudProviders>)> FormAsync(string culture = "en")
    {
        var bed = await SopTestBed.CreateAsync();
        ComponentContext.UseCulture(culture);
        var ctx = new ComponentContext(bed, culture);
        ctx.SignInAs("tamas", "ReferralOfficer");
        var cut = ctx.Render<WithMudProviders>(p => p.AddChildContent<NrmHub.Web.Components.Pages.Referrals.NewReferral>());
        cut.WaitForElement("[data-testid=service-Identification]");
        return (bed, ctx, cut);
    }

    private static string HelperTextOf(IRenderedComponent<WithMudProviders> cut, string testId) =>
        cut.Find($".mud-input-control:has([data-testid={testId}]) .mud-input-helper-text").TextContent;

    [Fact]
    public async Task Empty_form_shows_each_message_at_its_field_and_sends_nothing()
    {
        var (bed, ctx, cut) = await FormAsync();
        await using var _ = bed;
        await using var __ = ctx;

        await cut.Find("[data-testid=referral-form]").SubmitAsync();

        Assert.Contains("Some fields need attention", cut.Find("[data-testid=referral-error]").TextContent);
        Assert.Contains("Choose at least one service", cut.Find("[data-testid=services] .nrm-field-error").TextContent);
        Assert.Contains("Record the person's consent", HelperTextOf(cut, "r-consent"));
        Assert.Equal(0, await CasesAsync(bed));
    }

    [Fact]
    public async Task Complete_form_is_sent_only_once_consent_is_recorded()
    {
        var (bed, ctx, cut) = await FormAsync();
        await using var _ = bed;
        await using var __ = ctx;
        cut.Find("[data-testid=service-Identification]").Change(true);
        cut.WaitForElement("[data-testid=receiver-mia-ganja-ctu]").Change(true);
        Assert.NotNull(cut.Find("[data-testid=consent-gate]"));

        await cut.Find("[data-testid=referral-form]").SubmitAsync();
        Assert.Contains("Record the person's consent", HelperTextOf(cut, "r-consent"));
        Assert.Equal(0, await CasesAsync(bed));

        var consent = cut.FindComponent<MudSelect<Consent>>();
        await cut.InvokeAsync(() => consent.Instance.ValueChanged.InvokeAsync(Consent.Given));
        Assert.Empty(cut.FindAll("[data-testid=consent-gate]"));
        await cut.Find("[data-testid=referral-form]").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("/cases/", ctx.Services.GetRequiredService<NavigationManager>().Uri));
        Assert.Equal(1, await CasesAsync(bed));
    }

    [Fact]
    public async Task Override_of_consent_needs_a_reason_at_its_field_in_the_users_language()
    {
        var (bed, ctx, cut) = await FormAsync("az");
        // A culture set inside an awaited helper does not flow back out of it.
        ComponentContext.UseCulture("az");
        await using var _ = bed;
        await using var __ = ctx;
        cut.Find("[data-testid=service-Identification]").Change(true);
        cut.WaitForElement("[data-testid=receiver-mia-ganja-ctu]").Change(true);
        var consent = cut.FindComponent<MudSelect<Consent>>();
        await cut.InvokeAsync(() => consent.Instance.ValueChanged.InvokeAsync(Consent.Override));

        await cut.Find("[data-testid=referral-form]").SubmitAsync();

        Assert.Contains("razılıq olmadan", HelperTextOf(cut, "r-override"));
        Assert.Equal(0, await CasesAsync(bed));
    }

    [Fact]
    public async Task Too_long_a_name_is_refused_with_its_length_never_cut()
    {
        var (bed, ctx, cut) = await FormAsync();
        await using var _ = bed;
        await using var __ = ctx;
        cut.Find("[data-testid=p-name]").Input(new string('a', 201));
        cut.Find("[data-testid=service-Identification]").Change(true);
        cut.WaitForElement("[data-testid=receiver-mia-ganja-ctu]").Change(true);
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<Consent>>().Instance.ValueChanged.InvokeAsync(Consent.Given));

        await cut.Find("[data-testid=referral-form]").SubmitAsync();

        Assert.Contains("At most 200 characters (now 201)", HelperTextOf(cut, "p-name"));
        Assert.Equal(0, await CasesAsync(bed));
    }

    [Fact]
    public async Task A_date_of_birth_before_1900_is_refused_at_its_field()
    {
        var (bed, ctx, cut) = await FormAsync();
        await using var _ = bed;
        await using var __ = ctx;
        await cut.InvokeAsync(() => cut.FindComponent<MudDatePicker>().Instance.DateChanged.InvokeAsync(new DateTime(1899, 12, 31)));
        cut.Find("[data-testid=service-Identification]").Change(true);
        cut.WaitForElement("[data-testid=receiver-mia-ganja-ctu]").Change(true);
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<Consent>>().Instance.ValueChanged.InvokeAsync(Consent.Given));

        await cut.Find("[data-testid=referral-form]").SubmitAsync();

        Assert.Contains("before 1900", HelperTextOf(cut, "p-dob"));
        Assert.Equal(0, await CasesAsync(bed));
    }

    [Fact]
    public async Task Every_text_field_carries_the_servers_limit_so_the_browser_stops_typing_there()
    {
        var (bed, ctx, cut) = await FormAsync();
        await using var _ = bed;
        await using var __ = ctx;
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<Consent>>().Instance.ValueChanged.InvokeAsync(Consent.Override));

        var limits = new Dictionary<string, int>
        {
            ["p-name"] = ReferralLimits.FullName, ["p-nationality"] = ReferralLimits.Nationality, ["p-languages"] = ReferralLimits.Languages,
            ["p-contact"] = ReferralLimits.Contact, ["r-override"] = ReferralLimits.ConsentOverrideReason, ["r-reason"] = ReferralLimits.Reason, ["p-dob"] = 10,
        };
        foreach (var (testId, limit) in limits)
        {
            Assert.Equal(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find($"[data-testid={testId}]").GetAttribute("maxlength"));
        }

        cut.Find("[data-testid=r-reason]").Input("Needs a doctor");
        Assert.Contains("14 / 1000", cut.Find(".mud-input-control:has([data-testid=r-reason])").TextContent);
    }

    [Fact]
    public async Task An_override_reason_of_invisible_characters_is_no_reason()
    {
        var (bed, ctx, cut) = await FormAsync();
        await using var _ = bed;
        await using var __ = ctx;
        cut.Find("[data-testid=service-Identification]").Change(true);
        cut.WaitForElement("[data-testid=receiver-mia-ganja-ctu]").Change(true);
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<Consent>>().Instance.ValueChanged.InvokeAsync(Consent.Override));
        cut.Find("[data-testid=r-override]").Input("\u200B\u200C\u200D\uFEFF\u2060 \u00A0");

        await cut.Find("[data-testid=referral-form]").SubmitAsync();

        Assert.Contains("Say why the referral goes ahead without consent", HelperTextOf(cut, "r-override"));
        Assert.Equal(0, await CasesAsync(bed));
    }
}
