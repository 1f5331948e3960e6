using Teddy.Artifacts;
using Teddy.Core.Tests.Training;
using Teddy.Interactions;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Retail;
using Teddy.Serving;

namespace Teddy.Core.Tests.Serving;

/// <summary>
/// Real-time personalisation: a shopper's events since the last retrain fold into their lists on the next request,
/// with no retrain. The shop: products in six categories, each trained shopper favouring one.
/// </summary>
public class RealTimeTests
{
    private static readonly Lazy<TrainedModel> Trained = new(() =>
        TrainingShop.Trained(TrainingShop.Catalog(180), TrainingShop.Events(120, 180, 12)).Model);

    private static ServingModel Serve(RankingOptions? ranking = null) => new(new ModelMetadata
    {
        Version = "20260101_030000", Created = DateTimeOffset.UnixEpoch, ModelType = "Hybrid", Method = RecommenderMethods.Hybrid,
        Sha256 = "", SizeBytes = 0, Data = new DataCounts(0, 0, 0, 0, 0, 0),
    }, Trained.Value, ranking ?? new RankingOptions { JitterAmplitude = 0, CapCandidateBrands = false, MaxCategoryShare = 1 });
    // The fold-in is what is tested here: this shop's few brands per category would let the candidate brand cap
    // (issue 8, tested in BrandDiversityTests) and the category cap (CategoryDiversityTests) decide how much of a list one
    // category can fill.

    private static readonly EventWeights Weights = new();

    private static RecentEvent View(string product, int second = 0, string type = RetailEventTypes.DetailPageView) =>
        new(type, [product], Weights.WeightOf(type), DateTimeOffset.UnixEpoch.AddSeconds(second));

    /// <summary>Products p{category + 6k} are in category Cat{category}.</summary>
    private static string[] OfCategory(int category, int count) => Enumerable.Range(0, count).Select(k => $"p{category + 6 * (k + 1)}").ToArray();

    private static double ShareIn(ServingModel model, RecommendationList list, int category) =>
        list.Items.Count(i => model.Model.Catalog.CategoryPath(i.Index) == $"Cat{category}") / (double)list.Items.Count;

    [Theory]
    [InlineData(RecommenderMethods.Hybrid)]
    [InlineData(RecommenderMethods.Content)]
    [InlineData(RecommenderMethods.Collaborative)]
    [InlineData(RecommenderMethods.ItemKnn)]
    public void A_new_visitor_who_viewed_three_products_gets_a_list_driven_by_them(string method)
    {
        var model = Serve();
        var viewed = OfCategory(2, 3);
        var cold = model.Recommend(new RecommendationRequest("newcomer", 10, method, CatalogFilter.None));
        var warm = model.Recommend(new RecommendationRequest("newcomer", 10, method, CatalogFilter.None) { Recent = viewed.Select(p => View(p)).ToArray() });

        Assert.Equal(RecommenderMethods.Popular, cold.Method);
        Assert.Equal(0, cold.RecentEvents);
        Assert.False(warm.UserKnown); // the model was not trained on this shopper
        Assert.Equal(3, warm.RecentEvents);
        Assert.Equal(method, warm.Method); // not the cold-start list
        Assert.All(warm.Items, i => Assert.DoesNotContain(i.ProductId, viewed));
        Assert.True(ShareIn(model, warm, 2) >= 0.5, $"{method}: {ShareIn(model, warm, 2):P0} of the list is in the viewed category");
        Assert.True(ShareIn(model, warm, 2) > ShareIn(model, cold, 2));
    }

    [Fact]
    public void A_known_shoppers_new_interest_shows_up_and_what_they_just_bought_is_never_offered()
    {
        // u0 favours Cat0; now they look at Cat3 products and buy one.
        var model = Serve(new RankingOptions { JitterAmplitude = 0, ExcludeInteracted = false });
        var recent = OfCategory(3, 6).Select((p, i) => View(p, i)).Append(View("p9", 10, RetailEventTypes.PurchaseComplete)).ToArray();
        var before = model.Recommend(new RecommendationRequest("u0", 20, RecommenderMethods.ItemKnn, CatalogFilter.None));
        var after = model.Recommend(new RecommendationRequest("u0", 20, RecommenderMethods.ItemKnn, CatalogFilter.None) { Recent = recent });

        Assert.True(after.UserKnown);
        Assert.Equal(7, after.RecentEvents);
        Assert.True(ShareIn(model, after, 3) > ShareIn(model, before, 3), $"{ShareIn(model, before, 3):P0} → {ShareIn(model, after, 3):P0}");
        // ExcludeInteracted is off, yet what was just bought is not offered.
        Assert.DoesNotContain(after.Items, i => i.ProductId == "p9");
    }

