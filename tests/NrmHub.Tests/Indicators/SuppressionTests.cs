using NrmHub.Core.Indicators;

namespace NrmHub.Tests.Indicators;

/// <summary>
/// Small-cell suppression against fixtures built to break naive suppression, and an attacker that works out hidden
/// cells line by line (a total minus the shown cells) until it learns nothing more.
/// </summary>
public sealed class SuppressionTests
{
    private static SuppressedTable Apply(int[,] counts, int threshold = 5) => Suppression.Apply(
        [.. Enumerable.Range(0, counts.GetLength(0)).Select(i => $"r{i}")], [.. Enumerable.Range(0, counts.GetLength(1)).Select(j => $"c{j}")], counts, threshold);

    /// <summary>What someone holding the published table can deduce: cells solved exactly, and small hidden sums.</summary>
    private static List<string> Attack(SuppressedTable t, int[,] truth)
    {
        var (r, c) = (t.TotalRow, t.TotalColumn);
        int Truth(int i, int j) => i < r && j < c ? truth[i, j]
            : i < r ? Enumerable.Range(0, c).Sum(x => truth[i, x])
            : j < c ? Enumerable.Range(0, r).Sum(x => truth[x, j])
            : Enumerable.Range(0, r).Sum(x => Enumerable.Range(0, c).Sum(y => truth[x, y]));
        var known = new int?[r + 1, c + 1];
        for (var i = 0; i <= r; i++)
        {
            for (var j = 0; j <= c; j++)
            {
                known[i, j] = t.Value(i, j);
            }
        }

        var lines = Enumerable.Range(0, r + 1).Select(i => Enumerable.Range(0, c + 1).Select(j => (i, j)).ToArray())
            .Concat(Enumerable.Range(0, c + 1).Select(j => Enumerable.Range(0, r + 1).Select(i => (i, j)).ToArray())).ToList();
        var leaks = new List<string>();
        for (var progress = true; progress;)
        {
            progress = false;
            foreach (var line in lines)
            {
                var unknown = line.Where(p => known[p.Item1, p.Item2] is null).ToList();
                var total = line[^1];
                if (unknown.Count == 1)
                {
                    var (i, j) = unknown[0];
                    var others = line[..^1].Where(p => p != unknown[0]).Sum(p => known[p.Item1, p.Item2]!.Value);
                    known[i, j] = unknown[0] == total ? others : known[total.Item1, total.Item2]!.Value - others;
                    if (t.State(i, j) == CellState.Primary)
                    {
                        leaks.Add($"small cell ({i},{j}) = {known[i, j]} solved");
                    }

                    progress = true;
                }
                else if (unknown.Count > 1 && known[total.Item1, total.Item2] is { } sum)
                {
                    var hidden = sum - line[..^1].Where(p => known[p.Item1, p.Item2] is not null).Sum(p => known[p.Item1, p.Item2]!.Value);
                    if (hidden > 0 && hidden < t.Threshold)
                    {
                        leaks.Add($"hidden cells of line through ({line[0]}) add up to {hidden}");
                    }
                }
            }
        }

        for (var i = 0; i <= r; i++)
        {
            for (var j = 0; j <= c; j++)
            {
                Assert.True(t.Value(i, j) is null || t.Value(i, j) == Truth(i, j), "a shown value is not the true count");
            }
        }

        return leaks;
    }

    [Fact]
    public void One_small_cell_takes_a_partner_in_its_row_and_column_so_the_total_gives_nothing_away()
    {
        int[,] counts = { { 2, 10, 8 }, { 7, 9, 6 } };

        var t = Apply(counts);

        Assert.Equal(CellState.Primary, t.State(0, 0));
        Assert.Null(t.Value(0, 0));
        // Naive suppression would hide only (0,0): 20 − 10 − 8 = 2 gives it back.
        Assert.Equal(CellState.Complementary, t.State(0, 2));
        Assert.Equal(CellState.Complementary, t.State(1, 0));
        Assert.Equal(CellState.Complementary, t.State(1, 2));
        Assert.Equal(10, t.Value(0, 1));
        Assert.Equal(20, t.Value(0, t.TotalColumn));
        Assert.Empty(Attack(t, counts));
    }

