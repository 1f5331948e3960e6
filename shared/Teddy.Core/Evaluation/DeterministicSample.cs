namespace Teddy.Evaluation;

/// <summary>A seeded sample of indices: the same seed and population always give the same sample, sorted.</summary>
public static class DeterministicSample
{
    public static int[] Take(IReadOnlyList<int> population, int count, ulong seed)
    {
        if (count >= population.Count) return population.Order().ToArray();
        var shuffled = population.ToArray();
        ulong state = seed;
        for (int i = shuffled.Length - 1; i > 0; i--)
        {
            int j = (int)(Next(ref state) % (ulong)(i + 1));
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }
        return shuffled[..count].Order().ToArray();
    }

    private static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
