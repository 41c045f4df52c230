using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace NrmHub.Core.Data;

/// <summary>
/// New rows written inside the caller's open transaction with one prepared INSERT per entity type, re-bound per row:
/// entities the context does not track (<see cref="InsertAsync"/>), or what it tracks as added
/// (<see cref="SaveTrackedAsync"/>, SaveChanges for a write that only adds rows). Table, columns and value
/// conversions come from EF's own model and type mappings, so a row is stored exactly as SaveChanges would store it
/// and a new column needs no change here.
/// </summary>
/// <remarks>
/// Why by hand: a new referral adds about ten rows in the one writer's transaction (<see cref="GroupCommit"/>), and
/// SaveChanges spent about 0.3 ms of that writer's time per row on this machine, two thirds of a referral's share of
/// it (issue 13); EF Core has no cheaper insert of its own, and the bulk-insert libraries the registry serves are
/// either not served (EFCore.BulkExtensions) or a second ORM with its own mapping (linq2db).
/// SaveTrackedAsync leaves everything to SaveChanges when there is no transaction, a tracked change other than an
/// insert, or an entity type this cannot map (owned or complex types, inheritance, generated values other than an
/// integer key). It inserts in the order rows were added, a row after the rows whose generated keys it refers to;
/// the keys read back are set on the entities, EF carries them to the dependents it tracks, and the rows end as
/// unchanged.
/// </remarks>
public sealed class AddedRows(DbContext db) : IAsyncDisposable
{
    private sealed record Insert(string Sql, IReadOnlyList<IProperty> Columns, IProperty? Generated);

    private static readonly ConcurrentDictionary<IEntityType, Insert?> Inserts = new();

    // One prepared statement per entity type for as long as this lives (a new referral inserts into eight tables),
    // its parameters made once by EF's type mappings and then only given each row's values: a sweep inserts tens of
    // thousands of notifications through one.
    private readonly Dictionary<IEntityType, Prepared> commands = [];

    private sealed record Prepared(DbCommand Command, DbParameter[] Parameters, RelationalTypeMapping[] Mappings);

    /// <summary>The rows the context tracks as added, as <see cref="SaveTrackedAsync"/> saves them.</summary>
    public static async Task SaveAsync(DbContext db, CancellationToken ct = default)
    {
        await using var rows = new AddedRows(db);
        await rows.SaveTrackedAsync(ct);
    }

    /// <summary>
    /// Entities inserted untracked (<see cref="InsertAsync"/>) inside the caller's transaction: a referral's
    /// notification for every user of the receiving actor, a sweep's hundreds. Without a transaction they are added
    /// to the context and saved with the rest of its changes: a row written on its own could outlive the change it
    /// announces.
    /// </summary>
    public static async Task InsertAllAsync<T>(DbContext db, IReadOnlyCollection<T> entities, CancellationToken ct = default)
        where T : class
    {
        if (entities.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            db.Set<T>().AddRange(entities);
            return;
        }

        await using var rows = new AddedRows(db);
        foreach (var entity in entities)
        {
            await rows.InsertAsync(entity, ct);
        }
    }

    /// <summary>
    /// Inserts one entity the context does not track, and sets its generated key on it. Cheaper than tracking: no
    /// snapshots, no change detection, no fix-up (a third of the one writer's time per referral went to them,
    /// issue 13). The caller sets the foreign keys; references to other entities are not followed.
    /// </summary>
    public async Task InsertAsync(object entity, CancellationToken ct = default)
    {
        var type = db.Model.FindEntityType(entity.GetType()) ?? throw new InvalidOperationException($"{entity.GetType().Name} is not an entity type.");
        var insert = InsertFor(type) ?? throw new NotSupportedException($"{type.DisplayName()} cannot be written by prepared inserts; use SaveChanges.");
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Prepared inserts run inside the caller's transaction.");
        if (await ExecuteAsync(type, insert, p => p.GetGetter().GetClrValue(entity), transaction, null, ct) is { } id)
        {
            if (insert.Generated!.PropertyInfo is { } property)
            {
                property.SetValue(entity, id);
            }
            else
            {
                insert.Generated.FieldInfo!.SetValue(entity, id);
            }
        }
    }

