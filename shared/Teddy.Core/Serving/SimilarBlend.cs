using Teddy.Recommenders;

namespace Teddy.Serving;

/// <summary>Blends lists of similar products: scores min-max normalised per list, then a weighted sum.</summary>
public sealed class SimilarBlend
{
    private readonly Dictionary<int, (double Score, RecommendationSources Sources)> _scores = new();

    public SimilarBlend Add(ScoredProduct[]? list, double weight)
    {
        if (list is null || list.Length == 0) return this;
        float max = list.Max(s => s.Score), min = list.Min(s => s.Score);
        foreach (var s in list)
        {
            double normalised = max > min ? (s.Score - min) / (max - min) : 1.0;
            var current = _scores.GetValueOrDefault(s.Product);
            _scores[s.Product] = (current.Score + weight * normalised, current.Sources | s.Sources);
        }
        return this;
    }

    public ScoredProduct[] Result(int count) => _scores
        .Select(pair => new ScoredProduct(pair.Key, (float)pair.Value.Score, pair.Value.Sources))
        .OrderByDescending(s => s.Score).ThenBy(s => s.Product)
        .Take(count)
        .ToArray();
}
