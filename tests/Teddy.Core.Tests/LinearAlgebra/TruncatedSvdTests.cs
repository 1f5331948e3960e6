using MathNet.Numerics.LinearAlgebra;
using Teddy.LinearAlgebra;
using static Teddy.Core.Tests.LinearAlgebra.TruncatedSvdParityTests;

namespace Teddy.Core.Tests.LinearAlgebra;

/// <summary>Small matrices whose SVD is known, edge cases, determinism and the result helpers.</summary>
public sealed class TruncatedSvdTests
{
    [Fact]
    public void Diagonal_matrix_with_an_empty_row_gives_its_diagonal_and_unit_vectors()
    {
        // 4 x 3, row 2 empty; singular values 5, 3, 1 on permuted axes.
        var a = CsrMatrix.FromTriplets(4, 3, [(0, 1, 3.0), (1, 0, -5.0), (3, 2, 1.0)]);

        var svd = TruncatedSvd.Compute(a, 3);

        Assert.True(svd.Converged);
        AssertClose([5, 3, 1], svd.SingularValues, 1e-12, "σ");
        // Sign rule: the right vector's largest entry is positive, so the left vector carries A's sign.
        AssertClose([1, 0, 0], Column(svd.RightSingularVectors, 3, 0), 1e-12, "v1");
        AssertClose([0, -1, 0, 0], Column(svd.LeftSingularVectors, 3, 0), 1e-12, "u1");
        AssertClose([0, 1, 0], Column(svd.RightSingularVectors, 3, 1), 1e-12, "v2");
        AssertClose([1, 0, 0, 0], Column(svd.LeftSingularVectors, 3, 1), 1e-12, "u2");
        AssertClose([0, 0, 1], Column(svd.RightSingularVectors, 3, 2), 1e-12, "v3");
        AssertClose([0, 0, 0, 1], Column(svd.LeftSingularVectors, 3, 2), 1e-12, "u3");
        foreach (double x in svd.LeftRow(2)) Assert.Equal(0, x, 1e-12);
    }

    [Fact]
    public void Single_row_and_single_column_matrices()
    {
        var row = TruncatedSvd.Compute(CsrMatrix.FromTriplets(1, 3, [(0, 0, -3.0), (0, 2, 4.0)]), 60);
        var column = TruncatedSvd.Compute(CsrMatrix.FromTriplets(3, 1, [(0, 0, -3.0), (2, 0, 4.0)]), 60);

        Assert.Equal(1, row.Rank);
        AssertClose([5], row.SingularValues, 1e-13, "σ");
        AssertClose([-0.6, 0, 0.8], row.RightSingularVectors, 1e-13, "v");
        AssertClose([1], row.LeftSingularVectors, 1e-13, "u");
        Assert.Equal(1, column.Rank);
        AssertClose([5], column.SingularValues, 1e-13, "σ");
        AssertClose([1], column.RightSingularVectors, 1e-13, "v");
        AssertClose([-0.6, 0, 0.8], column.LeftSingularVectors, 1e-13, "u");
    }

    [Fact]
    public void Rank_above_min_dimension_is_clamped()
    {
        var a = CsrMatrix.FromTriplets(4, 3, [(0, 1, 3.0), (1, 0, -5.0), (3, 2, 1.0), (2, 1, 2.0)]);

        var svd = TruncatedSvd.Compute(a, 10);

        Assert.Equal(3, svd.Rank);
        Assert.Equal(3, svd.SingularValues.Length);
        Assert.Equal(4 * 3, svd.LeftSingularVectors.Length);
        Assert.Equal(3 * 3, svd.RightSingularVectors.Length);
        AssertClose(DenseSingularValues(a, 3), svd.SingularValues, 1e-12, "σ");
        AssertReconstructsExactly(a, svd, 1e-12);
    }

    [Fact]
    public void Rank_one_matrix_gives_one_singular_value_and_zeros()
    {
        // A = s·u·vᵀ with unit u, v: σ = (s, 0, 0); the zero triplets still have orthonormal vectors.
        double[] u = [0.6, 0, -0.8], v = [0.5, 0.5, 0.5, 0.5];
        const double s = 7;
        var a = CsrMatrix.FromTriplets(3, 4,
            from r in Enumerable.Range(0, 3) from c in Enumerable.Range(0, 4) where u[r] != 0 select (r, c, s * u[r] * v[c]));

        var svd = TruncatedSvd.Compute(a, 3);

        Assert.True(svd.Converged);
        AssertClose([s, 0, 0], svd.SingularValues, 1e-12, "σ");
        AssertClose(v, Column(svd.RightSingularVectors, 3, 0), 1e-12, "v1");
        AssertClose(u, Column(svd.LeftSingularVectors, 3, 0), 1e-12, "u1");
        AssertOrthonormalColumns(svd.LeftSingularVectors, 3);
        AssertOrthonormalColumns(svd.RightSingularVectors, 3);
    }

