namespace Teddy.SampleData;

/// <summary>
/// Walker's alias method (Vose's construction): O(1) draws from a fixed discrete distribution.
/// Popularity-weighted product choice happens millions of times at benchmark scale, so a linear
/// scan or a binary search over cumulative weights per draw would dominate generation time.
/// </summary>
internal sealed class AliasTable
{
    private readonly double[] _probability;
    private readonly int[] _alias;

    public AliasTable(ReadOnlySpan<double> weights)
    {
        int n = weights.Length;
        if (n == 0) throw new ArgumentException("At least one weight is needed.", nameof(weights));
        double total = 0;
        foreach (double w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentOutOfRangeException(nameof(weights), "Weights must be finite and non-negative.");
            total += w;
        }
        if (total <= 0) throw new ArgumentException("Weights must not all be zero.", nameof(weights));

        _probability = new double[n];
        _alias = new int[n];
        var scaled = new double[n];
        var small = new int[n];
        var large = new int[n];
        int smallCount = 0, largeCount = 0;
        for (int i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / total;
            if (scaled[i] < 1) small[smallCount++] = i;
            else large[largeCount++] = i;
        }
        while (smallCount > 0 && largeCount > 0)
        {
            int less = small[--smallCount];
            int more = large[--largeCount];
            _probability[less] = scaled[less];
            _alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1;
            if (scaled[more] < 1) small[smallCount++] = more;
            else large[largeCount++] = more;
        }
        // Whatever is left is 1 up to rounding error.
        while (largeCount > 0) { int i = large[--largeCount]; _probability[i] = 1; _alias[i] = i; }
        while (smallCount > 0) { int i = small[--smallCount]; _probability[i] = 1; _alias[i] = i; }
    }

    public int Count => _probability.Length;

    public int Sample(SampleRandom random)
    {
        int column = random.Next(_probability.Length);
        return random.NextDouble() < _probability[column] ? column : _alias[column];
    }
}
