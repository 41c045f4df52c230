using Microsoft.EntityFrameworkCore;

namespace NrmHub.Core.Data;

public static class DatabaseSetup
{
    /// <summary>The one way the app and the tests configure the context.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        // EF's pending-model-changes check stays on: a model change without its migration stops Migrate().
        options.UseSqlite(connectionString)
            .AddInterceptors(new SqliteDurability());

    public static async Task MigrateAsync(NrmDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (!db.Database.GetConnectionString()!.Contains(":memory:", StringComparison.Ordinal)
            && !db.Database.GetConnectionString()!.Contains("mode=memory", StringComparison.Ordinal))
        {
            // WAL survives in the file, so this is needed once; it lets readers work while a writer commits.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
