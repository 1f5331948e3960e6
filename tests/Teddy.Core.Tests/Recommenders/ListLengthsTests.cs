using Teddy.Core.Tests.Simulation;
using Teddy.Recommenders;

namespace Teddy.Core.Tests.Recommenders;

/// <summary>
/// A model asked for lists of several lengths at once (one scoring, a selection per length; the evaluation's way under a
/// category cap) returns exactly what it returns asked for each length alone, with every cap and none.
/// </summary>
public class ListLengthsTests
{
    public static TheoryData<string> Models => new() { "content", "collaborative", "itemknn", "ease", "popular" };

    private static IRecommender Model(TrainedModel trained, string name) => name switch
    {
        "content" => trained.Content!,
        "collaborative" => trained.Collaborative!,
        "itemknn" => trained.ItemKnn!,
        "ease" => trained.Ease!,
        _ => trained.Popularity,
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Lists_at_several_lengths_equal_each_length_asked_alone(string name)
    {
        var trained = SampleShopModels.Small;
        var model = Model(trained, name);
        var catalog = trained.Catalog;
        var brandCap = new BrandCap(catalog.Brand, catalog.BrandNames.Length, 2);
        var categoryCap = new CategoryCap(catalog.Category, catalog.CategoryPaths.Length, 0.5);
        ProductFilter[] filters = [ProductFilter.None, new(null, default, brandCap), new(null, default, null, categoryCap), new(null, default, brandCap, categoryCap)];
        int[][] lengths = [[30, 60], [60, 30], [7], [1, 200, 30], []];
        int checkedLists = 0;
        for (int user = 0; user < trained.Users.Count; user += 7)
        {
            var history = trained.Users.History(user);
            if (!model.Knows(history)) continue;
            foreach (var filter in filters)
                foreach (var counts in lengths)
                {
                    var together = model.Recommend(history, counts, filter);
                    Assert.Equal(counts.Length, together.Length);
                    for (int i = 0; i < counts.Length; i++)
                    {
                        Assert.Equal(model.Recommend(history, counts[i], filter), together[i]);
                        checkedLists++;
                    }
                }
        }
        Assert.True(checkedLists > 100, $"only {checkedLists} lists compared");
    }
}
