using Teddy.Core.Tests.Simulation;
using Teddy.Recommenders;

namespace Teddy.Core.Tests.Recommenders;

/// <summary>The per-history-item shares explanations cite add up to the score the model really gave.</summary>
public class HistoryContributionsTests
{
    public static TheoryData<string> Methods => [RecommenderMethods.Content, RecommenderMethods.Collaborative, RecommenderMethods.ItemKnn, RecommenderMethods.Ease];

    private static IRecommender Part(TrainedModel model, string method) => method switch
    {
        RecommenderMethods.Content => model.Content!,
        RecommenderMethods.Collaborative => model.Collaborative!,
        RecommenderMethods.Ease => model.Ease!,
        _ => model.ItemKnn!,
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Shares_sum_to_the_score_and_the_strongest_is_the_largest_positive_share(string method)
    {
        var model = SampleShopModels.Small;
        var recommender = Part(model, method);
        var explainer = (IHistoryContributions)recommender;
        int checkedUsers = 0;
        for (int u = 0; u < model.Users.Count && checkedUsers < 40; u += 7)
        {
            var user = model.Users.History(u);
            if (!recommender.Knows(user)) continue;
            checkedUsers++;
            var scored = recommender.Recommend(user, 10, ProductFilter.None);
            var products = scored.Select(s => s.Product).ToArray();
            int h = user.Products.Length;
            var shares = new double[products.Length * h];
            explainer.Contributions(user, products, shares);
            var strongest = new int[products.Length];
            explainer.StrongestContributors(user, products, strongest);
            for (int i = 0; i < products.Length; i++)
            {
                var row = shares.AsSpan(i * h, h).ToArray();
                double sum = row.Sum();
                Assert.True(Math.Abs(sum - scored[i].Score) <= 1e-3 * Math.Max(1, Math.Abs(scored[i].Score)),
                    $"{method} user {u} product {products[i]}: shares sum to {sum}, the model scored {scored[i].Score}");
                int best = Array.IndexOf(row, row.Max());
                if (row.Max() > 0) Assert.Equal(user.Products.Span[best], strongest[i]);
                else Assert.Equal(-1, strongest[i]);
            }
        }
        Assert.True(checkedUsers >= 20, $"only {checkedUsers} users checked");
    }

    [Fact]
    public void A_product_the_history_did_not_score_has_no_contributor()
    {
        var model = SampleShopModels.Small;
        var user = Enumerable.Range(0, model.Users.Count).Select(model.Users.History).First(u => u.Products.Length >= 3);
        var scored = model.ItemKnn!.Recommend(user, model.Catalog.Count, ProductFilter.None).Select(s => s.Product).ToHashSet();
        int outside = Enumerable.Range(0, model.Catalog.Count).First(p => !scored.Contains(p) && user.Products.Span.IndexOf(p) < 0);
        var strongest = new int[1];
        model.ItemKnn.StrongestContributors(user, [outside], strongest);
        Assert.Equal(-1, strongest[0]);
        model.Collaborative!.StrongestContributors(UserHistory.Unknown("stranger"), [outside], strongest);
        Assert.Equal(-1, strongest[0]);
    }
}
