using Teddy.LinearAlgebra;
using Teddy.Recommenders;

namespace Teddy.Training;

/// <summary>How much interaction data a fit has: weighted (user, product) pairs, and the users and products that have any.</summary>
public readonly record struct InteractionShape(int Interactions, int Users, int Products)
{
    /// <summary>Counts a user × product matrix's non-empty rows and columns (O(non-zeros + columns)).</summary>
    public static InteractionShape Of(CsrMatrix userItems)
    {
        int users = 0;
        for (int row = 0; row < userItems.Rows; row++)
            if (userItems.RowLength(row) > 0) users++;
        var seen = new bool[userItems.Columns];
        int products = 0;
        foreach (int column in userItems.ColumnIndices.AsSpan(0, userItems.NonZeros))
            if (!seen[column]) { seen[column] = true; products++; }
        return new InteractionShape(userItems.NonZeros, users, products);
    }

    /// <summary>The same counts straight from an interaction set (no matrix built).</summary>
    public static InteractionShape Of(Interactions.InteractionSet interactions)
    {
        int users = 0;
        for (int user = 0; user < interactions.UserCount; user++)
            if (interactions.ForUser(user).Length > 0) users++;
        var seen = new bool[interactions.ProductCount];
        int products = 0;
        foreach (var interaction in interactions.Interactions)
            if (!seen[interaction.Product]) { seen[interaction.Product] = true; products++; }
        return new InteractionShape(interactions.Count, users, products);
    }
}

/// <summary>
/// What each model needs from the data, checked before fitting so a model that cannot be fitted is skipped
/// with its reason instead of failing the retrain. Popularity needs only products (checked by the trainer);
/// content needs a text vocabulary (known once TF-IDF has run: <see cref="NoVocabulary"/>).
/// </summary>
public static class ModelRequirements
{
    /// <summary>
    /// Truncated SVD needs interactions and a rank below both the users and the products that have them: at a
    /// rank that high the factors reproduce the interactions exactly and score every unseen product 0.
    /// </summary>
    public static SkippedModel? Collaborative(InteractionShape data, int rank)
    {
        const string method = RecommenderMethods.Collaborative;
        if (rank < 1)
            return new(method, SkipCodes.InvalidSetting, $"Teddy__Training__SvdRank is {rank}; the SVD needs a rank of at least 1.");
        if (data.Interactions == 0)
            return new(method, SkipCodes.NoInteractions, "There are no weighted interactions to factorise (no accepted event with a positive weight names a catalog product).");
        if (rank >= data.Users || rank >= data.Products)
            return new(method, SkipCodes.TooLittleDataForRank,
                $"The SVD rank ({rank}, Teddy__Training__SvdRank) must be below the number of users ({data.Users}) and of products ({data.Products}) with interactions.");
        return null;
    }

    /// <summary>Item-kNN builds product neighbourhoods from co-occurrence in user histories: it needs interactions.</summary>
    public static SkippedModel? ItemKnn(InteractionShape data) =>
        data.Interactions == 0
            ? new(RecommenderMethods.ItemKnn, SkipCodes.NoInteractions,
                "There are no weighted interactions to find co-occurring products in (no accepted event with a positive weight names a catalog product).")
            : null;

    /// <summary>
    /// EASE learns product-to-product weights from co-occurrence: it needs interactions, a positive finite λ and room
    /// for at least one product.
    /// </summary>
    public static SkippedModel? Ease(InteractionShape data, EaseOptions options)
    {
        const string method = RecommenderMethods.Ease;
        if (!(options.RelativeLambda > 0) || double.IsInfinity(options.RelativeLambda))
            return new(method, SkipCodes.InvalidSetting,
                $"Teddy__Training__Ease__RelativeLambda is {options.RelativeLambda}; EASE needs a positive finite λ (XᵀX + λI must be invertible).");
        if (options.MaxItems is < 1 or > EaseOptions.LargestMaxItems)
            return new(method, SkipCodes.InvalidSetting,
                $"Teddy__Training__Ease__MaxItems is {options.MaxItems}; EASE models between 1 and {EaseOptions.LargestMaxItems:N0} products (its fit needs 8n² bytes and n³ flops).");
        return data.Interactions == 0
            ? new(method, SkipCodes.NoInteractions,
                "There are no weighted interactions to learn product-to-product weights from (no accepted event with a positive weight names a catalog product).")
            : null;
    }

    /// <summary>Whether interactions of this shape support the method (content and the hybrid depend on more than the shape: null).</summary>
    public static SkippedModel? ByShape(string method, InteractionShape data, TrainingOptions options) => method switch
    {
        RecommenderMethods.Collaborative => Collaborative(data, options.SvdRank),
        RecommenderMethods.ItemKnn => ItemKnn(data),
        RecommenderMethods.Ease => Ease(data, options.Ease),
        _ => null,
    };

    /// <summary>Content: TF-IDF found no term in any product's text.</summary>
    public static SkippedModel NoVocabulary(int products) =>
        new(RecommenderMethods.Content, SkipCodes.NoTextVocabulary,
            $"None of the {products} products' text (title, description, categories, brands, ages, colours) has a term TF-IDF counts: a token of two or more letters or digits that is not an English stop word.");

    /// <summary>The hybrid cannot be built when both of its parts were skipped.</summary>
    public static SkippedModel NoHybridPart() =>
        new(RecommenderMethods.Hybrid, SkipCodes.NoHybridPart, "None of its parts (content and its collaborative part) can be fitted on this data; their reasons are listed.");
}
