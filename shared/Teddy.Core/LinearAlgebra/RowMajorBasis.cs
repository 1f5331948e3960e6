using System.Numerics;
using System.Runtime.InteropServices;

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

    private readonly FixedChunks _chunks;
    private readonly double[] _partials;      // one capacity-long partial per chunk
    private readonly double[] _normPartials;  // one squared-norm partial per chunk
    private readonly double[] _passCoefficients;
    private readonly double[] _combination;   // coefficients as an array the parallel body can capture

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

    public void CopyColumn(int column, Span<double> destination)
    {
        var data = Data.AsSpan();
        for (int r = 0, at = column; r < Length; r++, at += Capacity) destination[r] = data[at];
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
        var chunks = _chunks;
        int capacity = Capacity;
        double[] data = Data, partials = _partials, normPartials = _normPartials;
        chunks.Run(chunk =>
        {
            var partial = partials.AsSpan(chunk * capacity, count);
            partial.Clear();
            int r = chunks.Start(chunk), end = chunks.End(chunk);
            var rows = v.AsSpan(r, end - r);
            normPartials[chunk] = VectorKernels.Dot(rows, rows);
            // Four rows per sweep so each partial vector is loaded and stored once per four rows.
            for (; r + 3 < end; r += 4)
            {
                AddScaledRows(
                    v[r], data.AsSpan(r * capacity, count),
                    v[r + 1], data.AsSpan((r + 1) * capacity, count),
                    v[r + 2], data.AsSpan((r + 2) * capacity, count),
                    v[r + 3], data.AsSpan((r + 3) * capacity, count),
                    partial);
            }
            for (; r < end; r++) VectorKernels.AddScaled(v[r], data.AsSpan(r * capacity, count), partial);
        });

        coefficients[..count].Clear();
        double squaredNorm = 0;
        for (int chunk = 0; chunk < chunks.Count; chunk++)
        {
            var partial = partials.AsSpan(chunk * capacity, count);
            for (int i = 0; i < count; i++) coefficients[i] += partial[i];
            squaredNorm += normPartials[chunk];
        }
        return squaredNorm;
    }

    /// <summary>v −= B[:, 0..count)·coefficients; returns ‖v‖² afterwards (fused into the same pass).</summary>
    public double SubtractCombination(double[] v, int count, ReadOnlySpan<double> coefficients)
    {
        var chunks = _chunks;
        int capacity = Capacity;
        double[] data = Data, normPartials = _normPartials;
        double[] c = _combination;
        coefficients[..count].CopyTo(c);
        chunks.Run(chunk =>
        {
            double sq = 0;
            for (int r = chunks.Start(chunk), end = chunks.End(chunk); r < end; r++)
            {
                double x = v[r] - VectorKernels.Dot(data.AsSpan(r * capacity, count), c.AsSpan(0, count));
                v[r] = x;
                sq += x * x;
            }
            normPartials[chunk] = sq;
        });
        double total = 0;
        for (int chunk = 0; chunk < chunks.Count; chunk++) total += normPartials[chunk];
        return total;
    }

    public double SquaredNorm(double[] v)
    {
        var chunks = _chunks;
        double[] normPartials = _normPartials;
        chunks.Run(chunk =>
        {
            var part = v.AsSpan(chunks.Start(chunk), chunks.End(chunk) - chunks.Start(chunk));
            normPartials[chunk] = VectorKernels.Dot(part, part);
        });
        double total = 0;
        for (int chunk = 0; chunk < chunks.Count; chunk++) total += normPartials[chunk];
        return total;
    }

    /// <summary>
    /// destination[r, j] = Σ_l B[r, l]·coefficients[l, j] for j &lt; outputs, l &lt; width (coefficients is
    /// width × outputs row-major): B times a small matrix, one row block at a time. destination may be Data
    /// itself (an in-place thick restart with stride Capacity) because each row block is copied before it
    /// is overwritten.
    /// </summary>
    public void Transform(double[] coefficients, int width, int outputs, double[] destination, int destinationStride)
    {
        var chunks = _chunks;
        int capacity = Capacity;
        double[] data = Data;
        chunks.Run(chunk =>
        {
            Span<double> block = width * BlockRows <= 2048 ? stackalloc double[width * BlockRows] : new double[width * BlockRows];
            for (int r = chunks.Start(chunk), end = chunks.End(chunk); r < end; r += BlockRows)
            {
                int rows = Math.Min(BlockRows, end - r);
                block.Clear();
                for (int i = 0; i < rows; i++) data.AsSpan((r + i) * capacity, width).CopyTo(block.Slice(i * width, width));
                TransformBlock(block, width, coefficients.AsSpan(0, width * outputs), outputs,
                    destination.AsSpan(r * destinationStride), rows, destinationStride);
            }
        });
    }

    private const int BlockRows = 4;

    /// <summary>
    /// Register-blocked kernel for four rows times a panel of two SIMD vectors of outputs: per inner step,
    /// two coefficient loads and four broadcasts feed eight fused multiply-adds, with no horizontal sums.
    /// </summary>
    private static void TransformBlock(
        ReadOnlySpan<double> block, int width, ReadOnlySpan<double> coefficients, int outputs,
        Span<double> destination, int rows, int stride)
    {
        int lanes = Vector<double>.Count;
        ReadOnlySpan<double> b0 = block[..width], b1 = block.Slice(width, width),
            b2 = block.Slice(2 * width, width), b3 = block.Slice(3 * width, width);
        int j = 0;
        for (; j + 2 * lanes <= outputs; j += 2 * lanes)
        {
            Vector<double> a00 = default, a01 = default, a10 = default, a11 = default,
                a20 = default, a21 = default, a30 = default, a31 = default;
            for (int l = 0; l < width; l++)
            {
                var panel = coefficients.Slice(l * outputs + j, 2 * lanes);
                var t0 = new Vector<double>(panel);
                var t1 = new Vector<double>(panel[lanes..]);
                var s = new Vector<double>(b0[l]);
                a00 = Vector.MultiplyAddEstimate(s, t0, a00);
                a01 = Vector.MultiplyAddEstimate(s, t1, a01);
                s = new Vector<double>(b1[l]);
                a10 = Vector.MultiplyAddEstimate(s, t0, a10);
                a11 = Vector.MultiplyAddEstimate(s, t1, a11);
                s = new Vector<double>(b2[l]);
                a20 = Vector.MultiplyAddEstimate(s, t0, a20);
                a21 = Vector.MultiplyAddEstimate(s, t1, a21);
                s = new Vector<double>(b3[l]);
                a30 = Vector.MultiplyAddEstimate(s, t0, a30);
                a31 = Vector.MultiplyAddEstimate(s, t1, a31);
            }
            Store(destination, j, lanes, stride, rows, a00, a01, a10, a11, a20, a21, a30, a31);
        }
        for (; j < outputs; j++)
        {
            double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
            for (int l = 0; l < width; l++)
            {
                double c = coefficients[l * outputs + j];
                d0 += b0[l] * c;
                d1 += b1[l] * c;
                d2 += b2[l] * c;
                d3 += b3[l] * c;
            }
            destination[j] = d0;
            if (rows > 1) destination[stride + j] = d1;
            if (rows > 2) destination[2 * stride + j] = d2;
            if (rows > 3) destination[3 * stride + j] = d3;
        }
    }

    private static void Store(
        Span<double> destination, int j, int lanes, int stride, int rows,
        Vector<double> a00, Vector<double> a01, Vector<double> a10, Vector<double> a11,
        Vector<double> a20, Vector<double> a21, Vector<double> a30, Vector<double> a31)
    {
        a00.CopyTo(destination.Slice(j, lanes));
        a01.CopyTo(destination.Slice(j + lanes, lanes));
        if (rows > 1)
        {
            a10.CopyTo(destination.Slice(stride + j, lanes));
            a11.CopyTo(destination.Slice(stride + j + lanes, lanes));
        }
        if (rows > 2)
        {
            a20.CopyTo(destination.Slice(2 * stride + j, lanes));
            a21.CopyTo(destination.Slice(2 * stride + j + lanes, lanes));
        }
        if (rows > 3)
        {
            a30.CopyTo(destination.Slice(3 * stride + j, lanes));
            a31.CopyTo(destination.Slice(3 * stride + j + lanes, lanes));
        }
    }

    /// <summary>partial += a0·row0 + a1·row1 + a2·row2 + a3·row3.</summary>
    private static void AddScaledRows(
        double a0, ReadOnlySpan<double> row0, double a1, ReadOnlySpan<double> row1,
        double a2, ReadOnlySpan<double> row2, double a3, ReadOnlySpan<double> row3, Span<double> partial)
    {
        var p = MemoryMarshal.Cast<double, Vector<double>>(partial);
        var x0 = MemoryMarshal.Cast<double, Vector<double>>(row0);
        var x1 = MemoryMarshal.Cast<double, Vector<double>>(row1);
        var x2 = MemoryMarshal.Cast<double, Vector<double>>(row2);
        var x3 = MemoryMarshal.Cast<double, Vector<double>>(row3);
        Vector<double> v0 = new(a0), v1 = new(a1), v2 = new(a2), v3 = new(a3);
        for (int i = 0; i < p.Length; i++)
        {
            var acc = Vector.MultiplyAddEstimate(v0, x0[i], p[i]);
            acc = Vector.MultiplyAddEstimate(v1, x1[i], acc);
            acc = Vector.MultiplyAddEstimate(v2, x2[i], acc);
            p[i] = Vector.MultiplyAddEstimate(v3, x3[i], acc);
        }
        for (int i = p.Length * Vector<double>.Count; i < partial.Length; i++)
            partial[i] += a0 * row0[i] + a1 * row1[i] + a2 * row2[i] + a3 * row3[i];
    }
}
