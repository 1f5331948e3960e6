using System.Text.RegularExpressions;
using Teddy.Core.Tests.Artifacts;
using Teddy.Core.Tests.Simulation;
using Teddy.Learning;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Core.Tests.Serving;

/// <summary>
/// Every reason is derived from what scored the item: each kind of reason is checked against its cause, recomputed
/// from the model and the shop rules, for every method and many shoppers; and an item never gives a reason whose
/// cause did not contribute.
/// </summary>
public partial class ExplanationTests
{
    private static ServingModel Serve(TrainedModel model, LearningSnapshot? snapshot = null, RankingOptions? ranking = null) =>
        new(new Teddy.Artifacts.ModelMetadata
        {
            Version = "20261201_000000", Created = DateTimeOffset.UnixEpoch, ModelType = "Hybrid", Method = "hybrid",
            Sha256 = "", SizeBytes = 0, Data = new Teddy.Artifacts.DataCounts(0, 0, 0, 0, 0, 0),
        }, model, ranking ?? new RankingOptions(), null,
            snapshot is null ? null : new ServingLearning(new FixedLearningState(snapshot), new AdaptiveWeightsOptions(), new BrandLearningOptions(), new Random(1)));

    [Fact]
    public void Reasons_name_the_history_product_the_discount_and_popularity_that_scored_them()
    {
        // u1 has p1 (weight 5, "Blue wooden blocks") and p3 (weight 1, "Puzzle of trains"). p0 shares term 1 with p1
        // (5 × 1.0 × 0.6 = 3.0) and term 0 with p3 (1 × 0.6 × 0.6 = 0.36): p1 contributes most. p4 shares only term 3 with p3.
        var model = Serve(TrainedModelArtifactTests.SmallModel());
        var content = model.Recommend(new RecommendationRequest("u1", 5, "content", CatalogFilter.None)).Items.ToDictionary(i => i.ProductId, i => i.Reason);
        Assert.Equal("Because you viewed Blue wooden blocks", content["p0"]);
        Assert.Equal("Because you viewed Puzzle of trains", content["p4"]);

        // A stranger gets popular products: p1 is 20% off; the others are just popular.
        var popular = model.Recommend(new RecommendationRequest("stranger", 5, "popular", CatalogFilter.None)).Items.ToDictionary(i => i.ProductId, i => i.Reason);
        Assert.Equal("20% off", popular["p1"]);
        Assert.All(popular.Where(p => p.Key != "p1"), p => Assert.Equal("Trending now", p.Value));

        // Products similar to p0 by text: p1 and p3 share a term with it.
        var similar = model.Similar(new SimilarRequest("p0", 5, CatalogFilter.None, Method: "content"), 0.5)!.Items;
        Assert.Equal("Similar to Wooden red train — 20% off", similar.Single(i => i.ProductId == "p1").Reason);
        Assert.Equal("Similar to Wooden red train", similar.Single(i => i.ProductId == "p3").Reason);
    }

    [Fact]
    public void A_rule_that_is_off_is_never_a_reason()
    {
        var off = Serve(TrainedModelArtifactTests.SmallModel(), ranking: new RankingOptions { DiscountBoostStrength = 0, FamiliarBrandBoost = 0, AgeMismatchFactor = 1 });
        foreach (string method in RecommenderMethods.All)
            foreach (string user in new[] { "u0", "u1", "u2", "stranger" })
                Assert.All(off.Recommend(new RecommendationRequest(user, 5, method, CatalogFilter.None)).Items, item =>
                {
                    Assert.DoesNotContain("% off", item.Reason);
                    Assert.DoesNotContain("a brand you like", item.Reason);
                    Assert.DoesNotContain("Popular for", item.Reason);
                });
    }

    [GeneratedRegex(@"^(?<main>.+?)(?: — (?<percent>\d+)% off)?$")]
    private static partial Regex Reason();

    [Fact]
    public void Every_reason_of_every_list_matches_its_cause()
    {
        var trained = SampleShopModels.Small;
        var catalog = trained.Catalog;
        // Every third brand high, every third low: brand learning can be a reason too.
        var brands = catalog.BrandNames.Select((name, b) => (name, b)).ToDictionary(x => x.name,
            x => new BrandCtr(500, 10, 0.02, (x.b % 3) switch { 0 => CtrCategory.HighCtr, 1 => CtrCategory.LowCtr, _ => CtrCategory.MediumCtr }),
            StringComparer.OrdinalIgnoreCase);
        var snapshot = LearningSnapshot.Empty with { Brands = brands, Impressions = 10_000, Clicks = 200, OverallCtr = 0.02 };
        var model = Serve(trained, snapshot);
        var options = model.Pipeline.Options;
        var kinds = new HashSet<string>();
        var users = Enumerable.Range(0, trained.Users.Count).Where(u => u % 5 == 0).Select(u => trained.Users.Ids[u]).Append("stranger-1").Append("stranger-2");
        foreach (string method in RecommenderMethods.All)
            foreach (string userId in users)
            {
                var list = model.Recommend(new RecommendationRequest(userId, 20, method, CatalogFilter.None));
                var user = trained.Users.Find(userId);
                var traits = UserTraits.Of(user, catalog, options);
                foreach (var item in list.Items)
                    kinds.Add(Check(item, list, user, traits, trained, model, snapshot));
            }
        // Every kind of reason occurred, so each was checked.
        Assert.Superset(new HashSet<string> { "content", "itemknn", "collaborative", "ease", "familiar brand", "learned brand", "age", "discount", "trending" }, kinds);
    }

