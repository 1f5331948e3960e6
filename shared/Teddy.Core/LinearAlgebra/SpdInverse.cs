using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Teddy.LinearAlgebra;

/// <summary>
/// In-place inverse of a dense symmetric positive definite matrix by blocked sweeps (the sweep operator of
/// Beaton 1964 / Goodnight 1979, i.e. Gauss–Jordan elimination without pivoting, which SPD matrices do not
/// need): sweeping every index of A turns it into −A⁻¹. A block K of indices is swept at once — with R the other
/// indices, P = A_KK⁻¹ (a small SPD inverse), A_RR ← A_RR − A_RK·P·A_KR, A_RK ← A_RK·P, A_KK ← −P — so almost all
/// the work is one rank-b update, done on the lower triangle only (the matrix stays symmetric) by a
/// register-blocked SIMD kernel over panels packed for contiguous loads, rows split across cores. n³ flops in all
/// (half of a general inverse). Each element is computed by one thread in a fixed order: the result does not depend
/// on the core count.
/// <para>
/// Why not MathNet.Numerics: its managed provider (the only one that ships as a NuGet package here; the MKL
/// provider is not available and OpenBLAS needs a native library a Functions host lacks) takes 2.2 s for the
/// Cholesky factor and 10 s more for the inverse of a 2,000 × 2,000 matrix on this project's 2-core machine;
/// this takes a fraction of a second (docs/benchmarks.md). The tests check it against MathNet's inverse.
/// </para>
/// </summary>
public static class SpdInverse
{
    /// <summary>Indices swept together: large enough that the rank-b update dominates, small enough that a packed panel stays in L1/L2.</summary>
    public const int BlockSize = 64;

    /// <summary>
    /// Replaces <paramref name="matrix"/> (row-major n × n, symmetric positive definite; only its lower triangle is
    /// read) with its inverse, both triangles written.
    /// </summary>
    /// <exception cref="ArgumentException">The array is not n × n.</exception>
    /// <exception cref="ArithmeticException">A pivot is not positive: the matrix is not (numerically) positive definite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per fit: tiered compilation's first tier would run it unoptimised
    public static void InvertInPlace(double[] matrix, int n, ParallelOptions? parallel = null)
    {
        if (n < 0 || matrix.Length != (long)n * n) throw new ArgumentException($"The matrix must hold n × n = {n} × {n} values.", nameof(matrix));
        if (n == 0) return;
        parallel ??= ParallelWork.Options();
        // Each element's update sums over the block in the same order whatever the vector width, so the wide kernel gives
        // the same bits as the narrow one; it halves the instructions where 512-bit vectors run at full width.
        bool wide = Vector512.IsHardwareAccelerated && Vector512<double>.Count > Vector<double>.Count;
        int lanes = wide ? Vector512<double>.Count : Vector<double>.Count, panelWidth = 2 * lanes;
        int panels = (n + panelWidth - 1) / panelWidth;
        var u = new double[n * BlockSize];                         // A[:, K] by rows: u[i * kb + t] = A[i, k0 + t]
        var v = new double[panels * BlockSize * panelWidth];      // P·A[K, :], panel-major: panel p, row t, 2 vectors
        var p = new double[BlockSize * BlockSize];

        for (int k0 = 0; k0 < n; k0 += BlockSize)
        {
            int kb = Math.Min(BlockSize, n - k0);
            Parallel.For(0, (n + PackRows - 1) / PackRows, parallel, chunk => PackColumns(matrix, n, k0, kb, chunk * PackRows, u));
            // P = A_KK⁻¹ by scalar sweeps of the small block (−P after the sweep).
            for (int s = 0; s < kb; s++)
                for (int t = 0; t < kb; t++) p[s * kb + t] = u[(k0 + s) * kb + t];
            SweepSmall(p, kb, k0);
            for (int i = 0; i < kb * kb; i++) p[i] = -p[i];

            // V = P · U_Kᵀ over every column j: v[j-panel][t][lane] = Σ_s P[t, s] U[j, s]. (Every entry read is written
            // here; the last panel's lanes past n are never written, so stay 0.)
            Parallel.For(0, panels, parallel, panel => MultiplyPanel(p, u, kb, n, panel, panelWidth, v));

            // A[i, j] −= Σ_t U[i, t] V[t, j] for j ≤ i, four rows at a time (the rows' blocks spill a little into
            // the upper triangle, which is never read); then the swept block's columns of those rows:
            // A_RK ← U_R·P (= Vᵀ), A_KK ← −P (lower triangle only). A row block reads only U, V and P, and writes only its rows.
            // A task takes a band of rows and walks V a few panels at a time, every four-row block of the band over those
            // panels before the next: V (1.5 MB at n = 3,000) is read from memory once per band, not once per four rows.
            int chunkColumns = PanelsPerChunk * panelWidth;
            Parallel.For(0, (n + BandRows - 1) / BandRows, parallel, band =>
            {
                int b0 = band * BandRows, b1 = Math.Min(n, b0 + BandRows);
                for (int c0 = 0; c0 < b1; c0 += chunkColumns)
                    for (int i0 = b0; i0 < b1; i0 += 4)
                    {
                        int rows = Math.Min(4, b1 - i0);
                        int lastColumn = Math.Min(n, i0 + rows);   // columns [0, lastColumn) cover j ≤ i for these rows
                        int to = Math.Min(lastColumn, c0 + chunkColumns);
                        if (c0 >= to) continue;
                        if (wide) SubtractRankUpdateWide(matrix, n, i0, rows, c0, to, u, kb, v);
                        else SubtractRankUpdate(matrix, n, i0, rows, c0, to, u, kb, v, panelWidth);
                    }
                for (int i = b0; i < b1; i++) WriteSweptColumns(matrix, n, i, k0, kb, p, v, panelWidth);
            });
        }

        // Every index swept: the lower triangle holds −A⁻¹. Negate and mirror, a band of rows per task (each writes only its
        // rows' lower part and, mirrored, their columns of the upper part).
        Parallel.For(0, (n + MirrorRows - 1) / MirrorRows, parallel, band => NegateAndMirror(matrix, n, band * MirrorRows));
    }

