using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Data;

namespace NrmHub.Tests.Foundation;

/// <summary>
/// Migrations are written by hand (dotnet ef cannot run here), so this is what notices a model change that has
/// no migration: the migrated schema and the schema EF would create from the model must be the same.
/// </summary>
public sealed class SchemaDriftTests
{
    [Fact]
    public async Task Migrations_produce_exactly_the_model_schema()
    {
        var migrated = await SchemaOfAsync(db => db.Database.MigrateAsync());
        var modelled = await SchemaOfAsync(db => db.Database.EnsureCreatedAsync());

        Assert.Equal(modelled, migrated);
    }

    [Fact]
    public async Task Migrations_apply_twice_without_change()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        await using var db = Create(connection);

        await db.Database.MigrateAsync();
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    private static NrmDbContext Create(SqliteConnection connection)
    {
        var options = new DbContextOptionsBuilder<NrmDbContext>();
        DatabaseSetup.Configure(options, "Data Source=:memory:");
        options.UseSqlite(connection);
        return new NrmDbContext(options.Options);
    }

    private static async Task<List<string>> SchemaOfAsync(Func<NrmDbContext, Task> create)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        await using (var db = Create(connection))
        {
            await create(db);
        }

        var lines = new List<string>();
        var tables = Query(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%'")
            .Select(r => r[0]).ToList();
        foreach (var table in tables)
        {
            lines.AddRange(Query(connection, $"PRAGMA table_info(\"{table}\")")
                .Select(c => $"{table} column {c[1]} {c[2]} notnull={c[3]} default={c[4]} pk={c[5]}"));
            lines.AddRange(Query(connection, $"PRAGMA foreign_key_list(\"{table}\")")
                .Select(f => $"{table} fk {f[3]} -> {f[2]}.{f[4]} on delete {f[6]}"));
            foreach (var index in Query(connection, $"PRAGMA index_list(\"{table}\")").Where(i => i[3] != "pk"))
            {
                var columns = string.Join(",", Query(connection, $"PRAGMA index_info(\"{index[1]}\")").Select(c => c[2]));
                lines.Add($"{table} index {index[1]} unique={index[2]} ({columns})");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static List<string[]> Query(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            rows.Add(row);
        }

        return rows;
    }
}
