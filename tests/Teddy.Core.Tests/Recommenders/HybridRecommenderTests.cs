using Teddy.Artifacts;
using Teddy.Recommenders;

namespace Teddy.Core.Tests.Recommenders;

public class HybridRecommenderTests
{
    /// <summary>A recommender that returns a fixed list, knows only whom it is told, or throws.</summary>
    private sealed class Scripted(string method, ScoredProduct[] list, bool knows = true, bool throws = false) : IRecommender
    {
        public string Method => method;
        public bool Knows(in UserHistory user) => knows;
        public ScoredProduct[] Recommend(in UserHistory user, int count, ProductFilter filter) =>
            throws ? throw new InvalidOperationException("broken part") : list.Take(count).ToArray();
        public ScoredProduct[] Similar(int product, int count, ProductFilter filter) => Recommend(UserHistory.Unknown(""), count, filter);
        public void Write(ArtifactWriter writer) { }
    }

    private static readonly UserHistory User = new("u", 0, new[] { 99 }, new[] { 1.0 });

    private static ScoredProduct[] Content => [new(1, 0.9f, RecommendationSources.Content), new(2, 0.5f, RecommendationSources.Content), new(3, 0.1f, RecommendationSources.Content)];
    private static ScoredProduct[] Collaborative => [new(3, 8f, RecommendationSources.Collaborative), new(4, 4f, RecommendationSources.Collaborative), new(5, 0f, RecommendationSources.Collaborative)];

    [Fact]
    public void Fuses_min_max_normalised_scores_with_the_weights_and_a_consensus_bonus()
    {
        var hybrid = new HybridRecommender(new Scripted("content", Content), new Scripted("collaborative", Collaborative), new HybridOptions());
        var list = hybrid.Recommend(User, 5, ProductFilter.None);
        var scores = list.ToDictionary(s => s.Product, s => s.Score);
        Assert.Equal(0.65f, scores[1], 5);                   // content max → 1 × 0.65
        Assert.Equal(0.65f * 0.5f, scores[2], 5);            // (0.5 − 0.1) / 0.8 = 0.5
        Assert.Equal(0.35f + 0.1f, scores[3], 5);            // content min 0, collaborative max 1, both → bonus
        Assert.Equal(0.35f * 0.5f, scores[4], 5);
        Assert.Equal(RecommendationSources.Content | RecommendationSources.Collaborative, list.Single(s => s.Product == 3).Sources);
        Assert.Equal(RecommendationSources.Content, list.Single(s => s.Product == 1).Sources);
        Assert.Equal([1, 3, 2, 4, 5], list.Select(s => s.Product));
    }

    [Fact]
    public void Degrades_to_content_when_collaborative_throws_and_reports_the_failure()
    {
        var failures = new List<string>();
        var hybrid = new HybridRecommender(new Scripted("content", Content), new Scripted("collaborative", Collaborative, throws: true),
            new HybridOptions(), (part, _) => failures.Add(part));
        var list = hybrid.Recommend(User, 3, ProductFilter.None);
        Assert.Equal([1, 2, 3], list.Select(s => s.Product));
        Assert.All(list, s => Assert.Equal(RecommendationSources.Content, s.Sources));
        Assert.Equal(["collaborative"], failures);
    }

    [Fact]
    public void A_part_weighted_zero_is_not_asked_and_does_not_make_the_user_known()
    {
        var failures = new List<string>();
        var weights = new HybridOptions { ContentWeight = 0, CollaborativeWeight = 1 };
        var hybrid = new HybridRecommender(new Scripted("content", Content, throws: true), new Scripted("collaborative", Collaborative), weights,
            (part, _) => failures.Add(part));
        Assert.Equal([3, 4, 5], hybrid.Recommend(User, 3, ProductFilter.None).Select(s => s.Product));
        Assert.Empty(failures);
        var contentOnlyKnown = new HybridRecommender(new Scripted("content", Content), new Scripted("collaborative", Collaborative, knows: false), weights);
        Assert.False(contentOnlyKnown.Knows(User));
    }

    [Fact]
    public void Degrades_to_collaborative_when_content_knows_nothing_about_the_user()
    {
        var hybrid = new HybridRecommender(new Scripted("content", Content, knows: false), new Scripted("collaborative", Collaborative), new HybridOptions());
        Assert.Equal([3, 4, 5], hybrid.Recommend(User, 3, ProductFilter.None).Select(s => s.Product));
    }

    [Fact]
    public void Returns_nothing_when_both_parts_fail_so_the_caller_uses_popularity()
    {
        var hybrid = new HybridRecommender(new Scripted("content", Content, throws: true), new Scripted("collaborative", Collaborative, knows: false), new HybridOptions());
        Assert.Empty(hybrid.Recommend(User, 3, ProductFilter.None));
    }

    [Fact]
    public void Is_its_one_part_when_the_data_could_not_train_the_other()
    {
        var contentOnly = new HybridRecommender(new Scripted("content", Content), null, new HybridOptions());
        Assert.True(contentOnly.Knows(User));
        Assert.Equal([1, 2, 3], contentOnly.Recommend(User, 3, ProductFilter.None).Select(s => s.Product));
        Assert.Equal([1, 2, 3], contentOnly.Similar(0, 3, ProductFilter.None).Select(s => s.Product));

        var collaborativeOnly = new HybridRecommender(null, new Scripted("collaborative", Collaborative, knows: false), new HybridOptions());
        Assert.False(collaborativeOnly.Knows(User));
    }

    [Fact]
    public void Asks_each_part_for_twice_the_requested_count()
    {
        var many = Enumerable.Range(0, 50).Select(i => new ScoredProduct(i, 50 - i, RecommendationSources.Content)).ToArray();
        var counting = new Scripted("content", many);
        var hybrid = new HybridRecommender(counting, new Scripted("collaborative", [], knows: false), new HybridOptions());
        Assert.Equal(10, hybrid.Recommend(User, 10, ProductFilter.None).Length);
        // Content alone: the 2k candidates are normalised over 20 items, so the 10th keeps a score above 0.
        Assert.True(hybrid.Recommend(User, 10, ProductFilter.None)[^1].Score > 0.5f);
    }
}