    /// <summary>
    /// Rows a packing task copies; rows a mirroring task negates and mirrors; rows an update task takes (a multiple of 4),
    /// and the panels of V it applies to them at a time (16 × 64 × 16 doubles: 128 KB, within L2).
    /// </summary>
    private const int PackRows = 256, MirrorRows = 16, BandRows = 32, PanelsPerChunk = 16;

    /// <summary>Row i's entries in the swept block's columns K = [k0, k0 + kb): from V below the block, −P within it, and row k ∈ K's entries left of the block from V.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteSweptColumns(double[] matrix, int n, int i, int k0, int kb, double[] p, double[] v, int panelWidth)
    {
        long row = (long)i * n;
        if (i >= k0 + kb)
        {
            for (int s = 0; s < kb; s++) matrix[row + k0 + s] = V(v, i, s, panelWidth);
            return;
        }
        if (i < k0) return;
        int sk = i - k0;
        for (int j = 0; j < k0; j++) matrix[row + j] = V(v, j, sk, panelWidth);
        for (int t = 0; t <= sk; t++) matrix[row + k0 + t] = -p[sk * kb + t];
    }

    /// <summary>Rows [i0, i0 + <see cref="MirrorRows"/>): the lower triangle negated, and copied to the upper.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NegateAndMirror(double[] matrix, int n, int i0)
    {
        int i1 = Math.Min(n, i0 + MirrorRows);
        for (int i = i0; i < i1; i++)
        {
            var lower = matrix.AsSpan(i * n, i + 1);
            for (int j = 0; j < lower.Length; j++) lower[j] = -lower[j];
        }
        for (int j = 0; j < i1; j++)
        {
            long column = (long)j * n;
            for (int i = Math.Max(i0, j + 1); i < i1; i++) matrix[column + i] = matrix[(long)i * n + j];
        }
    }

    /// <summary>One panel of V = P·U_Kᵀ: columns [panel × width, + width), stored panel-major.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyPanel(double[] p, double[] u, int kb, int n, int panel, int panelWidth, double[] v)
    {
        int j0 = panel * panelWidth, j1 = Math.Min(n, j0 + panelWidth);
        var target = v.AsSpan(panel * BlockSize * panelWidth, BlockSize * panelWidth);
        for (int j = j0; j < j1; j++)
        {
            var row = u.AsSpan(j * kb, kb);
            for (int t = 0; t < kb; t++) target[t * panelWidth + (j - j0)] = Dot(p.AsSpan(t * kb, kb), row);
        }
    }

    private static double V(double[] v, int column, int t, int panelWidth) =>
        v[(column / panelWidth * BlockSize + t) * panelWidth + column % panelWidth];

    /// <summary>u[i * kb + t] = A[i, k0 + t] for rows i in [from, from + <see cref="PackRows"/>), read from the lower triangle (A is symmetric).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackColumns(double[] a, int n, int k0, int kb, int from, double[] u)
    {
        int to = Math.Min(n, from + PackRows);
        for (int i = from; i < to; i++)
        {
            for (int t = 0; t < kb; t++)
            {
                int k = k0 + t;
                u[i * kb + t] = k <= i ? a[(long)i * n + k] : a[(long)k * n + i];
            }
        }
    }

