using Microsoft.EntityFrameworkCore;

namespace NrmHub.Core.Data;

public static class DatabaseSetup
{
    // One for the process: its gates are per database file.
    private static readonly WriteGate Gate = new();

    /// <summary>The one way the app and the tests configure the context.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        // EF's pending-model-changes check stays on: a model change without its migration stops Migrate().
        options.UseSqlite(connectionString)
            .AddInterceptors(new SqliteDurability(), Gate);

    /// <summary>
    /// Why this build must not migrate the database, in one sentence saying what to do; null when it may. A file
    /// that holds migrations this build does not know was made by a newer NrmHub: migrating it would leave it half
    /// in one version and half in another.
    /// </summary>
    public static async Task<string?> CannotMigrateAsync(NrmDbContext db, CancellationToken ct = default)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).Where(m => !known.Contains(m)).ToList();
        return unknown.Count == 0
            ? null
            : $"The database was made by a newer NrmHub (it has migration {unknown[^1]}, which this version does not know): run that newer version, or restore a backup taken before it.";
    }

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
