using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NrmHub.Core.Data;

/// <summary>
/// What <c>dotnet ef</c> uses to build the model, so the tool never boots the web host (which would load the
/// country seed and demo users). It needs no real database: migrations are computed from the model alone.
/// </summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<NrmDbContext>
{
    public NrmDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<NrmDbContext>();
        DatabaseSetup.Configure(options, "Data Source=nrmhub.design.db");
        return new NrmDbContext(options.Options);
    }
}
