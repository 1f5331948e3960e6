namespace Teddy.LinearAlgebra;

/// <summary>
/// Steele–Lea–Flood SplitMix64: a tiny, fully specified 64-bit generator. Used wherever a seed must give
/// bit-identical output on every runtime (Lanczos start vectors, seeded samples, per-user orders and
/// jitter); System.Random's algorithm is an implementation detail that has changed between .NET versions.
/// </summary>
internal struct SplitMix64
{
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong NextUInt64() => Mix(_state += Golden);

    /// <summary>Uniform in [0, exclusiveMax) (modulo bias is below 2⁻³² for the sizes used here).</summary>
    public int NextInt(int exclusiveMax) => (int)(NextUInt64() % (ulong)exclusiveMax);

    /// <summary>A Fisher–Yates shuffle driven by this generator: the same seed gives the same order everywhere.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>SplitMix64's output function: a strong 64-bit mix, also usable as a stateless hash.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [-1, 1) from the top 53 bits. Uniform rather than Gaussian because the Krylov
    /// start only needs a component along every singular vector, and this avoids libm functions whose
    /// last bit may differ across platforms.</summary>
    public double NextSymmetricUnit() => (NextUInt64() >> 11) * (2.0 / (1UL << 53)) - 1.0;

    public void Fill(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = NextSymmetricUnit();
    }
}
