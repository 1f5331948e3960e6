using Teddy.Artifacts;
using Teddy.LinearAlgebra;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;
using Teddy.Training;

namespace Teddy.Core.Tests.Recommenders;

public class EaseRecommenderTests
{
    // Six products. p0 and p1 always together; p2 with p3; p4 seen by one user; p5 by nobody.
    private static readonly CsrMatrix Interactions = CsrMatrix.FromTriplets(5, 6,
    [
        (0, 0, 1), (0, 1, 3),
        (1, 0, 5), (1, 1, 1), (1, 2, 1),
        (2, 2, 3), (2, 3, 1),
        (3, 2, 1), (3, 3, 1), (3, 0, 1),
        (4, 4, 1),
    ]);

    private static UserHistory User(params int[] products) => new("u", 0, products, products.Select(_ => 1.0).ToArray());

    [Fact]
    public void Models_the_most_interacted_products_only_ties_to_the_lower_index()
    {
        // Users per product: p0 3, p1 2, p2 3, p3 2, p4 1, p5 0.
        Assert.Equal([0, 2], EaseRecommender.Fit(Interactions, new EaseOptions { MaxItems = 2 }).Items.ToArray());
        Assert.Equal([0, 1, 2], EaseRecommender.Fit(Interactions, new EaseOptions { MaxItems = 3 }).Items.ToArray());
        // Never a product nobody interacted with, however many are allowed.
        Assert.Equal([0, 1, 2, 3, 4], EaseRecommender.Fit(Interactions, new EaseOptions { MaxItems = 100 }).Items.ToArray());
    }

    [Fact]
    public void Products_outside_the_modelled_set_get_no_score_and_a_history_of_only_them_is_unknown()
    {
        var model = EaseRecommender.Fit(Interactions, new EaseOptions { MaxItems = 2 }); // p0, p2
        var scored = model.Recommend(User(0), 10, ProductFilter.None);
        Assert.Equal([0, 2], scored.Select(s => s.Product).Order());
        Assert.All(scored, s => Assert.Equal(RecommendationSources.Ease, s.Sources));
        Assert.False(model.Knows(User(1, 4)));
        Assert.Empty(model.Recommend(User(1, 4), 10, ProductFilter.None));
        Assert.True(model.Knows(User(1, 2)));
        Assert.Empty(model.Similar(5, 10, ProductFilter.None));
    }

    [Fact]
    public void Co_occurring_products_score_highest_and_similar_never_lists_the_product_itself()
    {
        var model = EaseRecommender.Fit(Interactions, new EaseOptions { RelativeLambda = 0.5 });
        Assert.Equal(0f, model.Weight(1, 1));
        Assert.Equal(1, model.Recommend(User(0), 1, new ProductFilter(null, new[] { 0 }))[0].Product);
        Assert.Equal(2, model.Recommend(User(3), 1, new ProductFilter(null, new[] { 3 }))[0].Product);
        var similar = model.Similar(1, 10, ProductFilter.None);
        Assert.DoesNotContain(similar, s => s.Product == 1);
        Assert.Equal(0, similar[0].Product);
        // The filter applies: with p0 not allowed, p1's best is another product.
        var allowed = new[] { false, true, true, true, true, true };
        Assert.DoesNotContain(model.Similar(1, 10, new ProductFilter(allowed)), s => s.Product == 0);
    }

    [Fact]
    public void Similar_items_are_the_largest_entries_of_Bs_row_the_list_a_shopper_of_that_product_alone_gets()
    {
        // Pairs that always go together (p0–p1, p2–p3, p4–p5) and one shopper who links p4 with p0: each product's best
        // neighbour is its pair; p6 (one shopper) is outside the six modelled products; p7 nobody viewed.
        var model = Serving.FallbackReasonTests.Shop().Ease!;
        Assert.Equal([0, 1, 2, 3, 4, 5], model.Items.ToArray());
        foreach (var (product, pair) in new[] { (0, 1), (1, 0), (2, 3), (3, 2), (4, 5), (5, 4) })
        {
            var similar = model.Similar(product, 5, ProductFilter.None);
            Assert.Equal(pair, similar[0].Product);
            // Row semantics: ordered by B[product, ·] over the other modelled products, with those values as scores…
            var byRow = model.Items.ToArray().Where(i => i != product)
                .OrderByDescending(i => model.Weight(product, i)).ThenBy(i => i).ToArray();
            Assert.Equal(byRow, similar.Select(s => s.Product));
            Assert.All(similar, s => Assert.Equal(model.Weight(product, s.Product), s.Score));
            // …which is exactly what EASE recommends to a shopper whose history is this product alone.
            Assert.Equal(byRow, model.Recommend(User(product), 5, new ProductFilter(null, new[] { product })).Select(s => s.Product));
        }
        // p4's second neighbour is p0 (shopper 16 viewed both), not p1, p2 or p3.
        Assert.Equal(0, model.Similar(4, 5, ProductFilter.None)[1].Product);
        // B is not symmetric (B[i, j] = −P[i, j] / P[j, j]), so the row is a choice: p0 (7 shoppers) and p4 (5) differ.
        Assert.NotEqual(model.Weight(0, 4), model.Weight(4, 0));
        Assert.Empty(model.Similar(6, 5, ProductFilter.None));
        Assert.Contains("EASE models only the 6 most-interacted products", model.WhyNoNeighbours(6));
        Assert.Null(model.WhyNoNeighbours(0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Lambda_must_be_positive_and_finite(double lambda)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EaseRecommender.Fit(Interactions, new EaseOptions { RelativeLambda = lambda }));
        Assert.Throws<ArgumentOutOfRangeException>(() => EaseRecommender.Fit(Interactions, lambda, maxItems: 10));
        var skipped = ModelRequirements.Ease(new InteractionShape(11, 5, 5), new EaseOptions { RelativeLambda = lambda });
        Assert.Equal((RecommenderMethods.Ease, SkipCodes.InvalidSetting), (skipped!.Method, skipped.Code));
        Assert.Contains("Teddy__Training__Ease__RelativeLambda", skipped.Reason);
    }

    [Fact]
    public void The_relative_lambda_is_a_multiple_of_the_mean_diagonal_of_the_gram_matrix()
    {
        // Modelled p0..p4; diag(XᵀX) = Σ_u x² per product: p0 1+25+1, p1 9+1, p2 1+9+1, p3 1+1, p4 1 → mean 51/5.
        var relative = EaseRecommender.Fit(Interactions, new EaseOptions { RelativeLambda = 2 });
        Assert.Equal(2 * 51 / 5.0, relative.Lambda, 12);
        var absolute = EaseRecommender.Fit(Interactions, 2 * 51 / 5.0, maxItems: 3000);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++) Assert.Equal(absolute.Weight(i, j), relative.Weight(i, j));
    }

