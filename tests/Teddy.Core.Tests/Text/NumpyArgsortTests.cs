using Teddy.Text;

namespace Teddy.Core.Tests.Text;

/// <summary>
/// The argsort port: where ties land is the whole point, so the expectations are exact permutations, worked
/// out by hand or printed by numpy 1.24.2 (Debian bookworm's python3-numpy, the fixture's build).
/// </summary>
public class NumpyArgsortTests
{
    [Fact]
    public void Up_to_sixteen_elements_are_insertion_sorted_so_ties_keep_their_order()
    {
        long[] values = [2, 1, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2, 1];

        Assert.Equal([4, 7, 10, 13, 1, 3, 6, 9, 12, 15, 0, 2, 5, 8, 11, 14], NumpyArgsort.Argsort(values));
    }

    [Fact]
    public void Seventeen_equal_values_are_shuffled_by_one_partition_step()
    {
        // Derived by hand: pivot = middle (8), parked at 15; the scans stop on every equal element, so
        // they swap the pairs (1,14) (2,13) ... (7,8); the pivot returns to 8; both halves are then
        // insertion-sorted, which moves nothing. numpy 1.24.2 prints the same.
        long[] values = new long[17];

        Assert.Equal([0, 14, 13, 12, 11, 10, 9, 15, 8, 6, 5, 4, 3, 2, 1, 7, 16], NumpyArgsort.Argsort(values));
    }

    [Fact]
    public void Many_ties_land_where_numpy_puts_them()
    {
        long[] values =
        [
            -2, -1, -3, -1, -1, -1, -2, -1, -1, -1, -1, -3, -3, -1, -1, -1, -3, -1, -1, -1, -1, -3, -1, -1, -1, -1, -2,
            -3, -1, -1, -2, -1, -1, -1, -2, -1, -1, -1, -1, -5, -3, -2, -5, -5, -2, -2, -1, -1, -1, -1, -2, -5, -2, -5,
            -2, -1, -1, -3, -1, -2, -1, -5, -3, -1, -1, -2, -2, -2, -5, -5, -1, -1, -2, -5, -1, -1, -2, -5, -2, -3, -2,
            -1, -5, -2, -1, -1, -5, -1, -1, -2, -1, -1, -3, -3, -5, -1, -1, -5, -3, -2, -1, -3, -2, -3, -2, -3, -1, -1,
            -1, -1, -1, -1, -1, -1, -5, -1, -2, -2, -1, -1,
        ];
        int[] numpy =
        [
            94, 77, 39, 51, 82, 86, 68, 61, 97, 42, 73, 69, 43, 53, 114, 11, 27, 2, 79, 40, 21, 105, 57, 92, 62, 16, 103,
            98, 12, 101, 93, 0, 52, 54, 65, 80, 67, 72, 76, 78, 83, 89, 99, 102, 104, 116, 117, 66, 50, 59, 6, 34, 45,
            44, 30, 41, 26, 100, 10, 13, 14, 95, 9, 15, 17, 18, 91, 90, 96, 8, 48, 19, 5, 106, 107, 108, 109, 110, 111,
            112, 113, 4, 115, 3, 1, 7, 88, 84, 20, 47, 46, 55, 56, 58, 118, 60, 38, 37, 63, 64, 36, 35, 33, 32, 70, 71,
            31, 74, 75, 29, 28, 25, 24, 81, 23, 22, 49, 85, 87, 119,
        ];

        Assert.Equal(numpy, NumpyArgsort.Argsort(values));
    }

    [Fact]
    public void A_median_of_three_killer_falls_back_to_heapsort_like_numpy()
    {
        // Built with McIlroy's adversary against numpy's partitioning, then halved to create ties: the
        // quicksort runs out of depth (2 * log2 64 = 12 levels) and numpy heapsorts the rest.
        long[] values =
        [
            0, 28, 1, 28, 2, 27, 3, 27, 4, 26, 5, 26, 6, 25, 7, 25, 8, 24, 9, 24, 10, 23, 11, 23, 12, 13, 32, 30, 31, 30,
            29, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 22, 22, 21, 21, 20, 20, 19, 19, 18, 18, 17, 17, 16, 16, 15, 15,
            14, 14, 29, 13,
        ];
        int[] numpy =
        [
            0, 31, 2, 32, 4, 33, 6, 34, 8, 35, 10, 36, 12, 37, 14, 38, 16, 39, 18, 40, 20, 41, 22, 42, 24, 43, 25, 63, 60,
            61, 59, 58, 56, 57, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 23, 21, 17, 19, 15, 13, 11, 9, 7, 5, 1, 3,
            62, 30, 29, 27, 28, 26,
        ];

        Assert.Equal(numpy, NumpyArgsort.Argsort(values));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void Without_ties_it_is_the_sorted_order(int length)
    {
        var random = new Random(length);
        long[] values = Enumerable.Range(0, length).Select(i => (long)i * 7 - 3000).OrderBy(_ => random.Next()).ToArray();

        int[] order = NumpyArgsort.Argsort(values);

        int[] expected = Enumerable.Range(0, length).OrderBy(i => values[i]).ToArray();
        Assert.Equal(expected, order);
    }

    [Fact]
    public void With_ties_it_is_still_a_sorting_permutation()
    {
        var random = new Random(11);
        long[] values = Enumerable.Range(0, 50_000).Select(_ => (long)random.Next(-5, 5)).ToArray();

        int[] order = NumpyArgsort.Argsort(values);

        Assert.Equal(Enumerable.Range(0, values.Length), order.Order());
        for (int i = 1; i < order.Length; i++)
            Assert.True(values[order[i - 1]] <= values[order[i]]);
    }
}
