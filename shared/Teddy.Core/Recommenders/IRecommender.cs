using Teddy.Artifacts;

namespace Teddy.Recommenders;

/// <summary>
/// A fitted recommender (in the spirit of implicit's and SAR's small model objects): fitting is each
/// model's static <c>Fit</c>; this is what a fitted model answers. Scores are the model's own scale; the
/// ranking pipeline normalises them and applies the shop rules.
/// </summary>
public interface IRecommender
{
    /// <summary>The method key (see <see cref="RecommenderMethods"/>).</summary>
    string Method { get; }

    /// <summary>Whether the model can say anything personal about this user (else callers fall back to popularity).</summary>
    bool Knows(in UserHistory user);

    /// <summary>The model's top <paramref name="count"/> products for the user among those the filter allows.</summary>
    ScoredProduct[] Recommend(in UserHistory user, int count, ProductFilter filter);

    /// <summary>
    /// The model's top lists at several lengths for one user: element i is what
    /// <see cref="Recommend(in UserHistory, int, ProductFilter)"/> returns for <paramref name="counts"/>[i]. A model that
    /// scores the catalog once and then selects (content, collaborative, item-kNN, EASE) scores once for all of them;
    /// evaluation asks for a hybrid part's list and the model's own, whose selections differ under a category cap. The
    /// default calls Recommend once per length.
    /// </summary>
    ScoredProduct[][] Recommend(in UserHistory user, ReadOnlySpan<int> counts, ProductFilter filter)
    {
        var lists = new ScoredProduct[counts.Length][];
        for (int i = 0; i < counts.Length; i++) lists[i] = Recommend(user, counts[i], filter);
        return lists;
    }

    /// <summary>Products most like <paramref name="product"/> by this model, excluding the product itself.</summary>
    ScoredProduct[] Similar(int product, int count, ProductFilter filter);

    /// <summary>
    /// Why this model has no products like <paramref name="product"/> whatever the filters — it knows nothing of the product
    /// — in words a shop understands (a clause, e.g. "EASE models only …"); null when it has some (the filters may still
    /// leave none) or cannot tell. Lists say so when another method fills in (<see cref="Serving.ServingModel.Similar"/>).
    /// </summary>
    string? WhyNoNeighbours(int product) => null;

    /// <summary>Writes the fitted state into a model artifact section.</summary>
    void Write(ArtifactWriter writer);
}
