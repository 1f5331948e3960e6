using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Teddy.LinearAlgebra;

/// <summary>
/// Allocation-free SIMD level-1 kernels on spans. Each uses a fixed summation order (two vector
/// accumulators, then the scalar tail) so results are bit-identical from run to run on one machine.
/// </summary>
internal static class VectorKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        y = y[..x.Length];
        var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
        var yv = MemoryMarshal.Cast<double, Vector<double>>(y);
        Vector<double> acc0 = Vector<double>.Zero, acc1 = Vector<double>.Zero;
        int v = 0;
        for (; v + 1 < xv.Length; v += 2)
        {
            acc0 = Vector.MultiplyAddEstimate(xv[v], yv[v], acc0);
            acc1 = Vector.MultiplyAddEstimate(xv[v + 1], yv[v + 1], acc1);
        }
        if (v < xv.Length) acc0 = Vector.MultiplyAddEstimate(xv[v], yv[v], acc0);
        double sum = Vector.Sum(acc0 + acc1);
        for (int i = xv.Length * Vector<double>.Count; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>y += a·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        y = y[..x.Length];
        var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
        var yv = MemoryMarshal.Cast<double, Vector<double>>(y);
        var av = new Vector<double>(a);
        for (int v = 0; v < xv.Length; v++) yv[v] = Vector.MultiplyAddEstimate(av, xv[v], yv[v]);
        for (int i = xv.Length * Vector<double>.Count; i < x.Length; i++) y[i] += a * x[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(double a, Span<double> x)
    {
        var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
        var av = new Vector<double>(a);
        for (int v = 0; v < xv.Length; v++) xv[v] *= av;
        for (int i = xv.Length * Vector<double>.Count; i < x.Length; i++) x[i] *= a;
    }
}
