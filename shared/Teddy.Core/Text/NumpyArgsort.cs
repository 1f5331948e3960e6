using System.Numerics;

namespace Teddy.Text;

/// <summary>
/// <c>numpy.argsort(values)</c> for int64 with the default <c>kind='quicksort'</c>, as numpy 1.24 computes it
/// (npysort <c>aquicksort_</c> / <c>aheapsort_</c>, the scalar introsort; numpy &gt;= 1.25 may dispatch to SIMD
/// sorts instead). It is not stable, and sklearn's <c>max_features</c> cut-off keeps whichever tied terms
/// this exact algorithm leaves in front, so the control flow below mirrors numpy's step for step:
/// median-of-three pivot, Hoare-style partition with the pivot parked at <c>pr - 1</c>, the larger
/// partition pushed on an explicit stack, insertion sort once a partition has at most 16 elements, and
/// heapsort for a partition reached after more than 2 * floor(log2 n) partitioning levels.
/// </summary>
internal static class NumpyArgsort
{
    // numpy's SMALL_QUICKSORT: partition while (pr - pl) > 15, i.e. while more than 16 elements remain.
    private const int SmallQuicksort = 15;

    // numpy's PYA_QS_STACK (2 * bits of npy_intp); the larger-partition-first rule keeps the stack within log2 n pairs.
    private const int StackSize = 128;

    /// <summary>The permutation that sorts <paramref name="values"/> ascending, numpy 1.24's way.</summary>
    public static int[] Argsort(ReadOnlySpan<long> values)
    {
        var order = new int[values.Length];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        if (order.Length > 1)
            Introsort(values, order);
        return order;
    }

    private static void Introsort(ReadOnlySpan<long> v, Span<int> a)
    {
        Span<int> stack = stackalloc int[StackSize];
        Span<int> depthStack = stackalloc int[StackSize];
        int stackTop = 0, depthTop = 0;
        int pl = 0, pr = a.Length - 1;
        int depth = BitOperations.Log2((uint)a.Length) * 2;

        while (true)
        {
            if (depth < 0)
            {
                Heapsort(v, a.Slice(pl, pr - pl + 1));
            }
            else
            {
                while (pr - pl > SmallQuicksort)
                {
                    int pm = pl + ((pr - pl) >> 1);
                    if (v[a[pm]] < v[a[pl]]) Swap(a, pm, pl);
                    if (v[a[pr]] < v[a[pm]]) Swap(a, pr, pm);
                    if (v[a[pm]] < v[a[pl]]) Swap(a, pm, pl);
                    long pivot = v[a[pm]];
                    int pi = pl;
                    int pj = pr - 1;
                    Swap(a, pm, pj);
                    while (true)
                    {
                        do { ++pi; } while (v[a[pi]] < pivot);
                        do { --pj; } while (pivot < v[a[pj]]);
                        if (pi >= pj)
                            break;
                        Swap(a, pi, pj);
                    }
                    Swap(a, pi, pr - 1);

                    // Keep the smaller side, push the larger one.
                    if (pi - pl < pr - pi)
                    {
                        stack[stackTop++] = pi + 1;
                        stack[stackTop++] = pr;
                        pr = pi - 1;
                    }
                    else
                    {
                        stack[stackTop++] = pl;
                        stack[stackTop++] = pi - 1;
                        pl = pi + 1;
                    }
                    depthStack[depthTop++] = --depth;
                }

                InsertionSort(v, a, pl, pr);
            }

            if (stackTop == 0)
                break;
            pr = stack[--stackTop];
            pl = stack[--stackTop];
            depth = depthStack[--depthTop];
        }
    }

    private static void InsertionSort(ReadOnlySpan<long> v, Span<int> a, int pl, int pr)
    {
        for (int pi = pl + 1; pi <= pr; ++pi)
        {
            int index = a[pi];
            long value = v[index];
            int pj = pi;
            while (pj > pl && value < v[a[pj - 1]])
            {
                a[pj] = a[pj - 1];
                pj--;
            }
            a[pj] = index;
        }
    }

    /// <summary>numpy's <c>aheapsort_</c>: a max-heap over 1-based positions, sifting with strict less-than.</summary>
    private static void Heapsort(ReadOnlySpan<long> v, Span<int> slice)
    {
        int n = slice.Length;
        // heap[k] for k in 1..n is slice[k - 1], as numpy offsets its pointer by one.
        for (int l = n >> 1; l > 0; --l)
            SiftDown(v, slice, l, n, slice[l - 1]);

        while (n > 1)
        {
            int last = slice[n - 1];
            slice[n - 1] = slice[0];
            n--;
            SiftDown(v, slice, 1, n, last);
        }
    }

    private static void SiftDown(ReadOnlySpan<long> v, Span<int> slice, int i, int n, int item)
    {
        int j = i << 1;
        while (j <= n)
        {
            if (j < n && v[slice[j - 1]] < v[slice[j]])
                j++;
            if (!(v[item] < v[slice[j - 1]]))
                break;
            slice[i - 1] = slice[j - 1];
            i = j;
            j += j;
        }
        slice[i - 1] = item;
    }

    private static void Swap(Span<int> a, int i, int j) => (a[i], a[j]) = (a[j], a[i]);
}
