using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Teddy.LinearAlgebra;

/// <summary>
/// Register-blocked SIMD kernels over four rows of a row-major basis at a time: the inner loops of
/// <see cref="RowMajorBasis"/>'s projection and small-matrix products. Allocation-free, fixed order.
/// </summary>
internal static class MicroKernels
{
    public const int BlockRows = 4;

    /// <summary>
    /// Register-blocked kernel for four rows times a panel of two SIMD vectors of outputs: per inner step,
    /// two coefficient loads and four broadcasts feed eight fused multiply-adds, with no horizontal sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransformFourRows(
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaledFourRows(
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
