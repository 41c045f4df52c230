namespace NrmHub.Core.Indicators;

/// <summary>Why a cell of a count table is hidden: a small count (primary) or a cell that would give one away (complementary).</summary>
public enum CellState
{
    Shown,
    Primary,
    Complementary,
}

/// <summary>
/// A count table as published: rows × columns plus a total column, a total row and the grand total, each cell shown
/// or hidden. <see cref="Value"/> is null for a hidden cell, so no caller can print a suppressed number by mistake.
/// </summary>
public sealed class SuppressedTable
{
    private readonly int[,] counts;
    private readonly CellState[,] states;

    internal SuppressedTable(IReadOnlyList<string> rows, IReadOnlyList<string> columns, int[,] counts, CellState[,] states, int threshold)
    {
        Rows = rows;
        Columns = columns;
        this.counts = counts;
        this.states = states;
        Threshold = threshold;
    }

    public IReadOnlyList<string> Rows { get; }

    public IReadOnlyList<string> Columns { get; }

    public int Threshold { get; }

    /// <summary>The index of the total row (<c>Rows.Count</c>) and of the total column (<c>Columns.Count</c>).</summary>
    public int TotalRow => Rows.Count;

    public int TotalColumn => Columns.Count;

    public CellState State(int row, int column) => states[row, column];

    public int? Value(int row, int column) => states[row, column] == CellState.Shown ? counts[row, column] : null;

    /// <summary>The table has nothing to show: its whole population is below the threshold (a filter that singles people out).</summary>
    public bool Empty => states[TotalRow, TotalColumn] != CellState.Shown;

    public int HiddenCount
    {
        get
        {
            var n = 0;
            foreach (var s in states)
            {
                n += s == CellState.Shown ? 0 : 1;
            }

            return n;
        }
    }
}

/// <summary>
/// Statistical disclosure control for counts of persons (issue 12: "a confidential and anonymous manner"). A cell
/// counting 1 to threshold−1 persons is hidden (primary suppression; zero reveals nobody and stays). Then, in every
/// row and every column, totals included, hidden cells are added until no hidden value can be worked out from the
/// line: a line never has exactly one hidden cell, and where its total is shown the hidden cells of the line add up
/// to at least the threshold (so "total minus the rest" never reveals a small group either). Hiding spreads from line
/// to line until nothing changes; it only ever adds, so it ends. A table whose grand total is below the threshold
/// is hidden whole. This is the classic line-by-line heuristic (as in τ-ARGUS's hypercube method, without its
/// cost optimisation): it hides somewhat more than an optimal solver, never less than needed for single-table
/// linear deduction of one line at a time.
/// </summary>
public static class Suppression
{
    public const int DefaultThreshold = 5;

    /// <param name="counts">Rows × columns, without totals; totals are computed here so they always add up.</param>
    public static SuppressedTable Apply(IReadOnlyList<string> rows, IReadOnlyList<string> columns, int[,] counts, int threshold = DefaultThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        if (counts.GetLength(0) != rows.Count || counts.GetLength(1) != columns.Count)
        {
            throw new ArgumentException($"counts is {counts.GetLength(0)}×{counts.GetLength(1)}, labels are {rows.Count}×{columns.Count}.", nameof(counts));
        }

        var (r, c) = (rows.Count, columns.Count);
        var full = new int[r + 1, c + 1];
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < c; j++)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(counts[i, j], nameof(counts));
                full[i, j] = counts[i, j];
                full[i, c] += counts[i, j];
                full[r, j] += counts[i, j];
                full[r, c] += counts[i, j];
            }
        }

        var states = new CellState[r + 1, c + 1];
        if (full[r, c] > 0 && full[r, c] < threshold)
        {
            Fill(states, CellState.Primary);
            return new SuppressedTable(rows, columns, full, states, threshold);
        }

        for (var i = 0; i <= r; i++)
        {
            for (var j = 0; j <= c; j++)
            {
                if (full[i, j] > 0 && full[i, j] < threshold)
                {
                    states[i, j] = CellState.Primary;
                }
            }
        }

        // Each line is an equation: its cells add up to its total (the last cell of the line).
        var lines = new List<(int Row, int Column)[]>();
        for (var i = 0; i <= r; i++)
        {
            lines.Add([.. Enumerable.Range(0, c + 1).Select(j => (i, j))]);
        }

        for (var j = 0; j <= c; j++)
        {
            lines.Add([.. Enumerable.Range(0, r + 1).Select(i => (i, j))]);
        }

        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var line in lines)
            {
                while (NeedsMore(line, full, states, threshold) && Cheapest(line, full, states) is { } next)
                {
                    states[next.Row, next.Column] = CellState.Complementary;
                    changed = true;
                }
            }
        }

        return new SuppressedTable(rows, columns, full, states, threshold);
    }

    private static bool NeedsMore((int Row, int Column)[] line, int[,] full, CellState[,] states, int threshold)
    {
        var hidden = line.Where(p => states[p.Row, p.Column] != CellState.Shown).ToList();
        if (hidden.Count == 0)
        {
            return false;
        }

        if (hidden.Count == 1)
        {
            return true;
        }

        // With the total shown, total − shown cells is the sum of the hidden ones: it must not be a small group.
        var total = line[^1];
        if (states[total.Row, total.Column] != CellState.Shown)
        {
            return false;
        }

        var hiddenSum = hidden.Sum(p => full[p.Row, p.Column]);
        return hiddenSum > 0 && hiddenSum < threshold;
    }

    /// <summary>The smallest shown cell of the line that is not its total (a zero last: hiding it protects little), else the total.</summary>
    private static (int Row, int Column)? Cheapest((int Row, int Column)[] line, int[,] full, CellState[,] states)
    {
        var candidates = line[..^1].Where(p => states[p.Row, p.Column] == CellState.Shown).ToList();
        if (candidates.Count > 0)
        {
            return candidates.OrderBy(p => full[p.Row, p.Column] == 0 ? 1 : 0).ThenBy(p => full[p.Row, p.Column]).First();
        }

        var total = line[^1];
        return states[total.Row, total.Column] == CellState.Shown ? total : null;
    }

    private static void Fill(CellState[,] states, CellState state)
    {
        for (var i = 0; i < states.GetLength(0); i++)
        {
            for (var j = 0; j < states.GetLength(1); j++)
            {
                states[i, j] = state;
            }
        }
    }
}