    [Fact]
    public void Random_sparse_matrix_matches_a_dense_svd_through_many_restarts()
    {
        var a = RandomSparse(70, 45, 0.15, seed: 3);
        // A narrow working subspace forces the thick-restart path to do the work.
        var svd = TruncatedSvd.Compute(a, 8, new TruncatedSvdOptions { Oversampling = 3 });

        Assert.True(svd.Converged);
        Assert.True(svd.Iterations > 1, $"expected restarts, ran {svd.Iterations} cycle(s)");
        Assert.InRange(svd.MaxResidual, 0, 1e-10);
        AssertClose(DenseSingularValues(a, 8), svd.SingularValues, 1e-9, "σ");
        AssertOrthonormalColumns(svd.LeftSingularVectors, 8);
        AssertOrthonormalColumns(svd.RightSingularVectors, 8);
    }

    [Fact]
    public void Repeated_singular_values_are_all_found()
    {
        // Three identical disconnected blocks: every singular value appears three times. A single-vector
        // Krylov method only sees the copies through rounding, so a working subspace narrower than the
        // block's distinct values makes this a real test of the restarts.
        var block = RandomSparse(60, 40, 0.15, seed: 21);
        var a = CsrMatrix.FromTriplets(180, 120,
            from copy in Enumerable.Range(0, 3)
            from r in Enumerable.Range(0, 60)
            from c in Enumerable.Range(0, 40) where block[r, c] != 0 select (r + 60 * copy, c + 40 * copy, block[r, c]));

        var svd = TruncatedSvd.Compute(a, 12, new TruncatedSvdOptions { Oversampling = 8 });

        Assert.True(svd.Converged);
        double[] expected = DenseSingularValues(a, 12);
        Assert.Equal(expected[0], expected[2], 1e-10);
        AssertClose(expected, svd.SingularValues, 1e-9, "σ");
        AssertOrthonormalColumns(svd.LeftSingularVectors, 12);
    }

    [Fact]
    public void Wide_matrix_with_empty_rows_and_columns_matches_a_dense_svd()
    {
        var full = RandomSparse(20, 60, 0.2, seed: 5);
        // Blank out rows 3 and 11 and columns 0 and 40..59.
        var a = CsrMatrix.FromTriplets(20, 60,
            from r in Enumerable.Range(0, 20) where r is not (3 or 11)
            from c in Enumerable.Range(1, 39) where full[r, c] != 0 select (r, c, full[r, c]));

        var svd = TruncatedSvd.Compute(a, 20);

        Assert.Equal(20, svd.Rank);
        Assert.True(svd.Converged);
        AssertClose(DenseSingularValues(a, 20), svd.SingularValues, 1e-10, "σ");
        AssertReconstructsExactly(a, svd, 1e-10);
        foreach (int c in new[] { 0, 40, 59 })
            for (int k = 0; k < 18; k++) Assert.Equal(0, svd.RightRow(c)[k], 1e-12); // σ₁₉ = σ₂₀ = 0
    }

    [Fact]
    public void Users_and_items_without_interactions_get_zero_factors()
    {
        var full = RandomSparse(60, 40, 0.2, seed: 8);
        var a = CsrMatrix.FromTriplets(60, 40,
            from r in Enumerable.Range(0, 60) where r != 5
            from c in Enumerable.Range(0, 40) where c != 7 && full[r, c] != 0 select (r, c, full[r, c]));

        var svd = TruncatedSvd.Compute(a, 10);

        Assert.All(svd.LeftRow(5).ToArray(), x => Assert.Equal(0, x, 1e-15));
        Assert.All(svd.RightRow(7).ToArray(), x => Assert.Equal(0, x, 1e-15));
        var scores = new double[40];
        svd.ReconstructRow(5, scores);
        Assert.All(scores, x => Assert.Equal(0, x, 1e-14));
    }

    [Fact]
    public void Non_finite_values_are_rejected()
    {
        var a = CsrMatrix.FromTriplets(2, 2, [(0, 0, 1.0), (1, 1, double.NaN)]);
        Assert.Throws<ArgumentException>(() => TruncatedSvd.Compute(a, 1));
    }