    [Fact]
    public void Only_events_that_name_a_known_product_with_a_weight_are_used()
    {
        var model = Serve();
        RecentEvent[] recent =
        [
            View("p8"),
            View("no-such-product"),
            new(RetailEventTypes.Search, ["p14"], Weights.WeightOf(RetailEventTypes.Search), DateTimeOffset.UnixEpoch), // weight 0
            new(RetailEventTypes.DetailPageView, ["p20", "p20", "unknown"], 1, DateTimeOffset.UnixEpoch), // counts once
        ];
        var list = model.Recommend(new RecommendationRequest("someone", 5, RecommenderMethods.Content, CatalogFilter.None) { Recent = recent });
        Assert.Equal(2, list.RecentEvents);
        Assert.DoesNotContain(list.Items, i => i.ProductId is "p8" or "p20");
    }

    [Fact]
    public void The_merge_sums_weights_as_a_retrain_would_and_drops_pairs_not_above_zero()
    {
        var model = Serve();
        var trained = model.Model.Users.Find("u0");
        int own = trained.Products.Span[0];
        string ownId = model.Model.Catalog.Ids[own];
        RecentEvent[] recent =
        [
            new("refund", [ownId], -100, DateTimeOffset.UnixEpoch),             // takes the whole interest back
            new(RetailEventTypes.AddToCart, ["p5", "p5"], 3, DateTimeOffset.UnixEpoch), // once per distinct product
            View("p5"),
        ];
        var merged = RecentHistory.Merge(trained, recent, model.Model.Catalog, out var bought);
        Assert.Empty(bought);
        Assert.Equal(3, merged.RecentEvents);
        Assert.Equal(trained.Index, merged.Index);
        Assert.DoesNotContain(own, merged.Products.ToArray());
        int p5 = Array.IndexOf(model.Model.Catalog.Ids, "p5");
        int at = Array.IndexOf(merged.Products.ToArray(), p5);
        double before = trained.Products.ToArray().Contains(p5) ? trained.Weights.Span[Array.IndexOf(trained.Products.ToArray(), p5)] : 0;
        Assert.Equal(before + 4, merged.Weights.Span[at]);
        Assert.Equal(merged.Products.ToArray().Order(), merged.Products.ToArray());
    }

    [Fact]
    public void No_usable_recent_event_leaves_the_trained_history_as_it_is()
    {
        var model = Serve();
        var trained = model.Model.Users.Find("u3");
        var merged = RecentHistory.Merge(trained, [View("nothing-known")], model.Model.Catalog, out _);
        Assert.Equal(0, merged.RecentEvents);
        Assert.True(merged.Products.Equals(trained.Products));
        var plain = model.Recommend(new RecommendationRequest("u3", 10, null, CatalogFilter.None));
        var same = model.Recommend(new RecommendationRequest("u3", 10, null, CatalogFilter.None) { Recent = [View("nothing-known")] });
        Assert.Equal(plain.Items.Select(i => (i.ProductId, i.Score)), same.Items.Select(i => (i.ProductId, i.Score)));
    }

    [Fact]
    public void The_svd_fold_in_of_a_trained_history_gives_the_trained_users_own_list()
    {
        // A·V = U·S: a training user's folded-in factors are their stored ones, so an unchanged history scores the same.
        var model = Trained.Value;
        var collaborative = model.Collaborative!;
        foreach (string user in new[] { "u0", "u7", "u42" })
        {
            var stored = model.Users.Find(user);
            var folded = new UserHistory(stored.UserId, stored.Index, stored.Products, stored.Weights, recentEvents: 1);
            var a = collaborative.Recommend(stored, 15, ProductFilter.None);
            var b = collaborative.Recommend(folded, 15, ProductFilter.None);
            Assert.Equal(a.Select(s => s.Product), b.Select(s => s.Product));
            for (int i = 0; i < a.Length; i++) Assert.Equal(a[i].Score, b[i].Score, 3);
        }
    }

    [Fact]
    public void A_variant_id_counts_for_its_primary_product()
    {
        string catalog = TrainingShop.Catalog(60) + """{"id":"p1-red","type":"VARIANT","primaryProductId":"p1","title":"red one"}""" + "\n";
        var trained = TrainingShop.Trained(catalog, TrainingShop.Events(40, 60, 10)).Model;
        var merged = RecentHistory.Merge(UserHistory.Unknown("v"), [View("p1-red")], trained.Catalog, out _);
        Assert.Equal([Array.IndexOf(trained.Catalog.Ids, "p1")], merged.Products.ToArray());
    }
}
