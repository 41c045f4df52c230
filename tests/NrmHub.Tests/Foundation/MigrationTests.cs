using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NrmHub.Core.Data;

namespace NrmHub.Tests.Foundation;

/// <summary>
/// Migrations are made by <c>dotnet ef migrations add</c>; EF's own pending-model-changes check is what notices a
/// model change without its migration (test.sh also runs <c>dotnet ef migrations has-pending-model-changes</c>).
/// Replaces the hand-written schema-drift comparison of the stand-in era.
/// </summary>
public sealed class MigrationTests
{
    /// <summary>The last migration of the hand-written era: what a database made before the baseline holds.</summary>
    private const string LastHandWritten = "20261123040000_Jobs";

    [Fact]
    public void Model_has_no_changes_without_a_migration()
    {
        using var connection = Open();
        using var db = Create(connection);

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run `dotnet ef migrations add <Name>` (see CONTRIBUTING.md).");
    }

    [Fact]
    public async Task Migrations_apply_twice_without_change()
    {
        using var connection = Open();
        await using var db = Create(connection);

        await db.Database.MigrateAsync();
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Database_made_by_the_hand_written_migrations_upgrades_in_place_keeping_its_rows()
    {
        using var connection = Open();
        await using (var db = Create(connection))
        {
            await db.GetService<IMigrator>().MigrateAsync(LastHandWritten);
            Assert.Contains(LastHandWritten, await db.Database.GetAppliedMigrationsAsync());
            Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
        }

        Execute(connection, """
            INSERT INTO Actors (Code, Kind, Level, NameEn, NameAz, NameRu, ShortName, RegionsServed, IsActive, AddressDisclosure)
            VALUES ('kept', 'StateBody', 'National', 'Kept', 'Kept', 'Kept', 'K', '[]', 1, 'Public')
            """);
        Execute(connection, "INSERT INTO JobStates (JobKey, Paused, ChangedAtUtc) VALUES ('actor-mapping', 1, '2026-11-30 10:00:00')");

        await using (var db = Create(connection))
        {
            await DatabaseSetup.MigrateAsync(db);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal("Kept", (await db.Actors.SingleAsync(a => a.Code == "kept")).NameEn);
            Assert.True((await db.JobStates.SingleAsync()).Paused);
        }
    }

    [Fact]
    public async Task Database_from_a_newer_version_is_refused_in_one_sentence_before_anything_changes()
    {
        using var connection = Open();
        await using var db = Create(connection);
        await db.Database.MigrateAsync();
        Assert.Null(await DatabaseSetup.CannotMigrateAsync(db));
        Execute(connection, "INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('29990101000000_FromTheFuture', '10.0.15')");

        var problem = await DatabaseSetup.CannotMigrateAsync(db);

        Assert.NotNull(problem);
        Assert.Contains("29990101000000_FromTheFuture", problem);
        Assert.Contains("newer NrmHub", problem);
        Assert.Single(problem.Split(". ", StringSplitOptions.RemoveEmptyEntries));
    }

    private static SqliteConnection Open()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }

    private static NrmDbContext Create(SqliteConnection connection)
    {
        var options = new DbContextOptionsBuilder<NrmDbContext>();
        DatabaseSetup.Configure(options, "Data Source=:memory:");
        options.UseSqlite(connection);
        return new NrmDbContext(options.Options);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
