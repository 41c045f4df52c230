using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage;

namespace NrmHub.Core.Data;

/// <summary>
/// What the prepared writers (<see cref="AddedRows"/>, the sweep's version-checked DeadlineRows) share: one command
/// inside the caller's EF transaction, its parameters, and dates in the text form EF writes.
/// </summary>
public static class PreparedRows
{
    public static DbCommand CommandIn(IDbContextTransaction transaction, string sql)
    {
        var dbTransaction = transaction.GetDbTransaction();
        var cmd = dbTransaction.Connection!.CreateCommand();
        cmd.Transaction = dbTransaction;
        cmd.CommandText = sql;
        return cmd;
    }

    public static DbParameter Parameter(DbCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
        return p;
    }

    /// <summary>EF's own text form of a DateTime in SQLite, so rows written either way sort and compare alike.</summary>
    public static object Text(DateTime? value) =>
        value is { } v ? v.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) : DBNull.Value;
}
