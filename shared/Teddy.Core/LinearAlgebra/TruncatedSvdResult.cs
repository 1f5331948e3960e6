namespace Teddy.LinearAlgebra;

/// <summary>
/// A ≈ U·diag(σ)·Vᵀ with the <see cref="Rank"/> largest singular triplets. U and V are stored row-major so
/// that one user's (row of U) and one item's (row of V) coefficients are each contiguous: a score is the dot
/// product of a σ-scaled user row with an item row. The arrays are exposed as-is for serving; do not modify.
/// </summary>
public sealed class TruncatedSvdResult
{
    internal TruncatedSvdResult(
        int rows, int columns, int rank, double[] singularValues, double[] leftSingularVectors, double[] rightSingularVectors,
        int iterations, int matrixVectorProducts, double maxResidual, bool converged)
    {
        Rows = rows;
        Columns = columns;
        Rank = rank;
        SingularValues = singularValues;
        LeftSingularVectors = leftSingularVectors;
        RightSingularVectors = rightSingularVectors;
        Iterations = iterations;
        MatrixVectorProducts = matrixVectorProducts;
        MaxResidual = maxResidual;
        Converged = converged;
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Number of triplets returned: the requested rank clamped to min(Rows, Columns).</summary>
    public int Rank { get; }

    /// <summary>σ₁ ≥ σ₂ ≥ … ≥ σ_Rank ≥ 0.</summary>
    public double[] SingularValues { get; }

    /// <summary>U, Rows × Rank row-major: U[row, i] = LeftSingularVectors[row * Rank + i].</summary>
    public double[] LeftSingularVectors { get; }

    /// <summary>V, Columns × Rank row-major: V[column, i] = RightSingularVectors[column * Rank + i]. Each column of V
    /// is signed so that its largest-magnitude entry is positive (U's column flipped with it).</summary>
    public double[] RightSingularVectors { get; }

    /// <summary>Thick-restart cycles run (1 when the first Krylov subspace already converged).</summary>
    public int Iterations { get; }

    /// <summary>Products with A plus products with Aᵀ.</summary>
    public int MatrixVectorProducts { get; }

    /// <summary>max_i max(‖A v_i − σ_i u_i‖, ‖Aᵀu_i − σ_i v_i‖) / σ₁, measured on the returned vectors.</summary>
    public double MaxResidual { get; }

    /// <summary>Whether the Lanczos residual estimates met the tolerance before the iteration cap.</summary>
    public bool Converged { get; }

    /// <summary>Row <paramref name="row"/> of U (one user's coefficients).</summary>
    public ReadOnlySpan<double> LeftRow(int row) => LeftSingularVectors.AsSpan(checked(row * Rank), Rank);

    /// <summary>Row <paramref name="column"/> of V (one item's coefficients).</summary>
    public ReadOnlySpan<double> RightRow(int column) => RightSingularVectors.AsSpan(checked(column * Rank), Rank);

    /// <summary>(U·diag(σ)·Vᵀ)[row, column].</summary>
    public double Reconstruct(int row, int column)
    {
        CheckIndex(row, Rows, nameof(row));
        CheckIndex(column, Columns, nameof(column));
        ReadOnlySpan<double> user = LeftRow(row), item = RightRow(column);
        double sum = 0;
        for (int i = 0; i < Rank; i++) sum += user[i] * SingularValues[i] * item[i];
        return sum;
    }

    /// <summary>Writes row <paramref name="row"/> of U·diag(σ)·Vᵀ (one score per column) into scores.</summary>
    public void ReconstructRow(int row, Span<double> scores)
    {
        CheckScores(row, scores.Length);
        Span<double> scaledUser = Rank <= 256 ? stackalloc double[Rank] : new double[Rank];
        ScaleUser(row, scaledUser);
        for (int c = 0; c < Columns; c++) scores[c] = VectorKernels.Dot(scaledUser, RightRow(c));
    }

    /// <summary>Single-precision variant of <see cref="ReconstructRow(int, Span{double})"/> for serving;
    /// accumulates in double.</summary>
    public void ReconstructRow(int row, Span<float> scores)
    {
        CheckScores(row, scores.Length);
        Span<double> scaledUser = Rank <= 256 ? stackalloc double[Rank] : new double[Rank];
        ScaleUser(row, scaledUser);
        for (int c = 0; c < Columns; c++) scores[c] = (float)VectorKernels.Dot(scaledUser, RightRow(c));
    }

    /// <summary>Root-mean-square error of the reconstruction on held-out (row, column, value) entries.</summary>
    /// <exception cref="ArgumentException">No entries were given.</exception>
    public double RootMeanSquareError(IEnumerable<(int Row, int Column, double Value)> heldOut)
    {
        double sumOfSquares = 0;
        long count = 0;
        foreach (var (row, column, value) in heldOut)
        {
            double error = Reconstruct(row, column) - value;
            sumOfSquares += error * error;
            count++;
        }
        if (count == 0) throw new ArgumentException("At least one held-out entry is needed.", nameof(heldOut));
        return Math.Sqrt(sumOfSquares / count);
    }

    private void ScaleUser(int row, Span<double> scaledUser)
    {
        ReadOnlySpan<double> user = LeftRow(row);
        for (int i = 0; i < Rank; i++) scaledUser[i] = user[i] * SingularValues[i];
    }

    private void CheckScores(int row, int length)
    {
        CheckIndex(row, Rows, nameof(row));
        if (length != Columns)
            throw new ArgumentException($"Expected room for {Columns} scores, got {length}.", "scores");
    }

    private static void CheckIndex(int index, int count, string name)
    {
        if ((uint)index >= (uint)count) throw new ArgumentOutOfRangeException(name, index, $"Must be in [0, {count}).");
    }
}
