using Teddy.LinearAlgebra;

namespace Teddy.Core.Tests.LinearAlgebra;

/// <summary>Parity with scipy.sparse.linalg.svds (ARPACK) on the fixture, at the tolerances its README sets.</summary>
public sealed class TruncatedSvdParityTests(SvdReferenceFixture fixture) : IClassFixture<SvdReferenceFixture>
{
    private TruncatedSvdResult Result => fixture.Result;

    [Fact]
    public void Converges_with_residuals_below_the_default_tolerance()
    {
        Assert.True(Result.Converged);
        Assert.Equal(SvdReferenceFixture.Rank, Result.Rank);
        Assert.InRange(Result.MaxResidual, 0, 1e-10);
    }

    [Fact]
    public void Top_60_singular_values_match_to_relative_1e_6()
    {
        Assert.Equal(SvdReferenceFixture.Rank, Result.SingularValues.Length);
        for (int i = 0; i < SvdReferenceFixture.Rank; i++)
        {
            double expected = fixture.SingularValues[i];
            Assert.True(Math.Abs(Result.SingularValues[i] - expected) <= 1e-6 * expected,
                $"σ{i + 1}: expected {expected}, got {Result.SingularValues[i]}");
        }
    }

    [Fact]
    public void Reconstructed_score_rows_match_to_1e_6_sigma_1()
    {
        double tolerance = 1e-6 * fixture.SingularValues[0];
        var scores = new double[SvdReferenceFixture.Columns];
        Assert.Equal(10, fixture.ReconstructedRows.Count);
        foreach (var (row, expected) in fixture.ReconstructedRows)
        {
            Result.ReconstructRow(row, scores);
            for (int c = 0; c < scores.Length; c++)
                Assert.True(Math.Abs(scores[c] - expected[c]) <= tolerance, $"row {row}, column {c}: expected {expected[c]}, got {scores[c]}");
        }
    }

    [Fact]
    public void Top_20_recommendations_of_each_reference_row_are_the_same_set()
    {
        // The README guarantees a stable top-20 set (non-zeros excluded) at the parity tolerance.
        var scores = new double[SvdReferenceFixture.Columns];
        foreach (var (row, expected) in fixture.ReconstructedRows)
        {
            Result.ReconstructRow(row, scores);
            Assert.Equal(TopUnseen(expected, row), TopUnseen(scores, row));
        }
    }

    [Fact]
    public void Top_5_right_and_left_vectors_match_with_the_fixture_sign_rule()
    {
        for (int k = 0; k < 5; k++)
        {
            double[] v = Column(Result.RightSingularVectors, Result.Rank, k), u = Column(Result.LeftSingularVectors, Result.Rank, k);
            AssertClose(fixture.RightTop5[k], v, 1e-6, $"v{k}");
            AssertClose(fixture.LeftTop5[k], u, 1e-6, $"u{k}");
            Assert.InRange(Math.Abs(Dot(fixture.RightTop5[k], v)), 1 - 1e-6, 1 + 1e-6);
            Assert.InRange(Math.Abs(Dot(fixture.LeftTop5[k], u)), 1 - 1e-6, 1 + 1e-6);
        }
    }

    [Fact]
    public void Largest_magnitude_entry_of_every_right_vector_is_positive()
    {
        for (int k = 0; k < Result.Rank; k++)
        {
            double[] v = Column(Result.RightSingularVectors, Result.Rank, k);
            double largest = v.MaxBy(Math.Abs);
            Assert.True(largest > 0, $"component {k}");
        }
    }

    [Fact]
    public void Empty_columns_get_zero_item_factors_and_zero_scores()
    {
        var used = fixture.Matrix.ColumnIndices.ToHashSet();
        var empty = Enumerable.Range(0, SvdReferenceFixture.Columns).Where(c => !used.Contains(c)).ToArray();
        Assert.Equal(4, empty.Length);
        foreach (int c in empty)
        {
            foreach (double x in Result.RightRow(c)) Assert.Equal(0, x, 1e-15);
            Assert.Equal(0, Result.Reconstruct(0, c), 1e-14);
        }
    }

    [Fact]
    public void Factors_have_orthonormal_columns()
    {
        AssertOrthonormalColumns(Result.LeftSingularVectors, Result.Rank);
        AssertOrthonormalColumns(Result.RightSingularVectors, Result.Rank);
    }

    [Fact]
    public void Transposed_fixture_gives_the_same_decomposition_with_factors_swapped()
    {
        // Production matrices have more items than users, which runs the solver on the other orientation.
        var transposed = TruncatedSvd.Compute(fixture.Matrix.Transpose(), SvdReferenceFixture.Rank);

        Assert.True(transposed.Converged);
        for (int i = 0; i < SvdReferenceFixture.Rank; i++)
            Assert.True(Math.Abs(transposed.SingularValues[i] - fixture.SingularValues[i]) <= 1e-6 * fixture.SingularValues[i], $"σ{i + 1}");
        double tolerance = 1e-6 * fixture.SingularValues[0];
        foreach (var (row, expected) in fixture.ReconstructedRows)
            for (int c = 0; c < SvdReferenceFixture.Columns; c++)
                Assert.True(Math.Abs(transposed.Reconstruct(c, row) - expected[c]) <= tolerance, $"({row}, {c})");
        for (int k = 0; k < 5; k++)
        {
            Assert.InRange(Math.Abs(Dot(fixture.RightTop5[k], Column(transposed.LeftSingularVectors, transposed.Rank, k))), 1 - 1e-6, 1 + 1e-6);
            Assert.InRange(Math.Abs(Dot(fixture.LeftTop5[k], Column(transposed.RightSingularVectors, transposed.Rank, k))), 1 - 1e-6, 1 + 1e-6);
        }
    }

    private HashSet<int> TopUnseen(double[] scores, int row) =>
        Enumerable.Range(0, scores.Length).Where(c => fixture.Matrix[row, c] == 0)
            .OrderByDescending(c => scores[c]).Take(20).ToHashSet();

    internal static double[] Column(double[] rowMajor, int width, int column) =>
        Enumerable.Range(0, rowMajor.Length / width).Select(r => rowMajor[r * width + column]).ToArray();

    internal static double Dot(double[] x, double[] y) => x.Zip(y, (a, b) => a * b).Sum();

    internal static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    internal static void AssertOrthonormalColumns(double[] rowMajor, int width)
    {
        var columns = Enumerable.Range(0, width).Select(k => Column(rowMajor, width, k)).ToArray();
        for (int i = 0; i < width; i++)
            for (int j = 0; j <= i; j++)
                Assert.InRange(Dot(columns[i], columns[j]), (i == j ? 1 : 0) - 1e-10, (i == j ? 1 : 0) + 1e-10);
    }
}