    /// <summary>Checks one item's reason against its cause; returns the reason's kind.</summary>
    private static string Check(RecommendedProduct item, RecommendationList list, UserHistory user, UserTraits traits, TrainedModel trained,
        ServingModel model, LearningSnapshot snapshot)
    {
        var catalog = trained.Catalog;
        var rules = model.Pipeline.Rules;
        int p = item.Index;
        string context = $"{list.Method} list for {list.UserId}, {item.ProductId} ({item.RecommendationType}, {string.Join("+", item.Sources)}): '{item.Reason}'";
        var match = Reason().Match(item.Reason);
        Assert.True(match.Success, context);
        string main = match.Groups["main"].Value;
        int percent = (int)Math.Round(catalog.DiscountPercent[p], MidpointRounding.AwayFromZero);
        bool discounted = rules.DiscountFactor(p) > 1 && percent >= 1;
        // The discount is named exactly when its boost applied.
        Assert.True(discounted == (match.Groups["percent"].Success || main == $"{percent}% off"), $"discount {catalog.DiscountPercent[p]}: {context}");
        if (match.Groups["percent"].Success) Assert.Equal(percent.ToString(), match.Groups["percent"].Value);

        bool popular = item.RecommendationType == RecommenderMethods.Popular;
        string? Strongest(IRecommender? part)
        {
            if (part is not IHistoryContributions history || popular) return null;
            var found = new int[1];
            history.StrongestContributors(user, [p], found);
            return found[0] >= 0 ? catalog.Titles[found[0]] : null;
        }
        bool FromHistory(string title) => user.Products.ToArray().Any(h => catalog.Titles[h] == title);

        if (main.StartsWith("Because you viewed ", StringComparison.Ordinal))
        {
            string title = main["Because you viewed ".Length..];
            Assert.False(popular, context);
            Assert.True(FromHistory(title), context);
            // Content's words when content contributed and names a product; else EASE's (Σ_h x_h·B[h, p]: its largest term).
            if (item.Sources.Contains(RecommenderMethods.Content) && Strongest(trained.Content) is { } byContent)
            {
                Assert.Equal(title, byContent);
                return "content";
            }
            Assert.True(item.Sources.Contains(RecommenderMethods.Ease), context);
            Assert.Equal(title, Strongest(trained.Ease));
            return "ease";
        }
        if (main.StartsWith("Shoppers who viewed ", StringComparison.Ordinal))
        {
            string title = main["Shoppers who viewed ".Length..^" also viewed this".Length];
            Assert.True(item.Sources.Contains(RecommenderMethods.ItemKnn), context);
            Assert.True(FromHistory(title), context);
            Assert.Equal(title, Strongest(trained.ItemKnn));
            return "itemknn";
        }
        if (main.StartsWith("Shoppers who liked ", StringComparison.Ordinal))
        {
            string title = main["Shoppers who liked ".Length..^" also liked this".Length];
            Assert.True(item.Sources.Contains(RecommenderMethods.Collaborative), context);
            Assert.True(FromHistory(title), context);
            Assert.Equal(title, Strongest(trained.Collaborative));
            // A hybrid item content contributed to is explained by content when content names a product.
            if (item.Sources.Contains(RecommenderMethods.Content)) Assert.Null(Strongest(trained.Content));
            return "collaborative";
        }
        // Every other reason means no model named a history product for this item.
        if (!popular)
            foreach (var part in new IRecommender?[] { trained.Content, trained.Collaborative, trained.ItemKnn, trained.Ease })
                if (item.Sources.Contains(part?.Method ?? "-")) Assert.Null(Strongest(part));
        if (main.EndsWith(", a brand you like", StringComparison.Ordinal))
        {
            Assert.Equal($"More from {item.Brand}, a brand you like", main);
            Assert.Contains(user.Products.ToArray(), h => catalog.Brand[h] == catalog.Brand[p]);
            return "familiar brand";
        }
        if (main.StartsWith("Shoppers often pick ", StringComparison.Ordinal))
        {
            Assert.Equal($"Shoppers often pick {item.Brand}", main);
            Assert.Equal(CtrCategory.HighCtr, snapshot.CategoryOf(item.Brand));
            Assert.Equal("high_ctr", item.BrandCtrCategory);
            return "learned brand";
        }
        if (main.StartsWith("Popular for ", StringComparison.Ordinal))
        {
            Assert.True(popular, context);
            var shared = catalog.AgeGroupNames.Where((_, bit) => (catalog.AgeGroups[p] & traits.AgeGroups & (1u << bit)) != 0);
            Assert.Contains(main["Popular for ".Length..], shared.Select(Explanations.AgeLabel));
            return "age";
        }
        if (main == $"{percent}% off")
        {
            Assert.True(discounted, context);
            return "discount";
        }
        if (main == "Trending now")
        {
            Assert.True(popular, context);
            return "trending";
        }
        Assert.Equal("Picked for your tastes", main);
        Assert.False(popular, context);
        return "personal";
    }