    /// <summary>Sweeps every index of a small dense symmetric block in place (full storage), leaving −block⁻¹.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SweepSmall(double[] m, int size, int offset)
    {
        for (int k = 0; k < size; k++)
        {
            double pivot = m[k * size + k];
            if (!(pivot > 0))
                throw new ArithmeticException($"The matrix is not positive definite (pivot {pivot} at index {offset + k}).");
            double inverse = 1 / pivot;
            for (int i = 0; i < size; i++)
            {
                if (i == k) continue;
                double aik = m[i * size + k];
                if (aik == 0) continue;
                for (int j = 0; j < size; j++)
                    if (j != k) m[i * size + j] -= aik * m[k * size + j] * inverse;
            }
            for (int j = 0; j < size; j++)
            {
                if (j == k) continue;
                m[k * size + j] *= inverse;
                m[j * size + k] *= inverse;
            }
            m[k * size + k] = -inverse;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        var sum = Vector<double>.Zero;
        for (int i = 0; i < va.Length; i++) sum = Vector.MultiplyAddEstimate(va[i], vb[i], sum);
        double total = Vector.Sum(sum);
        for (int i = va.Length * Vector<double>.Count; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }

    /// <summary>
    /// The hot loop: rows i0..i0+rows of A, columns [from, columns) (from a whole panel), minus U[i, :]·V[:, j]. Per panel of two SIMD
    /// vectors of columns, four rows accumulate in eight registers over the block's kb steps (two contiguous
    /// loads and four broadcasts feed eight fused multiply-adds), then are subtracted from A once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubtractRankUpdate(double[] a, int n, int i0, int rows, int from, int columns, double[] u, int kb, double[] v, int panelWidth)
    {
        int lanes = Vector<double>.Count;
        ref double uRef = ref MemoryMarshal.GetArrayDataReference(u);
        ref double vRef = ref MemoryMarshal.GetArrayDataReference(v);
        ref double aRef = ref MemoryMarshal.GetArrayDataReference(a);
        // Rows past the matrix's end read row i0 again (their results are not stored).
        int r1 = rows > 1 ? 1 : 0, r2 = rows > 2 ? 2 : 0, r3 = rows > 3 ? 3 : 0;
        ref double u0 = ref Unsafe.Add(ref uRef, i0 * kb);
        ref double u1 = ref Unsafe.Add(ref uRef, (i0 + r1) * kb);
        ref double u2 = ref Unsafe.Add(ref uRef, (i0 + r2) * kb);
        ref double u3 = ref Unsafe.Add(ref uRef, (i0 + r3) * kb);
        for (int j0 = from; j0 < columns; j0 += panelWidth)
        {
            ref double panel = ref Unsafe.Add(ref vRef, j0 / panelWidth * BlockSize * panelWidth);
            Vector<double> a00 = default, a01 = default, a10 = default, a11 = default,
                a20 = default, a21 = default, a30 = default, a31 = default;
            for (int t = 0; t < kb; t++)
            {
                var x0 = Vector.LoadUnsafe(ref panel, (nuint)(t * panelWidth));
                var x1 = Vector.LoadUnsafe(ref panel, (nuint)(t * panelWidth + lanes));
                var s = new Vector<double>(Unsafe.Add(ref u0, t));
                a00 = Vector.FusedMultiplyAdd(s, x0, a00);
                a01 = Vector.FusedMultiplyAdd(s, x1, a01);
                s = new Vector<double>(Unsafe.Add(ref u1, t));
                a10 = Vector.FusedMultiplyAdd(s, x0, a10);
                a11 = Vector.FusedMultiplyAdd(s, x1, a11);
                s = new Vector<double>(Unsafe.Add(ref u2, t));
                a20 = Vector.FusedMultiplyAdd(s, x0, a20);
                a21 = Vector.FusedMultiplyAdd(s, x1, a21);
                s = new Vector<double>(Unsafe.Add(ref u3, t));
                a30 = Vector.FusedMultiplyAdd(s, x0, a30);
                a31 = Vector.FusedMultiplyAdd(s, x1, a31);
            }
            int width = Math.Min(panelWidth, n - j0);
            Subtract(ref aRef, (long)i0 * n + j0, width, lanes, a00, a01);
            if (rows > 1) Subtract(ref aRef, (long)(i0 + 1) * n + j0, width, lanes, a10, a11);
            if (rows > 2) Subtract(ref aRef, (long)(i0 + 2) * n + j0, width, lanes, a20, a21);
            if (rows > 3) Subtract(ref aRef, (long)(i0 + 3) * n + j0, width, lanes, a30, a31);
        }
    }

    /// <summary><see cref="SubtractRankUpdate"/> with 512-bit vectors: panels of 16 columns, the same sums in the same order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubtractRankUpdateWide(double[] a, int n, int i0, int rows, int from, int columns, double[] u, int kb, double[] v)
    {
        const int lanes = 8, panelWidth = 2 * lanes;
        ref double uRef = ref MemoryMarshal.GetArrayDataReference(u);
        ref double vRef = ref MemoryMarshal.GetArrayDataReference(v);
        ref double aRef = ref MemoryMarshal.GetArrayDataReference(a);
        int r1 = rows > 1 ? 1 : 0, r2 = rows > 2 ? 2 : 0, r3 = rows > 3 ? 3 : 0;
        ref double u0 = ref Unsafe.Add(ref uRef, i0 * kb);
        ref double u1 = ref Unsafe.Add(ref uRef, (i0 + r1) * kb);
        ref double u2 = ref Unsafe.Add(ref uRef, (i0 + r2) * kb);
        ref double u3 = ref Unsafe.Add(ref uRef, (i0 + r3) * kb);
        for (int j0 = from; j0 < columns; j0 += panelWidth)
        {
            ref double panel = ref Unsafe.Add(ref vRef, j0 / panelWidth * BlockSize * panelWidth);
            Vector512<double> a00 = default, a01 = default, a10 = default, a11 = default,
                a20 = default, a21 = default, a30 = default, a31 = default;
            for (int t = 0; t < kb; t++)
            {
                var x0 = Vector512.LoadUnsafe(ref panel, (nuint)(t * panelWidth));
                var x1 = Vector512.LoadUnsafe(ref panel, (nuint)(t * panelWidth + lanes));
                var s = Vector512.Create(Unsafe.Add(ref u0, t));
                a00 = Vector512.FusedMultiplyAdd(s, x0, a00);
                a01 = Vector512.FusedMultiplyAdd(s, x1, a01);
                s = Vector512.Create(Unsafe.Add(ref u1, t));
                a10 = Vector512.FusedMultiplyAdd(s, x0, a10);
                a11 = Vector512.FusedMultiplyAdd(s, x1, a11);
                s = Vector512.Create(Unsafe.Add(ref u2, t));
                a20 = Vector512.FusedMultiplyAdd(s, x0, a20);
                a21 = Vector512.FusedMultiplyAdd(s, x1, a21);
                s = Vector512.Create(Unsafe.Add(ref u3, t));
                a30 = Vector512.FusedMultiplyAdd(s, x0, a30);
                a31 = Vector512.FusedMultiplyAdd(s, x1, a31);
            }
            int width = Math.Min(panelWidth, n - j0);
            SubtractWide(ref aRef, (long)i0 * n + j0, width, a00, a01);
            if (rows > 1) SubtractWide(ref aRef, (long)(i0 + 1) * n + j0, width, a10, a11);
            if (rows > 2) SubtractWide(ref aRef, (long)(i0 + 2) * n + j0, width, a20, a21);
            if (rows > 3) SubtractWide(ref aRef, (long)(i0 + 3) * n + j0, width, a30, a31);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // called per panel from an optimised loop: never left at tier 0
    private static void SubtractWide(ref double a, long offset, int width, Vector512<double> low, Vector512<double> high)
    {
        ref double target = ref Unsafe.Add(ref a, (nint)offset);
        if (width == 16)
        {
            (Vector512.LoadUnsafe(ref target) - low).StoreUnsafe(ref target);
            (Vector512.LoadUnsafe(ref target, 8) - high).StoreUnsafe(ref target, 8);
            return;
        }
        for (int c = 0; c < width; c++) Unsafe.Add(ref target, c) -= c < 8 ? low[c] : high[c - 8];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Subtract(ref double a, long offset, int width, int lanes, Vector<double> low, Vector<double> high)
    {
        ref double target = ref Unsafe.Add(ref a, (nint)offset);
        if (width == 2 * lanes)
        {
            (Vector.LoadUnsafe(ref target) - low).StoreUnsafe(ref target);
            (Vector.LoadUnsafe(ref target, (nuint)lanes) - high).StoreUnsafe(ref target, (nuint)lanes);
            return;
        }
        for (int c = 0; c < width; c++) Unsafe.Add(ref target, c) -= c < lanes ? low[c] : high[c - lanes];
    }
}
