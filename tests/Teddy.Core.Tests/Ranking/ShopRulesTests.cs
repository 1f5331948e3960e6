using Teddy.Catalog;
using Teddy.Ranking;
using Teddy.Recommenders;

namespace Teddy.Core.Tests.Ranking;

/// <summary>One test per shop rule: each fails if its rule is removed from the pipeline.</summary>
public class ShopRulesTests
{
    /// <summary>Every rule off except what a test turns on, so each test sees one rule at work.</summary>
    private static RankingOptions Neutral() => RankingOptions.RulesOff();

    private static UserHistory User(string id, params int[] products) =>
        new(id, 0, products.Order().ToArray(), products.Select(_ => 1.0).ToArray());

    private static int[] Rank(ModelCatalog catalog, RankingOptions options, UserHistory user, int count, params (int Product, float Score)[] candidates) =>
        new RankingPipeline(catalog, options)
            .Rank(user, candidates.Select(c => new ScoredProduct(c.Product, c.Score)).ToArray(), [], count)
            .Select(r => r.Product).ToArray();

    [Fact]
    public void Age_mismatch_is_demoted_and_products_without_ages_are_neutral()
    {
        var catalog = TestCatalog.Build(
            new TestProduct("history", Ages: ["toddler"]),
            new TestProduct("kids-only", Ages: ["kids"]),
            new TestProduct("toddler", Ages: ["toddler"]),
            new TestProduct("no-age"));
        var options = Neutral();
        options.AgeMismatchFactor = 0.5;
        var rules = new RankingPipeline(catalog, options).Rules;
        var traits = UserTraits.Of(User("u", 0), catalog, options);
        Assert.Equal(0.5, rules.AgeFactor(1, traits));
        Assert.Equal(1.0, rules.AgeFactor(2, traits));
        Assert.Equal(1.0, rules.AgeFactor(3, traits));
        Assert.Equal(1.0, rules.AgeFactor(1, UserTraits.Of(UserHistory.Unknown("new"), catalog, options)));

        // The kids-only product scores higher but is for the wrong age: it drops below the toddler one.
        Assert.Equal([2, 1], Rank(catalog, options, User("u", 0), 2, (1, 1.0f), (2, 0.8f)));
    }

    [Fact]
    public void Age_mismatch_can_be_filtered_instead()
    {
        var catalog = TestCatalog.Build(new TestProduct("history", Ages: ["toddler"]), new TestProduct("kids", Ages: ["kids"]),
            new TestProduct("toddler", Ages: ["toddler"]));
        var options = Neutral();
        options.AgeMismatch = AgeMismatch.Filter;
        Assert.Equal([2], Rank(catalog, options, User("u", 0), 5, (1, 1.0f), (2, 0.5f)));
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(5, 1.05)]
    [InlineData(20, 1.3)]
    [InlineData(30, 1.6)]
    [InlineData(50, 2.0)]
    [InlineData(90, 2.0)]
    public void Discount_boost_is_tiered_and_capped_at_two(double discount, double expected) =>
        Assert.Equal(expected, ShopRules.DiscountBoost(discount, new RankingOptions()), 10);

    [Fact]
    public void Discounted_products_move_up()
    {
        var catalog = TestCatalog.Build(new TestProduct("full-price"), new TestProduct("half-price", Discount: 50));
        var options = Neutral();
        options.DiscountBoostStrength = 1;
        Assert.Equal([1, 0], Rank(catalog, options, UserHistory.Unknown("u"), 2, (0, 1.0f), (1, 0.6f)));
    }

    [Fact]
    public void Products_in_the_users_colours_get_thirty_percent_more()
    {
        var catalog = TestCatalog.Build(new TestProduct("history", Colors: ["red"]), new TestProduct("blue", Colors: ["blue"]),
            new TestProduct("red", Colors: ["red"]));
        var options = Neutral();
        options.ColorMatchBoost = 0.3;
        var traits = UserTraits.Of(User("u", 0), catalog, options);
        var rules = new RankingPipeline(catalog, options).Rules;
        Assert.Equal(1.3, rules.ColorFactor(2, traits), 10);
        Assert.Equal(1.0, rules.ColorFactor(1, traits), 10);
        Assert.Equal([2, 1], Rank(catalog, options, User("u", 0), 2, (1, 1.0f), (2, 0.85f)));
    }

    [Fact]
    public void Rare_brands_score_higher_than_common_ones()
    {
        var catalog = TestCatalog.Build(
            new TestProduct("c1", "Common"), new TestProduct("c2", "Common"), new TestProduct("c3", "Common"),
            new TestProduct("c4", "Common"), new TestProduct("r1", "Rare"));
        var options = Neutral();
        options.BrandRarityWeight = 0.2;
        var rules = new RankingPipeline(catalog, options).Rules;
        Assert.Equal(1.2, rules.BrandRarityFactor(4), 6);
        Assert.True(rules.BrandRarityFactor(0) < rules.BrandRarityFactor(4));
        Assert.Equal([4, 0], Rank(catalog, options, UserHistory.Unknown("u"), 2, (0, 1.0f), (4, 0.95f)));
    }

