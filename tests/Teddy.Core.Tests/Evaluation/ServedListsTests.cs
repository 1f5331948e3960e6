using Teddy.Artifacts;
using Teddy.Core.Tests.Simulation;
using Teddy.Evaluation;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Core.Tests.Evaluation;

/// <summary>
/// The evaluation's kept lists (<see cref="ServedLists"/>) are exactly what serving each request returns, for every method,
/// hybrids with other weights over every collaborative part, whichever order the lists are asked for in (a part's shorter
/// list re-selected from its longer one, or computed), and at more than one list length; with the category cap (the
/// default: each model selects every length from one scoring) and without it (a shorter list re-selected from a longer).
/// </summary>
public class ServedListsTests
{
    private static ServingModel Serve(TrainedModel model, RankingOptions? ranking = null) => new(new ModelMetadata
    {
        Version = "20260101_000000", Created = DateTimeOffset.UnixEpoch, ModelType = "", Method = model.PromotedMethod, Sha256 = "", SizeBytes = 0,
        Data = new DataCounts(0, 0, 0, 0, 0, 0),
    }, model, ranking ?? new RankingOptions());

    private static int[] Recommended(ServingModel model, int user, string method, int k) =>
        model.Recommend(new RecommendationRequest(model.Model.Users.Ids[user], k, method, CatalogFilter.None)).Items.Select(i => i.Index).ToArray();

    [Theory]
    [InlineData(10, true, 0.7)]
    [InlineData(10, false, 0.7)]
    [InlineData(20, true, 0.7)]
    [InlineData(10, true, 1.0)]
    [InlineData(10, false, 1.0)]
    public void Every_methods_lists_equal_the_served_ones(int k, bool hybridsFirst, double maxCategoryShare)
    {
        var trained = SampleShopModels.Small;
        var ranking = new RankingOptions { MaxCategoryShare = maxCategoryShare };
        var model = Serve(trained, ranking);
        Assert.Equal(maxCategoryShare < 1, model.Pipeline.CandidateCategoryCap() is not null);
        var users = Enumerable.Range(0, trained.Users.Count).Where(u => u % 3 == 0).ToArray();
        var lists = new ServedLists(model, users, k);
        var hybrids = HybridOptions.CollaborativeParts.Where(p => trained.CollaborativePart(p) is not null)
            .SelectMany(part => new[] { 0.0, 0.4, 1.0 }.Select(w => Serve(trained.WithHybrid(trained.Hybrid!.With(w, part)), ranking)))
            .Prepend(model).ToArray();
        var methods = RecommenderMethods.All.Where(model.Supports).Where(m => m != RecommenderMethods.Hybrid).ToArray();
        Assert.Contains(RecommenderMethods.Ease, methods);

        void CheckHybrids()
        {
            foreach (var hybrid in hybrids)
            {
                var kept = lists.Of(hybrid, RecommenderMethods.Hybrid);
                for (int i = 0; i < users.Length; i++)
                    Assert.Equal(Recommended(hybrid, users[i], RecommenderMethods.Hybrid, k), kept[i]);
            }
        }
        if (hybridsFirst) CheckHybrids();
        foreach (string method in methods)
        {
            var kept = lists.Of(model, method);
            for (int i = 0; i < users.Length; i++)
                Assert.Equal(Recommended(model, users[i], method, k), kept[i]);
        }
        if (!hybridsFirst) CheckHybrids();
    }

    [Fact]
    public void A_model_over_another_fit_is_refused()
    {
        var model = Serve(SampleShopModels.Small);
        var lists = new ServedLists(model, [0, 1], 10);
        var other = new ServingModel(model.Metadata, model.Model, new RankingOptions());
        Assert.Throws<ArgumentException>(() => lists.Of(other, RecommenderMethods.Popular));
        Assert.Throws<ArgumentException>(() => lists.Of(model, "no-such-method"));
    }
}
