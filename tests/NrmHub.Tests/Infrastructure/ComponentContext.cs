using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Notifications;
using NrmHub.Core.Seed;
using NrmHub.Core.Sop;
using NrmHub.Tests.Sop;
using NrmHub.Web.Hubs;
using NrmHub.Web.Localization;

namespace NrmHub.Tests.Infrastructure;

/// <summary>
/// bUnit with what NrmHub's components need: MudBlazor, the real resources, the country's time, and the services of a
/// <see cref="SopTestBed"/> (a migrated, seeded in-memory SQLite database and a fake clock), so components run their
/// real logic against real rules.
/// </summary>
public sealed class ComponentContext : BunitContext
{
    private readonly CultureInfo previousCulture = CultureInfo.CurrentCulture;
    private readonly CultureInfo previousUiCulture = CultureInfo.CurrentUICulture;

    public ComponentContext(SopTestBed bed, string culture = "en", IDbContextFactory<NrmDbContext>? factory = null)
    {
        Bed = bed;
        UseCulture(culture);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddTransient<MudBlazor.MudLocalizer, MudTranslations>();
        factory ??= bed.Factory();
        Services.AddSingleton(factory);
        Services.AddSingleton<TimeProvider>(bed.Clock);
        Services.AddSingleton(bed.Seed.Profile);
        Services.AddSingleton(bed.Calendar);
        Services.AddSingleton(new ActorGraph(factory, bed.Seed.Profile));
        Services.AddSingleton(bed.Referrals(factory));
        Services.AddSingleton(new StepCompletion(factory, new DeadlineEngine(bed.Calendar), bed.Clock));
        Services.AddSingleton(new SopQueries(factory));
        Services.AddSingleton<CountryTime>();
        Services.AddSingleton<LiveUpdates>();
        Services.AddSingleton(new NotificationCenter(factory, bed.Clock));
        Auth = AddAuthorization();
    }

    public SopTestBed Bed { get; }

    public Bunit.TestDoubles.BunitAuthorizationContext Auth { get; }

    /// <summary>Signs in as a user of <paramref name="actorCode"/> in the bed, with the claims the cookie carries.</summary>
    public void SignInAs(string actorCode, params string[] roles)
    {
        Auth.SetAuthorized(actorCode + "@test");
        Auth.SetRoles(roles);
        Auth.SetClaims(
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, Bed.Users[actorCode]),
            new System.Security.Claims.Claim(NrmHub.Web.Components.Account.NrmClaims.ActorId, Bed.Actors[actorCode].ToString(CultureInfo.InvariantCulture)));
    }

    public static void UseCulture(string culture)
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
    }

    protected override void Dispose(bool disposing)
    {
        CultureInfo.CurrentCulture = previousCulture;
        CultureInfo.CurrentUICulture = previousUiCulture;
        base.Dispose(disposing);
    }
}

/// <summary>MudBlazor draws popovers and snackbars in providers; a component under test that uses them renders inside this.</summary>
public sealed class WithMudProviders : Microsoft.AspNetCore.Components.ComponentBase
{
    [Microsoft.AspNetCore.Components.Parameter]
    public Microsoft.AspNetCore.Components.RenderFragment? ChildContent { get; set; }

    protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
    {
        builder.OpenComponent<MudBlazor.MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudBlazor.MudSnackbarProvider>(1);
        builder.CloseComponent();
        builder.AddContent(2, ChildContent);
    }
}
