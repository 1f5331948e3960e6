using Teddy.LinearAlgebra;

namespace Teddy.Evaluation;

/// <summary>A seeded sample of indices: the same seed and population always give the same sample, sorted.</summary>
public static class DeterministicSample
{
    public static int[] Take(IReadOnlyList<int> population, int count, ulong seed)
    {
        if (count >= population.Count) return population.Order().ToArray();
        var shuffled = population.ToArray();
        new SplitMix64(seed).Shuffle(shuffled.AsSpan());
        return shuffled[..count].Order().ToArray();
    }
}