    [Theory]
    [InlineData("ease")]
    [InlineData("hybrid")]
    public void EASE_lists_and_the_hybrid_standing_on_EASE_name_the_history_product_whose_term_in_the_score_is_largest(string method)
    {
        // The demo shop's tuned hybrid is 0 content + 1 EASE. EASE's score of p is Σ_h x_h·B[h, p], so each history item's
        // share is exact: recomputed here from B (Weight) and the history's weights, not from the model's own split.
        var trained = SampleShopModels.Small.WithHybrid(new HybridOptions().With(0, RecommenderMethods.Ease));
        var ease = trained.Ease!;
        var model = Serve(trained, ranking: new RankingOptions { FamiliarBrandBoost = 0, DiscountBoostStrength = 0 });
        int items = 0, named = 0;
        for (int u = 0; u < trained.Users.Count; u += 3)
        {
            var user = trained.Users.History(u);
            var list = model.Recommend(new RecommendationRequest(trained.Users.Ids[u], 20, method, CatalogFilter.None));
            Assert.Equal(method, list.Method);
            foreach (var item in list.Items.Where(i => i.RecommendationType != RecommenderMethods.Popular))
            {
                items++;
                Assert.Contains(RecommenderMethods.Ease, item.Sources);
                var history = user.Products.Span;
                var weights = user.Weights.Span;
                int best = -1;
                double bestTerm = 0;
                for (int h = 0; h < history.Length; h++)
                    if (ease.Models(history[h]) && (float)weights[h] * ease.Weight(history[h], item.Index) is var term && term > bestTerm)
                        (best, bestTerm) = (history[h], term);
                if (best < 0)
                {
                    Assert.Equal("Picked for your tastes", item.Reason); // no history item raised it: nothing to name
                    continue;
                }
                named++;
                Assert.Equal($"Because you viewed {trained.Catalog.Titles[best]}", item.Reason);
            }
        }
        Assert.True(items >= 200, $"{items} items checked");
        // Almost every item some history product raised is named by it, not "Picked for your tastes".
        Assert.True(named >= 0.9 * items, $"{named} of {items} items name a viewed product");
    }

    [Fact]
    public void Similar_items_name_the_anchor_by_the_likeness_that_found_them()
    {
        var trained = SampleShopModels.Small;
        var model = Serve(trained);
        for (int anchor = 0; anchor < trained.Catalog.Count; anchor += 37)
        {
            string title = trained.Catalog.Titles[anchor];
            foreach (string? method in new[] { null, "content", "itemknn", "collaborative", "popular" })
                foreach (var item in model.Similar(new SimilarRequest(trained.Catalog.Ids[anchor], 10, CatalogFilter.None, Method: method), 0.5)!.Items)
                {
                    string main = Reason().Match(item.Reason).Groups["main"].Value;
                    if (main.StartsWith("Similar to ", StringComparison.Ordinal)) Assert.Contains("content", item.Sources);
                    else if (main.StartsWith("Often viewed with ", StringComparison.Ordinal)) Assert.Contains("itemknn", item.Sources);
                    else if (main.StartsWith("Shoppers who liked ", StringComparison.Ordinal)) Assert.Contains("collaborative", item.Sources);
                    else if (main.StartsWith("Popular in ", StringComparison.Ordinal))
                    {
                        Assert.Equal("popular", item.RecommendationType);
                        Assert.EndsWith(main["Popular in ".Length..], trained.Catalog.CategoryPath(item.Index));
                        continue;
                    }
                    else
                    {
                        Assert.Equal("popular", item.RecommendationType);
                        continue;
                    }
                    Assert.EndsWith(title, main.Replace(" also liked this", ""));
                }
        }
    }
}