    [Fact]
    public void A_brand_gets_at_most_its_share_of_a_list()
    {
        var catalog = TestCatalog.Build(
            new TestProduct("a1", "A"), new TestProduct("a2", "A"), new TestProduct("a3", "A"), new TestProduct("a4", "A"),
            new TestProduct("b1", "B"), new TestProduct("c1", "C"));
        var options = Neutral();
        options.MaxPerBrand = 2;
        var list = Rank(catalog, options, UserHistory.Unknown("u"), 4, (0, 1f), (1, 0.99f), (2, 0.98f), (3, 0.97f), (4, 0.2f), (5, 0.1f));
        Assert.Equal(2, list.Count(p => p <= 3));
        Assert.Contains(4, list);
        Assert.Contains(5, list);
    }

    [Fact]
    public void The_first_phase_takes_one_product_of_as_many_brands_as_fit()
    {
        var catalog = TestCatalog.Build(
            new TestProduct("a1", "A"), new TestProduct("a2", "A"), new TestProduct("b1", "B"), new TestProduct("b2", "B"),
            new TestProduct("c1", "C"));
        var options = Neutral(); // no brand cap: only the distinct-brand phase spreads the list
        var list = Rank(catalog, options, UserHistory.Unknown("u"), 3, (0, 1f), (1, 0.99f), (2, 0.5f), (3, 0.49f), (4, 0.1f));
        Assert.Equal([0, 2, 4], list);
    }

    [Fact]
    public void The_cap_yields_only_when_the_list_would_otherwise_be_short()
    {
        var catalog = TestCatalog.Build(new TestProduct("a1", "A"), new TestProduct("a2", "A"), new TestProduct("a3", "A"));
        var options = Neutral();
        options.MaxPerBrand = 1;
        Assert.Equal(3, Rank(catalog, options, UserHistory.Unknown("u"), 3, (0, 1f), (1, 0.9f), (2, 0.8f)).Length);
    }

    [Fact]
    public void Familiar_brands_and_new_brands_are_both_rewarded_familiar_more()
    {
        var catalog = TestCatalog.Build(new TestProduct("history", "Mine"), new TestProduct("mine", "Mine"),
            new TestProduct("new", "Other"), new TestProduct("unbranded"));
        var options = Neutral();
        options.FamiliarBrandBoost = 0.15;
        options.NewBrandBoost = 0.05;
        var traits = UserTraits.Of(User("u", 0), catalog, options);
        var rules = new RankingPipeline(catalog, options).Rules;
        Assert.Equal(1.15, rules.BrandAffinityFactor(1, traits), 10);
        Assert.Equal(1.05, rules.BrandAffinityFactor(2, traits), 10);
        Assert.Equal(1.0, rules.BrandAffinityFactor(3, traits), 10);
        Assert.Equal([1, 2], Rank(catalog, options, User("u", 0), 2, (2, 1.0f), (1, 0.95f)));
    }

    [Fact]
    public void Complete_metadata_is_boosted()
    {
        var catalog = TestCatalog.Build(new TestProduct("sparse", Completeness: 0.2), new TestProduct("complete", Completeness: 1.0));
        var options = Neutral();
        options.CompletenessWeight = 0.1;
        Assert.Equal([1, 0], Rank(catalog, options, UserHistory.Unknown("u"), 2, (0, 1.0f), (1, 0.97f)));
    }

    [Fact]
    public void Colour_variety_prefers_a_new_colour_over_a_repeat()
    {
        var catalog = TestCatalog.Build(new TestProduct("red1", "A", Colors: ["red"]), new TestProduct("red2", "B", Colors: ["red"]),
            new TestProduct("blue", "C", Colors: ["blue"]));
        var options = Neutral();
        options.ColorRepeatPenalty = 0.9;
        // red2 outscores blue, but it would be the second red in the list.
        var list = Rank(catalog, options, UserHistory.Unknown("u"), 2, (0, 1.0f), (1, 0.95f), (2, 0.9f));
        Assert.Equal([0, 2], list);
    }

    [Fact]
    public void Jitter_gives_identical_histories_different_lists_and_is_deterministic()
    {
        var products = Enumerable.Range(0, 40).Select(i => new TestProduct($"p{i}", $"B{i}")).ToArray();
        var catalog = TestCatalog.Build(products);
        var candidates = Enumerable.Range(1, 39).Select(i => (i, 1.0f - i * 0.001f)).ToArray();
        var options = Neutral();
        options.JitterAmplitude = 0.1;
        var alice = Rank(catalog, options, User("alice", 0), 10, candidates);
        var bob = Rank(catalog, options, User("bob", 0), 10, candidates);
        Assert.NotEqual(alice, bob);
        Assert.Equal(alice, Rank(catalog, options, User("alice", 0), 10, candidates));

        options.JitterAmplitude = 0;
        Assert.Equal(Rank(catalog, options, User("alice", 0), 10, candidates), Rank(catalog, options, User("bob", 0), 10, candidates));
    }

    [Fact]
    public void Fill_candidates_come_after_the_models_own()
    {
        var catalog = TestCatalog.Build(new TestProduct("model", "A"), new TestProduct("popular", "B"));
        var ranked = new RankingPipeline(catalog, Neutral())
            .Rank(UserHistory.Unknown("u"), [new ScoredProduct(0, 0.1f)], [new ScoredProduct(1, 100f)], 2);
        Assert.Equal([0, 1], ranked.Select(r => r.Product));
        Assert.False(ranked[0].IsFill);
        Assert.True(ranked[1].IsFill);
    }
}
