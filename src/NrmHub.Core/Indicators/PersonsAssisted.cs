using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Data;
using NrmHub.Core.Referrals;

namespace NrmHub.Core.Indicators;

/// <summary>
/// "Persons assisted (unique cases) by service and sex" (issue 12): a case counts once per service for which one of
/// its referrals was accepted in the period, however many referrals it took. Counted by the database (GROUP BY over
/// the referrals' services), published only through <see cref="Suppression"/>: the result is a table of persons.
/// </summary>
public static class PersonsAssisted
{
    /// <param name="fromUtc">Inclusive.</param>
    /// <param name="toUtc">Exclusive.</param>
    public static async Task<SuppressedTable> ByServiceAndSexAsync(NrmDbContext db, DateTime fromUtc, DateTime toUtc, int threshold = Suppression.DefaultThreshold, CancellationToken ct = default)
    {
        // SQLite cannot APPLY over a JSON array in LINQ, so the one join with json_each is written out; values are parameters.
        var cells = await db.Database.SqlQuery<Cell>($"""
            SELECT s.value AS Service, p.Sex AS Sex, COUNT(DISTINCT r.CaseId) AS Persons
            FROM Referrals r
            JOIN json_each(r.Services) s
            JOIN CaseProfiles p ON p.CaseId = r.CaseId
            WHERE r.AcceptedAtUtc >= {fromUtc} AND r.AcceptedAtUtc < {toUtc}
            GROUP BY s.value, p.Sex
            """).ToListAsync(ct);

        var services = Enum.GetValues<ServiceType>();
        var sexes = Enum.GetValues<Sex>();
        var counts = new int[services.Length, sexes.Length];
        foreach (var cell in cells)
        {
            counts[Array.IndexOf(services, Enum.Parse<ServiceType>(cell.Service)), Array.IndexOf(sexes, Enum.Parse<Sex>(cell.Sex))] = cell.Persons;
        }

        return Suppression.Apply([.. services.Select(s => s.ToString())], [.. sexes.Select(s => s.ToString())], counts, threshold);
    }

    private sealed class Cell
    {
        public required string Service { get; init; }

        public required string Sex { get; init; }

        public int Persons { get; init; }
    }
}