    [Fact]
    public void All_zero_matrix_gives_zero_singular_values()
    {
        var a = CsrMatrix.FromTriplets(5, 4, []);

        var svd = TruncatedSvd.Compute(a, 2);

        Assert.True(svd.Converged);
        Assert.Equal([0.0, 0.0], svd.SingularValues);
        AssertOrthonormalColumns(svd.RightSingularVectors, 2);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_output_on_any_thread_count()
    {
        var a = RandomSparse(400, 300, 0.03, seed: 11);
        var options = new TruncatedSvdOptions { Rank = 12, Oversampling = 6, Seed = 42 };

        var first = TruncatedSvd.Compute(a, options);
        var second = TruncatedSvd.Compute(a, options);
        var singleThreaded = TruncatedSvd.Compute(a, options with { MaxDegreeOfParallelism = 1 });

        foreach (var other in new[] { second, singleThreaded })
        {
            Assert.Equal(first.SingularValues, other.SingularValues);
            Assert.Equal(first.LeftSingularVectors, other.LeftSingularVectors);
            Assert.Equal(first.RightSingularVectors, other.RightSingularVectors);
            Assert.Equal(first.Iterations, other.Iterations);
        }
    }

    [Fact]
    public void Another_seed_gives_the_same_decomposition_up_to_rounding()
    {
        var a = RandomSparse(400, 300, 0.03, seed: 11);
        var options = new TruncatedSvdOptions { Rank = 12, Oversampling = 6 };

        var first = TruncatedSvd.Compute(a, options with { Seed = 1 });
        var second = TruncatedSvd.Compute(a, options with { Seed = 2 });

        Assert.NotEqual(first.RightSingularVectors, second.RightSingularVectors);
        AssertClose(first.SingularValues, second.SingularValues, 1e-9, "σ");
        var (row1, row2) = (new double[300], new double[300]);
        first.ReconstructRow(7, row1);
        second.ReconstructRow(7, row2);
        AssertClose(row1, row2, 1e-7, "scores");
    }

    [Fact]
    public void Iteration_cap_returns_the_current_approximation_unconverged()
    {
        var a = RandomSparse(300, 200, 0.05, seed: 9);

        var svd = TruncatedSvd.Compute(a, 20, new TruncatedSvdOptions { Oversampling = 2, MaxIterations = 1 });

        Assert.False(svd.Converged);
        Assert.Equal(1, svd.Iterations);
        Assert.Equal(20, svd.SingularValues.Length);
        Assert.True(svd.MaxResidual > 1e-10);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Rank_below_one_is_rejected(int rank) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TruncatedSvd.Compute(CsrMatrix.FromTriplets(2, 2, [(0, 0, 1.0)]), rank));

    [Fact]
    public void Invalid_options_are_rejected()
    {
        var a = CsrMatrix.FromTriplets(2, 2, [(0, 0, 1.0)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => TruncatedSvd.Compute(a, new TruncatedSvdOptions { Tolerance = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TruncatedSvd.Compute(a, new TruncatedSvdOptions { MaxIterations = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TruncatedSvd.Compute(a, new TruncatedSvdOptions { Oversampling = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TruncatedSvd.Compute(a, new TruncatedSvdOptions { MaxDegreeOfParallelism = 0 }));
    }

    [Fact]
    public void Reconstructed_rows_agree_in_double_float_and_single_entries()
    {
        var a = RandomSparse(30, 25, 0.2, seed: 4);
        var svd = TruncatedSvd.Compute(a, 5);
        var doubles = new double[25];
        var floats = new float[25];

        svd.ReconstructRow(6, doubles);
        svd.ReconstructRow(6, floats);

        for (int c = 0; c < 25; c++)
        {
            Assert.Equal(svd.Reconstruct(6, c), doubles[c], 1e-12);
            Assert.Equal((float)doubles[c], floats[c]);
        }
        Assert.Throws<ArgumentException>(() => svd.ReconstructRow(6, new double[24]));
        Assert.Throws<ArgumentOutOfRangeException>(() => svd.ReconstructRow(30, doubles));
    }

    [Fact]
    public void Rmse_of_held_out_entries_measures_the_truncation_error()
    {
        // diag(5, 3, 1) at rank 2 reconstructs (0,0) and (1,1) exactly and (2,2) as 0.
        var a = CsrMatrix.FromTriplets(3, 3, [(0, 0, 5.0), (1, 1, 3.0), (2, 2, 1.0)]);
        var svd = TruncatedSvd.Compute(a, 2);

        double rmse = svd.RootMeanSquareError([(0, 0, 5.0), (2, 2, 1.0), (1, 1, 3.0), (0, 1, 0.0)]);

        Assert.Equal(Math.Sqrt(1.0 / 4), rmse, 1e-12);
        Assert.Throws<ArgumentException>(() => svd.RootMeanSquareError([]));
    }

    private static CsrMatrix RandomSparse(int rows, int columns, double density, int seed)
    {
        var random = new Random(seed);
        var triplets = new List<(int, int, double)>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                if (random.NextDouble() < density) triplets.Add((r, c, random.Next(1, 6)));
        return CsrMatrix.FromTriplets(rows, columns, triplets);
    }

    private static Matrix<double> Dense(CsrMatrix a)
    {
        var dense = Matrix<double>.Build.Dense(a.Rows, a.Columns);
        for (int r = 0; r < a.Rows; r++)
            for (int k = a.RowPointers[r]; k < a.RowPointers[r + 1]; k++) dense[r, a.ColumnIndices[k]] = a.Values[k];
        return dense;
    }

    private static double[] DenseSingularValues(CsrMatrix a, int count) =>
        Dense(a).Svd(computeVectors: false).S.Take(count).ToArray();

    /// <summary>At full rank, U·diag(σ)·Vᵀ must equal A.</summary>
    private static void AssertReconstructsExactly(CsrMatrix a, TruncatedSvdResult svd, double tolerance)
    {
        var scores = new double[a.Columns];
        for (int r = 0; r < a.Rows; r++)
        {
            svd.ReconstructRow(r, scores);
            for (int c = 0; c < a.Columns; c++) Assert.Equal(a[r, c], scores[c], tolerance);
        }
    }
}
