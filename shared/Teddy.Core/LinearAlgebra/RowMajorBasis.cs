using System.Runtime.CompilerServices;

namespace Teddy.LinearAlgebra;

/// <summary>
/// An N × capacity block of orthonormal columns (the Lanczos vectors of one side), stored row-major so
/// that the level-2 kernels of full reorthogonalisation (Bᵀv and v − Bc) and the level-3 restart rotation
/// each stream over the rows once with contiguous SIMD work per row, and so that the final factors come
/// out row-major (one user or item per contiguous row).
/// </summary>
internal sealed class RowMajorBasis
{
    /// <summary>Rows processed per parallel chunk: large enough to amortise scheduling, small enough
    /// to balance two cores and keep per-chunk partials cheap to add.</summary>
    private const int RowsPerChunk = 1024;

    /// <summary>Daniel–Gragg–Kaufman–Stewart (1976): reorthogonalise again only when a pass removed more
    /// than this share of the norm, i.e. when cancellation may have left components behind.</summary>
    private const double ReorthogonalizationRatio = 0.7071067811865476;

    private const int MaxOrthogonalizationPasses = 3;

    private const int BlockRows = MicroKernels.BlockRows;

    private readonly FixedChunks _chunks;
    private readonly double[] _partials;      // one capacity-long partial per chunk
    private readonly double[] _normPartials;  // one squared-norm partial per chunk
    private readonly double[] _passCoefficients;
    private readonly double[] _combination;   // coefficients in an array the parallel bodies can read

    public RowMajorBasis(int length, int capacity, ParallelOptions parallelOptions)
    {
        Length = length;
        Capacity = capacity;
        Data = new double[checked(length * capacity)];
        _chunks = new FixedChunks(length, RowsPerChunk, parallelOptions);
        _partials = new double[_chunks.Count * capacity];
        _normPartials = new double[_chunks.Count];
        _passCoefficients = new double[capacity];
        _combination = new double[capacity];
    }

    public int Length { get; }
    public int Capacity { get; }

    /// <summary>Row-major: element (row, column) is Data[row * Capacity + column].</summary>
    public double[] Data { get; }

    public void SetColumn(int column, ReadOnlySpan<double> values)
    {
        var data = Data.AsSpan();
        for (int r = 0, at = column; r < Length; r++, at += Capacity) data[at] = values[r];
    }

    /// <summary>
    /// Makes v orthogonal to columns [0, count) by classical Gram–Schmidt with DGKS re-passes and returns
    /// the remaining norm. When coefficients is given, the removed components (summed over passes) are
    /// written to coefficients[0..count): they are the projected-matrix entries Bᵀv.
    /// </summary>
    public double Orthogonalize(double[] v, int count, Span<double> coefficients)
    {
        coefficients.Clear();
        if (count == 0) return Math.Sqrt(SquaredNorm(v));

        var pass = _passCoefficients.AsSpan(0, count);
        double norm = Math.Sqrt(Project(v, count, pass));
        for (int p = 1; ; p++)
        {
            double remaining = Math.Sqrt(SubtractCombination(v, count, pass));
            if (!coefficients.IsEmpty)
                for (int i = 0; i < count; i++) coefficients[i] += pass[i];
            if (remaining >= ReorthogonalizationRatio * norm || p == MaxOrthogonalizationPasses) return remaining;
            norm = remaining;
            Project(v, count, pass);
        }
    }

