using MathNet.Numerics.LinearAlgebra;
using Teddy.LinearAlgebra;

namespace Teddy.Core.Tests.LinearAlgebra;

/// <summary>The blocked sweep inverse against MathNet's Cholesky inverse, at sizes around the block size.</summary>
public class SpdInverseTests
{
    private static Matrix<double> RandomSpd(int n, int seed)
    {
        var random = new Random(seed);
        var r = Matrix<double>.Build.Dense(n, Math.Max(1, n / 3), (_, _) => random.NextDouble() * 3);
        var g = r * r.Transpose();
        for (int i = 0; i < n; i++) g[i, i] += 0.5 + random.NextDouble();
        return g;
    }

    private static double[] RowMajor(Matrix<double> m)
    {
        int n = m.RowCount;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) a[i * n + j] = m[i, j];
        return a;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(SpdInverse.BlockSize - 1)]
    [InlineData(SpdInverse.BlockSize)]
    [InlineData(SpdInverse.BlockSize + 1)]
    [InlineData(2 * SpdInverse.BlockSize + 3)]
    [InlineData(301)]
    public void Matches_mathnets_inverse_and_is_symmetric(int n)
    {
        var g = RandomSpd(n, seed: n);
        var expected = g.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(n));
        var a = RowMajor(g);

        SpdInverse.InvertInPlace(a, n);

        double scale = expected.Enumerate().Max(Math.Abs);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                Assert.True(Math.Abs(a[i * n + j] - expected[i, j]) <= 1e-10 * scale, $"[{i}, {j}]: expected {expected[i, j]}, got {a[i * n + j]}");
                Assert.Equal(a[i * n + j], a[j * n + i]);
            }
    }

    [Fact]
    public void Reads_only_the_lower_triangle()
    {
        const int n = 90;
        var g = RandomSpd(n, seed: 3);
        var clean = RowMajor(g);
        var dirty = RowMajor(g);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) dirty[i * n + j] = double.NaN;
        SpdInverse.InvertInPlace(clean, n);
        SpdInverse.InvertInPlace(dirty, n);
        Assert.Equal(clean, dirty);
    }

    [Fact]
    public void The_result_does_not_depend_on_the_number_of_threads()
    {
        const int n = 200;
        var g = RandomSpd(n, seed: 5);
        var parallel = RowMajor(g);
        var serial = RowMajor(g);
        SpdInverse.InvertInPlace(parallel, n);
        SpdInverse.InvertInPlace(serial, n, new ParallelOptions { MaxDegreeOfParallelism = 1 });
        Assert.Equal(serial, parallel);
    }

    [Fact]
    public void A_matrix_that_is_not_positive_definite_is_refused()
    {
        // Eigenvalues 3 and −1.
        var a = new double[] { 1, 2, 2, 1 };
        var error = Assert.Throws<ArithmeticException>(() => SpdInverse.InvertInPlace(a, 2));
        Assert.Contains("not positive definite", error.Message);
        Assert.Throws<ArgumentException>(() => SpdInverse.InvertInPlace(new double[5], 2));
    }

    [Fact]
    public void An_empty_matrix_is_its_own_inverse()
    {
        SpdInverse.InvertInPlace([], 0);
    }
}
