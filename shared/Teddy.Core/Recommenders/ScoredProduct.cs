namespace Teddy.Recommenders;

/// <summary>Which models contributed to a recommended product (a hybrid's items may have several).</summary>
[Flags]
public enum RecommendationSources : byte
{
    None = 0,
    Content = 1,
    Collaborative = 2,
    ItemKnn = 4,
    Popular = 8,
    Ease = 16,
}

/// <summary>A product index with a model's score for it (higher is better) and the models behind it.</summary>
public readonly record struct ScoredProduct(int Product, float Score, RecommendationSources Sources = RecommendationSources.None);