    /// <summary>
    /// coefficients[i] = Σ_r column_i[r]·v[r] for i &lt; count, in one pass over the rows; returns ‖v‖²
    /// (fused into the same pass, saving a parallel region per orthogonalisation).
    /// </summary>
    public double Project(double[] v, int count, Span<double> coefficients)
    {
        _chunks.Run(chunk => ProjectChunk(chunk, v, count));
        coefficients[..count].Clear();
        double squaredNorm = 0;
        for (int chunk = 0; chunk < _chunks.Count; chunk++)
        {
            var partial = _partials.AsSpan(chunk * Capacity, count);
            for (int i = 0; i < count; i++) coefficients[i] += partial[i];
            squaredNorm += _normPartials[chunk];
        }
        return squaredNorm;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ProjectChunk(int chunk, double[] v, int count)
    {
        int capacity = Capacity;
        double[] data = Data;
        var partial = _partials.AsSpan(chunk * capacity, count);
        partial.Clear();
        int r = _chunks.Start(chunk), end = _chunks.End(chunk);
        var rows = v.AsSpan(r, end - r);
        _normPartials[chunk] = VectorKernels.Dot(rows, rows);
        // Four rows per sweep so each partial vector is loaded and stored once per four rows.
        for (; r + 3 < end; r += 4)
        {
            MicroKernels.AddScaledFourRows(
                v[r], data.AsSpan(r * capacity, count),
                v[r + 1], data.AsSpan((r + 1) * capacity, count),
                v[r + 2], data.AsSpan((r + 2) * capacity, count),
                v[r + 3], data.AsSpan((r + 3) * capacity, count),
                partial);
        }
        for (; r < end; r++) VectorKernels.AddScaled(v[r], data.AsSpan(r * capacity, count), partial);
    }

    /// <summary>v −= B[:, 0..count)·coefficients; returns ‖v‖² afterwards (fused into the same pass).</summary>
    public double SubtractCombination(double[] v, int count, ReadOnlySpan<double> coefficients)
    {
        coefficients[..count].CopyTo(_combination);
        _chunks.Run(chunk => SubtractChunk(chunk, v, count));
        return SumNormPartials();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SubtractChunk(int chunk, double[] v, int count)
    {
        int capacity = Capacity;
        double[] data = Data;
        ReadOnlySpan<double> combination = _combination.AsSpan(0, count);
        double sq = 0;
        for (int r = _chunks.Start(chunk), end = _chunks.End(chunk); r < end; r++)
        {
            double x = v[r] - VectorKernels.Dot(data.AsSpan(r * capacity, count), combination);
            v[r] = x;
            sq += x * x;
        }
        _normPartials[chunk] = sq;
    }

    public double SquaredNorm(double[] v)
    {
        _chunks.Run(chunk =>
        {
            var part = v.AsSpan(_chunks.Start(chunk), _chunks.End(chunk) - _chunks.Start(chunk));
            _normPartials[chunk] = VectorKernels.Dot(part, part);
        });
        return SumNormPartials();
    }

    private double SumNormPartials()
    {
        double total = 0;
        for (int chunk = 0; chunk < _chunks.Count; chunk++) total += _normPartials[chunk];
        return total;
    }

    /// <summary>
    /// destination[r, j] = Σ_l B[r, l]·coefficients[l, j] for j &lt; outputs, l &lt; width (coefficients is
    /// width × outputs row-major): B times a small matrix, one row block at a time. destination may be Data
    /// itself (an in-place thick restart with stride Capacity) because each row block is copied before it
    /// is overwritten.
    /// </summary>
    public void Transform(double[] coefficients, int width, int outputs, double[] destination, int destinationStride) =>
        _chunks.Run(chunk => TransformChunk(chunk, coefficients, width, outputs, destination, destinationStride));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TransformChunk(int chunk, double[] coefficients, int width, int outputs, double[] destination, int destinationStride)
    {
        Span<double> block = width * BlockRows <= 2048 ? stackalloc double[width * BlockRows] : new double[width * BlockRows];
        for (int r = _chunks.Start(chunk), end = _chunks.End(chunk); r < end; r += BlockRows)
        {
            int rows = Math.Min(BlockRows, end - r);
            block.Clear();
            for (int i = 0; i < rows; i++) Data.AsSpan((r + i) * Capacity, width).CopyTo(block.Slice(i * width, width));
            MicroKernels.TransformFourRows(block, width, coefficients.AsSpan(0, width * outputs), outputs,
                destination.AsSpan(r * destinationStride), rows, destinationStride);
        }
    }
}