    [Fact]
    public void No_interactions_or_no_room_skips_it_with_the_reason()
    {
        Assert.Equal(SkipCodes.NoInteractions, ModelRequirements.Ease(new InteractionShape(0, 0, 0), new EaseOptions())!.Code);
        var noRoom = ModelRequirements.Ease(new InteractionShape(11, 5, 5), new EaseOptions { MaxItems = 0 })!;
        Assert.Equal(SkipCodes.InvalidSetting, noRoom.Code);
        Assert.Contains("MaxItems", noRoom.Reason);
        Assert.Equal(SkipCodes.InvalidSetting, ModelRequirements.Ease(new InteractionShape(11, 5, 5), new EaseOptions { MaxItems = 20_001 })!.Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => EaseRecommender.Fit(Interactions, new EaseOptions { MaxItems = 20_001 }));
        Assert.Null(ModelRequirements.Ease(new InteractionShape(11, 5, 5), new EaseOptions()));
    }

    [Fact]
    public void A_model_file_written_before_ease_still_loads_without_it()
    {
        var model = Artifacts.TrainedModelArtifactTests.SmallModel();
        using var writer = new ArtifactWriter();
        // The manifest and sections exactly as a pre-EASE version wrote them (no EASE flag, no EASE section).
        writer.BeginSection("manifest");
        writer.Write(RecommenderMethods.ItemKnn);
        writer.Write(false);
        writer.Write(false);
        writer.Write(true);
        writer.Write(false);
        writer.EndSection();
        model.Catalog.Write(writer);
        model.Users.Write(writer);
        model.Popularity.Write(writer);
        model.ItemKnn!.Write(writer);
        var (bytes, _) = writer.Complete();

        var loaded = TrainedModel.Deserialize(bytes);
        Assert.Null(loaded.Ease);
        Assert.NotNull(loaded.ItemKnn);
        Assert.False(loaded.Recommenders().ContainsKey(RecommenderMethods.Ease));
    }

    [Fact]
    public void An_inconsistent_ease_section_is_an_invalid_artifact()
    {
        using var writer = new ArtifactWriter();
        writer.BeginSection(RecommenderMethods.Ease);
        writer.Write(1.0);
        writer.Write(3);
        writer.Write(new[] { 0, 2 });
        writer.Write(new float[3]); // not 2 × 2
        writer.EndSection();
        var (bytes, _) = writer.Complete();
        Assert.Throws<InvalidArtifactException>(() => EaseRecommender.Read(new ArtifactReader(bytes)));
    }

    [Fact]
    public void Serves_through_the_ranking_pipeline_with_ease_as_the_recommendation_type()
    {
        var trained = Artifacts.TrainedModelArtifactTests.SmallModel();
        var serving = new ServingModel(new ModelMetadata
        {
            Version = "20261126_000000", Created = DateTimeOffset.UnixEpoch, ModelType = "EASE", Method = "ease", Sha256 = "", SizeBytes = 0,
            Data = new DataCounts(5, 3, 1, 3, 6, 6),
        }, trained, RankingOptions.RulesOff());
        var list = serving.Recommend(new RecommendationRequest("u0", 3, RecommenderMethods.Ease, CatalogFilter.None));
        Assert.Equal("ease", list.Method);
        Assert.Equal("EASE", list.ModelType);
        Assert.Contains(list.Items, i => i.RecommendationType == "ease" && i.Sources.SequenceEqual(["ease"]));
    }
}
