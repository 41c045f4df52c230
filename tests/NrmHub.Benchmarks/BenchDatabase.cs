using Microsoft.Data.Sqlite;

namespace NrmHub.Benchmarks;

/// <summary>The SQLite file a console benchmark measures against, removed with its WAL files afterwards.</summary>
public static class BenchDatabase
{
    public static string NewFile(string name) => Path.Combine(Path.GetTempPath(), $"nrm-{name}-{Guid.NewGuid():N}.db");

    /// <summary>The repository's seed folder, found from the benchmark's binaries upwards.</summary>
    public static string SeedRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NrmHub.sln")))
            {
                return Path.Combine(dir.FullName, "seed");
            }
        }

        throw new InvalidOperationException("Run from inside the repository: the benchmark reads seed/az.");
    }

    public static void Delete(string file)
    {
        // Pooled connections keep the file open; they must close before it can go.
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(f);
        }
    }
}
