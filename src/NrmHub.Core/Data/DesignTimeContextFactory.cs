using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NrmHub.Core.Data;

/// <summary>
/// What <c>dotnet ef</c> uses to build the model, so the tool never boots the web host (which would load the
/// country seed and demo users). It needs no real database: migrations are computed from the model alone. To see
/// which migrations a real file has, point <c>ConnectionStrings__Nrm</c> at it (e.g. <c>Data Source=src/NrmHub.Web/nrmhub.dev.db</c>).
/// </summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<NrmDbContext>
{
    public NrmDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<NrmDbContext>();
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Nrm") is { Length: > 0 } set ? set : "Data Source=nrmhub.design.db";
        DatabaseSetup.Configure(options, connection);
        return new NrmDbContext(options.Options);
    }
}