    /// <summary>
    /// SaveChanges for what the context tracks, when that is only new rows and a transaction is open; otherwise
    /// SaveChanges itself.
    /// </summary>
    public async Task SaveTrackedAsync(CancellationToken ct = default)
    {
        db.ChangeTracker.DetectChanges();
        var pending = new List<EntityEntry>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Added && InsertFor(entry.Metadata) is not null)
            {
                pending.Add(entry);
            }
            else if (entry.State != EntityState.Unchanged)
            {
                pending.Clear();
                break;
            }
        }

        if (pending.Count == 0 || db.Database.CurrentTransaction is not { } transaction)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        // EF's temporary keys count up in the order rows were added, and SaveChanges inserts a table's rows in that
        // order: an audit trail's ids follow the order it was recorded in.
        pending = [.. pending.OrderBy(TemporaryKey)];
        var saved = new List<EntityEntry>(pending.Count);
        while (pending.Count > 0)
        {
            var next = pending.FindIndex(e => !WaitsForKey(e));
            if (next < 0)
            {
                throw new InvalidOperationException(
                    $"Rows of {string.Join(", ", pending.Select(e => e.Metadata.DisplayName()).Distinct())} refer to each other's unsaved keys.");
            }

            var entry = pending[next];
            pending.RemoveAt(next);
            var insert = InsertFor(entry.Metadata)!;
            if (await ExecuteAsync(entry.Metadata, insert, p => entry.Property(p).CurrentValue, transaction, entry, ct) is { } id)
            {
                entry.Property(insert.Generated!).CurrentValue = id;
            }

            saved.Add(entry);
        }

        foreach (var entry in saved)
        {
            entry.State = EntityState.Unchanged;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var prepared in commands.Values)
        {
            await prepared.Command.DisposeAsync();
        }

        commands.Clear();
    }

    /// <summary>Whether an entity type is written here rather than by SaveChanges (tests check the hot path's types).</summary>
    public static bool Handles(IEntityType type) => InsertFor(type) is not null;

    private static long TemporaryKey(EntityEntry entry) =>
        InsertFor(entry.Metadata)!.Generated is { } key && entry.Property(key) is { IsTemporary: true } value
            ? Convert.ToInt64(value.CurrentValue, CultureInfo.InvariantCulture)
            : 0;

    private static bool WaitsForKey(EntityEntry entry)
    {
        foreach (var foreignKey in entry.Metadata.GetForeignKeys())
        {
            foreach (var property in foreignKey.Properties)
            {
                if (entry.Property(property).IsTemporary)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Runs the type's INSERT with the values <paramref name="valueOf"/> gives; the generated key, if any, as its
    /// property's type. A refused row fails as SaveChanges fails (<see cref="DbUpdateException"/>, naming
    /// <paramref name="entry"/> when tracked), so callers that handle a lost uniqueness race handle this one too.
    /// </summary>
    private async Task<object?> ExecuteAsync(IEntityType type, Insert insert, Func<IProperty, object?> valueOf, IDbContextTransaction transaction, EntityEntry? entry, CancellationToken ct)
    {
        try
        {
            return await RunAsync(type, insert, valueOf, transaction, ct) is { } id
                ? Convert.ChangeType(id, insert.Generated!.ClrType, CultureInfo.InvariantCulture)
                : null;
        }
        catch (DbException e)
        {
            throw new DbUpdateException($"Saving a new {type.DisplayName()} failed: {e.Message}", e, entry is null ? [] : [entry]);
        }
    }

    private async Task<object?> RunAsync(IEntityType type, Insert insert, Func<IProperty, object?> valueOf, IDbContextTransaction transaction, CancellationToken ct)
    {
        DbCommand cmd;
        if (commands.TryGetValue(type, out var prepared))
        {
            cmd = prepared.Command;
            for (var i = 0; i < insert.Columns.Count; i++)
            {
                // What CreateParameter does with a value; the parameter's type and size were set when it was made.
                var value = valueOf(insert.Columns[i]);
                prepared.Parameters[i].Value = (prepared.Mappings[i].Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
            }
        }
        else
        {
            cmd = PreparedRows.CommandIn(transaction, insert.Sql);
            var parameters = new DbParameter[insert.Columns.Count];
            var mappings = new RelationalTypeMapping[insert.Columns.Count];
            for (var i = 0; i < insert.Columns.Count; i++)
            {
                var property = insert.Columns[i];
                mappings[i] = property.GetRelationalTypeMapping();
                parameters[i] = mappings[i].CreateParameter(cmd, "$p" + i.ToString(CultureInfo.InvariantCulture), valueOf(property), property.IsNullable);
                cmd.Parameters.Add(parameters[i]);
            }

            commands[type] = new Prepared(cmd, parameters, mappings);
            await cmd.PrepareAsync(ct);
        }

        if (insert.Generated is null)
        {
            await cmd.ExecuteNonQueryAsync(ct);
            return null;
        }

        return await cmd.ExecuteScalarAsync(ct);
    }

    private static Insert? InsertFor(IEntityType type) => Inserts.GetOrAdd(type, Build);

    private static Insert? Build(IEntityType type)
    {
        if (type.GetTableName() is not { } table || type.IsOwned() || type.BaseType is not null || type.GetDirectlyDerivedTypes().Any()
            || type.GetComplexProperties().Any() || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned()))
        {
            return null;
        }

        var store = StoreObjectIdentifier.Table(table, type.GetSchema());
        var key = type.FindPrimaryKey();
        IProperty? generated = null;
        var columns = new List<IProperty>();
        foreach (var property in type.GetProperties())
        {
            if (property.ValueGenerated == ValueGenerated.Never && property.GetComputedColumnSql() is null && property.GetDefaultValueSql() is null)
            {
                columns.Add(property);
            }
            else if (generated is null && key?.Properties is [var only] && only == property && property.ClrType is var t && (t == typeof(int) || t == typeof(long)))
            {
                generated = property;
            }
            else
            {
                return null;
            }
        }

        var names = string.Join(", ", columns.Select(p => Quote(p.GetColumnName(store)!)));
        var values = string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)));
        var returning = generated is null ? string.Empty : " RETURNING " + Quote(generated.GetColumnName(store)!);
        return new Insert($"INSERT INTO {Quote(table)} ({names}) VALUES ({values}){returning};", columns, generated);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
