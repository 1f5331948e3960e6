namespace Teddy.Recommenders;

/// <summary>The method keys the API accepts and reports (<c>method=</c>, <c>recommendation_type</c>).</summary>
public static class RecommenderMethods
{
    public const string Content = "content";
    public const string Collaborative = "collaborative";
    public const string Hybrid = "hybrid";
    public const string Popular = "popular";
    public const string ItemKnn = "itemknn";
    public const string Ease = "ease";
    /// <summary>Factors trained outside (Spark MLlib ALS) and imported by a retrain; a candidate only when named in Candidates.</summary>
    public const string Als = "als";

    /// <summary>The <c>recommendation_type</c> of a similar-items list's own blend (content with co-occurrence).</summary>
    public const string Similar = "similar";

    public static readonly IReadOnlyList<string> All = [Hybrid, Content, Collaborative, ItemKnn, Ease, Popular];

    /// <summary>Every method a model may hold: the trained ones and the imported (<see cref="Als"/>).</summary>
    public static readonly IReadOnlyList<string> Known = [.. All, Als];

    /// <summary>Every <c>recommendation_type</c> a list can carry, so every value a click may report.</summary>
    public static readonly IReadOnlyList<string> RecommendationTypes = [.. Known, Similar];

    /// <summary>The name shown as <c>model_type</c>, as the original system named its models.</summary>
    public static string DisplayName(string method) => method switch
    {
        Content => "Content-Based",
        Collaborative => "Collaborative (SVD)",
        Hybrid => "Hybrid",
        Popular => "Popularity",
        ItemKnn => "Item-kNN (BM25)",
        Ease => "EASE",
        Als => "ALS (Spark, imported)",
        _ => method,
    };
}
