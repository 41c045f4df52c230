using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NrmHub.Core.Actors;
using NrmHub.Core.Sop;
using NrmHub.Tests.Infrastructure;
using NrmHub.Tests.Sop;

namespace NrmHub.Tests.Admin;

/// <summary>A component context with the administration services, signed in as the national coordinator's administrator.</summary>
internal static class AdminTestContext
{
    public static ComponentContext Create(SopTestBed bed, string culture = "en")
    {
        var ctx = new ComponentContext(bed, culture);
        var factory = bed.Factory();
        ctx.Services.AddSingleton(new ActorAdministration(factory, bed.Clock, new ActorGraph(factory, bed.Seed.Profile), bed.Seed.Profile, NullLogger<ActorAdministration>.Instance));
        ctx.Services.AddSingleton(new SopAdministration(factory, bed.Clock, bed.Deadlines, NullLogger<SopAdministration>.Instance));
        ctx.SignInAs("national-coordinator", "Admin");
        ctx.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return ctx;
    }
}
