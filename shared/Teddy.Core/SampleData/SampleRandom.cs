namespace Teddy.SampleData;

/// <summary>The independent random streams of one generated shop. Each part draws from its own stream,
/// so changing the event count does not reshuffle the catalog, and visitor 17 behaves the same
/// whether 500 or 8,000 visitors are generated.</summary>
internal enum RandomStream : ulong
{
    Catalog = 1,
    Activity = 2,
    Visitor = 3,
}

/// <summary>
/// xoshiro256** seeded through SplitMix64. System.Random's algorithm and seeding are not promised to
/// stay the same across runtimes, and HashCode is randomised per process; the sample shop must be
/// byte-identical everywhere, so it uses this small generator and only IEEE-exact arithmetic
/// (+, -, *, /, sqrt) on its draws, never Math.Log/Exp/Pow whose last bits vary by platform.
/// </summary>
internal sealed class SampleRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SampleRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The generator for item <paramref name="index"/> of one stream of a seeded shop.</summary>
    public static SampleRandom For(long seed, RandomStream stream, long index) =>
        new(Finalise(Finalise(unchecked((ulong)seed) ^ ((ulong)stream * 0xD1B54A32D192ED03UL))
                     ^ unchecked((ulong)index * 0x9E3779B97F4A7C15UL)));

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, count); multiply-shift on the high 32 bits (bias below 2^-32 is irrelevant here).</summary>
    public int Next(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (int)(((NextUInt64() >> 32) * (ulong)count) >> 32);
    }

    /// <summary>Uniform in [min, max], both inclusive.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public double Between(double min, double max) => min + (max - min) * NextDouble();

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong SplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Finalise(state);
    }

    private static ulong Finalise(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}

internal static class SampleRandomExtensions
{
    /// <summary>Index drawn with probability proportional to its weight (linear scan: for short lists;
    /// long lists use <see cref="AliasTable"/>). Returns -1 when every weight is zero.</summary>
    public static int PickWeighted(this SampleRandom random, ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (double w in weights) total += w;
        if (!(total > 0)) return -1;
        double target = random.NextDouble() * total;
        int last = -1;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0) continue;
            last = i;
            target -= weights[i];
            if (target < 0) return i;
        }
        return last; // rounding left a sliver at the end
    }
}
