using System.Runtime.CompilerServices;

namespace Teddy.LinearAlgebra;

/// <summary>
/// Parallel CSR products for one matrix. Rows are split into ranges of roughly equal non-zero count
/// (item popularity is power-law, so equal row counts would leave one core idle); every output row is
/// computed by one thread in a fixed order, so results are deterministic. Loop bodies are compiled fully
/// optimised at once (AggressiveOptimization): a training run calls them a few hundred times, too few for
/// tiered compilation to move them off unoptimised tier-0 code early.
/// </summary>
internal sealed class SparseProducts
{
    private const int NonZerosPerRange = 16_384;

    private readonly CsrMatrix _matrix;
    private readonly int[] _rangeStarts; // ranges are [_rangeStarts[i], _rangeStarts[i + 1])
    private readonly ParallelOptions _parallelOptions;

    public SparseProducts(CsrMatrix matrix, ParallelOptions parallelOptions)
    {
        _matrix = matrix;
        _parallelOptions = parallelOptions;
        var starts = new List<int> { 0 };
        int[] pointers = matrix.RowPointers;
        for (int r = 1; r < matrix.Rows; r++)
        {
            if (pointers[r] - pointers[starts[^1]] >= NonZerosPerRange) starts.Add(r);
        }
        starts.Add(matrix.Rows);
        _rangeStarts = starts.ToArray();
    }

    public CsrMatrix Matrix => _matrix;

    private int RangeCount => _rangeStarts.Length - 1;

    private void RunRanges(Action<int> body)
    {
        if (RangeCount <= 1 || _parallelOptions.MaxDegreeOfParallelism == 1)
        {
            for (int i = 0; i < RangeCount; i++) body(i);
        }
        else
        {
            Parallel.For(0, RangeCount, _parallelOptions, body);
        }
    }

    /// <summary>y = A·x.</summary>
    public void Multiply(double[] x, double[] y) => RunRanges(range => MultiplyRange(range, x, y));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyRange(int range, double[] x, double[] y)
    {
        int[] pointers = _matrix.RowPointers, columns = _matrix.ColumnIndices;
        double[] values = _matrix.Values;
        for (int r = _rangeStarts[range], end = _rangeStarts[range + 1]; r < end; r++)
        {
            double sum = 0;
            for (int k = pointers[r], stop = pointers[r + 1]; k < stop; k++) sum += values[k] * x[columns[k]];
            y[r] = sum;
        }
    }

    /// <summary>
    /// Column norms of A·X − Y·diag(σ) for a row-major block X (A.Columns × width) and Y (A.Rows × width),
    /// without forming the product: returns ‖A x_i − σ_i y_i‖ for each column i.
    /// </summary>
    public double[] ResidualNorms(double[] x, double[] y, double[] sigma, int width)
    {
        var partials = new double[RangeCount * width];
        RunRanges(range => AccumulateResidualRange(range, x, y, sigma, width, partials.AsSpan(range * width, width)));
        var norms = new double[width];
        for (int range = 0; range < RangeCount; range++)
            for (int i = 0; i < width; i++) norms[i] += partials[range * width + i];
        for (int i = 0; i < width; i++) norms[i] = Math.Sqrt(norms[i]);
        return norms;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateResidualRange(int range, double[] x, double[] y, double[] sigma, int width, Span<double> squares)
    {
        int[] pointers = _matrix.RowPointers, columns = _matrix.ColumnIndices;
        double[] values = _matrix.Values;
        Span<double> row = width <= 512 ? stackalloc double[width] : new double[width];
        for (int r = _rangeStarts[range], end = _rangeStarts[range + 1]; r < end; r++)
        {
            row.Clear();
            for (int k = pointers[r], stop = pointers[r + 1]; k < stop; k++)
                VectorKernels.AddScaled(values[k], x.AsSpan(columns[k] * width, width), row);
            var target = y.AsSpan(r * width, width);
            for (int i = 0; i < width; i++)
            {
                double d = row[i] - sigma[i] * target[i];
                squares[i] += d * d;
            }
        }
    }
}
