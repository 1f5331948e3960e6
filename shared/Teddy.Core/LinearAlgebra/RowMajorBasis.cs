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
        double norm = Math.Sqrt(SquaredNorm(v));
        if (count == 0) return norm;

        var pass = _passCoefficients.AsSpan(0, count);
        for (int p = 0; p < MaxOrthogonalizationPasses; p++)
        {
            Project(v, count, pass);
            double remaining = Math.Sqrt(SubtractCombination(v, count, pass));
            if (!coefficients.IsEmpty)
                for (int i = 0; i < count; i++) coefficients[i] += pass[i];
            bool keptMostOfTheNorm = remaining >= ReorthogonalizationRatio * norm;
            norm = remaining;
            if (keptMostOfTheNorm) break;
        }
        return norm;
    }

    /// <summary>coefficients[i] = Σ_r column_i[r]·v[r] for i &lt; count (one pass over the rows).</summary>
    public void Project(double[] v, int count, Span<double> coefficients)
    {
        var chunks = _chunks;
        int capacity = Capacity;
        double[] data = Data, partials = _partials;
        chunks.Run(chunk =>
        {
            var partial = partials.AsSpan(chunk * capacity, count);
            partial.Clear();
            int r = chunks.Start(chunk), end = chunks.End(chunk);
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
        for (int chunk = 0; chunk < chunks.Count; chunk++)
        {
            var partial = partials.AsSpan(chunk * capacity, count);
            for (int i = 0; i < count; i++) coefficients[i] += partial[i];
        }
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
    /// destination[r, j] = Σ_l B[r, l]·transform[j, l] for j &lt; outputs, l &lt; width, where transform is
    /// outputs × width row-major (the transposed coefficient matrix). destination may be Data itself
    /// (an in-place thick restart, stride Capacity) because each row block is copied before it is written.
    /// </summary>
    public void Transform(double[] transform, int outputs, int width, double[] destination, int destinationStride)
    {
        var chunks = _chunks;
        int capacity = Capacity;
        double[] data = Data;
        chunks.Run(chunk =>
        {
            const int BlockRows = 4;
            Span<double> block = width * BlockRows <= 2048 ? stackalloc double[width * BlockRows] : new double[width * BlockRows];
            var t = transform.AsSpan(0, outputs * width);
            for (int r = chunks.Start(chunk), end = chunks.End(chunk); r < end; r += BlockRows)
            {
                int rows = Math.Min(BlockRows, end - r);
                for (int i = 0; i < rows; i++) data.AsSpan((r + i) * capacity, width).CopyTo(block.Slice(i * width, width));
                if (rows == BlockRows)
                {
                    var b0 = block[..width];
                    var b1 = block.Slice(width, width);
                    var b2 = block.Slice(2 * width, width);
                    var b3 = block.Slice(3 * width, width);
                    for (int j = 0; j < outputs; j++)
                    {
                        var (d0, d1, d2, d3) = Dot4(b0, b1, b2, b3, t.Slice(j * width, width));
                        destination[r * destinationStride + j] = d0;
                        destination[(r + 1) * destinationStride + j] = d1;
                        destination[(r + 2) * destinationStride + j] = d2;
                        destination[(r + 3) * destinationStride + j] = d3;
                    }
                }
                else
                {
                    for (int i = 0; i < rows; i++)
                        for (int j = 0; j < outputs; j++)
                            destination[(r + i) * destinationStride + j] =
                                VectorKernels.Dot(block.Slice(i * width, width), t.Slice(j * width, width));
                }
            }
        });
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

    /// <summary>Four dot products against one shared vector t, loading t once.</summary>
    private static (double, double, double, double) Dot4(
        ReadOnlySpan<double> x0, ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> x3,
        ReadOnlySpan<double> t)
    {
        var tv = MemoryMarshal.Cast<double, Vector<double>>(t);
        var v0 = MemoryMarshal.Cast<double, Vector<double>>(x0);
        var v1 = MemoryMarshal.Cast<double, Vector<double>>(x1);
        var v2 = MemoryMarshal.Cast<double, Vector<double>>(x2);
        var v3 = MemoryMarshal.Cast<double, Vector<double>>(x3);
        Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int i = 0; i < tv.Length; i++)
        {
            var ti = tv[i];
            a0 = Vector.MultiplyAddEstimate(v0[i], ti, a0);
            a1 = Vector.MultiplyAddEstimate(v1[i], ti, a1);
            a2 = Vector.MultiplyAddEstimate(v2[i], ti, a2);
            a3 = Vector.MultiplyAddEstimate(v3[i], ti, a3);
        }
        double d0 = Vector.Sum(a0), d1 = Vector.Sum(a1), d2 = Vector.Sum(a2), d3 = Vector.Sum(a3);
        for (int i = tv.Length * Vector<double>.Count; i < t.Length; i++)
        {
            d0 += x0[i] * t[i];
            d1 += x1[i] * t[i];
            d2 += x2[i] * t[i];
            d3 += x3[i] * t[i];
        }
        return (d0, d1, d2, d3);
    }
}