    [Fact]
    public void Two_small_cells_in_a_line_whose_sum_is_still_small_take_a_third()
    {
        // Hiding 1 and 2 alone would publish "these two add up to 3" through the row total of 33.
        int[,] counts = { { 1, 2, 30 }, { 8, 9, 40 } };

        var t = Apply(counts);

        Assert.Null(t.Value(0, 2));
        Assert.Empty(Attack(t, counts));
    }

    [Fact]
    public void A_small_total_is_hidden_itself_and_its_cells_with_it()
    {
        // Row r1 holds 3 people in all: its total is a small cell, and so are its non-zero cells.
        int[,] counts = { { 20, 12, 9 }, { 0, 3, 0 }, { 11, 14, 6 } };

        var t = Apply(counts);

        Assert.Equal(CellState.Primary, t.State(1, t.TotalColumn));
        Assert.Equal(CellState.Primary, t.State(1, 1));
        Assert.Equal(0, t.Value(1, 0));
        Assert.Empty(Attack(t, counts));
    }

    [Fact]
    public void A_table_of_fewer_people_than_the_threshold_shows_nothing_at_all()
    {
        int[,] counts = { { 0, 1 }, { 2, 0 } };

        var t = Apply(counts);

        Assert.True(t.Empty);
        Assert.Equal(9, t.HiddenCount);
    }

    [Fact]
    public void A_table_without_small_cells_is_shown_whole_and_zeros_are_shown()
    {
        int[,] counts = { { 0, 12 }, { 7, 5 } };

        var t = Apply(counts);

        Assert.Equal(0, t.HiddenCount);
        Assert.Equal(24, t.Value(t.TotalRow, t.TotalColumn));
    }

    [Fact]
    public void Random_tables_never_leak_a_small_cell_to_line_by_line_deduction()
    {
        var random = new Random(20261202);
        for (var n = 0; n < 2_000; n++)
        {
            var counts = new int[random.Next(1, 7), random.Next(1, 7)];
            for (var i = 0; i < counts.GetLength(0); i++)
            {
                for (var j = 0; j < counts.GetLength(1); j++)
                {
                    // Mostly small numbers, many zeros: the hard case for suppression.
                    counts[i, j] = random.Next(4) == 0 ? 0 : random.Next(1, 15);
                }
            }

            var threshold = random.Next(2, 11);
            var t = Apply(counts, threshold);

            Assert.True(Attack(t, counts) is { Count: 0 } leaks, $"table #{n}: {string.Join("; ", Attack(t, counts))}");
            for (var i = 0; i < counts.GetLength(0); i++)
            {
                for (var j = 0; j < counts.GetLength(1); j++)
                {
                    Assert.True(counts[i, j] == 0 || counts[i, j] >= threshold || t.Value(i, j) is null, $"table #{n}: small cell shown");
                }
            }
        }
    }

    [Fact]
    public void The_attacker_breaks_naive_suppression_of_the_small_cells_only()
    {
        // The same fixture hidden the naive way (small cells only): the attacker must find it, or its silence above means nothing.
        int[,] counts = { { 2, 10, 8 }, { 7, 9, 6 } };
        var full = new[,] { { 2, 10, 8, 20 }, { 7, 9, 6, 22 }, { 9, 19, 14, 42 } };
        var states = new CellState[3, 4];
        states[0, 0] = CellState.Primary;

        var naive = new SuppressedTable(["r0", "r1"], ["c0", "c1", "c2"], full, states, 5);

        Assert.Contains("small cell (0,0) = 2 solved", Attack(naive, counts));
    }

    [Fact]
    public void Labels_and_counts_must_match_and_counts_cannot_be_negative()
    {
        Assert.Throws<ArgumentException>(() => Suppression.Apply(["a"], ["x", "y"], new int[2, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Suppression.Apply(["a"], ["x"], new[,] { { -1 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Suppression.Apply(["a"], ["x"], new[,] { { 1 } }, threshold: 0));
    }
}
