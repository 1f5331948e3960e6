using Teddy.LinearAlgebra;

namespace Teddy.Evaluation;

/// <summary>A seeded sample of indices: the same seed and population always give the same sample, sorted.</summary>
public static class DeterministicSample
{
    public static int[] Take(IReadOnlyList<int> population, int count, ulong seed)
    {
        if (count >= population.Count) return population.Order().ToArray();
        var shuffled = population.ToArray();
        var random = new SplitMix64(seed);
        for (int i = shuffled.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }
        return shuffled[..count].Order().ToArray();
    }
}
