using Teddy.Recommenders;
using Teddy.Serving;
using Teddy.Training;

namespace Teddy.Core.Tests.Training;

/// <summary>
/// A retrain never fails because of the data: a model the data cannot support is skipped with its reason, the others
/// train and compete, the hybrid degrades to its remaining part, and stages no candidate needs are not run. Only when
/// no candidate is left is the result <see cref="UntrainableData"/>, naming the ingestion's top skip reasons.
/// </summary>
public class UnfittableModelTests
{
    /// <summary>"A 0", "B 1", …: no token of two word characters, so TF-IDF has no vocabulary.</summary>
    private static string LetterTitles(int products) => TrainingShop.Catalog(products, i => $"{(char)('A' + i % 26)} {i % 10}", bare: true);

    private static readonly string Events = TrainingShop.Events(users: 120, products: 180, perUser: 12);

    [Fact]
    public void Titles_without_a_vocabulary_train_itemknn_and_popular_without_running_tfidf()
    {
        var outcome = TrainingShop.Trained(LetterTitles(180), Events, TrainingShop.Settings("itemknn,popular"));

        Assert.Empty(outcome.Report.Skipped);
        Assert.DoesNotContain("tfidf", outcome.Report.TimingsMs.Keys);
        Assert.Equal(["itemknn", "popular"], outcome.Report.Candidates.Select(c => c.Method).Order());
        Assert.Contains(outcome.Metadata.Method, new[] { "itemknn", "popular" });
        Assert.Null(outcome.Model.Content);
    }

    [Fact]
    public void Titles_without_a_vocabulary_skip_content_and_the_hybrid_becomes_collaborative_alone()
    {
        // The fixed hybrid (content + SVD): without content it is SVD alone.
        var outcome = TrainingShop.Trained(LetterTitles(180), Events, TrainingShop.Settings(configure: Fixed));

        var content = Assert.Single(outcome.Report.Skipped);
        Assert.Equal(("content", SkipCodes.NoTextVocabulary), (content.Method, content.Code));
        Assert.Contains("180 products", content.Reason);
        Assert.Equal(["collaborative"], outcome.Report.HybridParts);
        Assert.Equal(["collaborative", "ease", "hybrid", "itemknn", "popular"], outcome.Report.Candidates.Select(c => c.Method).Order());

        // The degraded hybrid is stored and served as its one part.
        var loaded = TrainedModel.Deserialize(outcome.Artifact);
        Assert.Null(loaded.Content);
        var serving = new ServingModel(outcome.Metadata, loaded, new Teddy.Ranking.RankingOptions());
        Assert.True(serving.Supports("hybrid"));
        var list = serving.Recommend(new RecommendationRequest("u7", 10, "hybrid", CatalogFilter.None));
        Assert.Equal("hybrid", list.Method);
        Assert.Equal(10, list.Items.Count);

        // The skip is in metadata.json too.
        Assert.Equal("no_text_vocabulary", outcome.Metadata.Evaluation!["skipped"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public void A_serving_recipe_the_new_data_cannot_fit_is_compared_as_popularity_and_the_decision_says_so()
    {
        var serving = TrainingShop.Trained(TrainingShop.Catalog(180), Events, TrainingShop.Settings("content"));
        Assert.Equal("content", serving.Metadata.Method);

        // The same shop with titles content cannot learn from: the serving recipe (content) is measured as popularity.
        var outcome = TrainingShop.Trained(LetterTitles(180), Events, TrainingShop.Settings("itemknn,popular"), TrainingShop.BaselineOf(serving));
        Assert.Equal("popular", outcome.Report.Baseline!.Method);
        Assert.Equal("content", outcome.Report.Decision.ServingMethod);
        Assert.Contains("serving model's content recipe cannot be fitted on this data, so its NDCG is that of popular", outcome.Report.Decision.Reason);
    }

    [Fact]
    public void A_catalog_whose_every_line_is_rejected_trains_nothing_and_names_the_skip_reasons_and_counts()
    {
        string catalog = "{\"title\":\"no id\"}\n{not json\n{\"title\":\"no id either\"}\n";

        var untrainable = Assert.IsType<UntrainableData>(TrainingShop.Train(catalog, Events));

        Assert.Contains("Catalog: 3 lines, 0 accepted, 3 rejected (top reasons: missing_id 2, malformed_json 1)", untrainable.Detail);
        Assert.Contains("unknown_product 1,440", untrainable.Detail);
        Assert.All(untrainable.Skipped, s => Assert.Equal(SkipCodes.NoProducts, s.Code));
        Assert.Equal(["collaborative", "content", "ease", "hybrid", "itemknn", "popular"], untrainable.Skipped.Select(s => s.Method).Order());
    }

    [Fact]
    public void An_empty_catalog_trains_nothing()
    {
        var untrainable = Assert.IsType<UntrainableData>(TrainingShop.Train("", Events));
        Assert.Contains("Catalog: no lines", untrainable.Detail);
    }

    [Fact]
    public void Without_events_the_interaction_models_are_skipped_and_the_others_train()
    {
        var outcome = TrainingShop.Trained(TrainingShop.Catalog(60), "");

        Assert.Equal([("collaborative", SkipCodes.NoInteractions), ("ease", SkipCodes.NoInteractions), ("itemknn", SkipCodes.NoInteractions)],
            outcome.Report.Skipped.Select(s => (s.Method, s.Code)).Order());
        Assert.Equal(["content"], outcome.Report.HybridParts);
        Assert.Contains("popular", outcome.Report.Candidates.Select(c => c.Method));
    }

    [Fact]
    public void Fewer_products_than_the_svd_rank_skip_collaborative_with_the_counts()
    {
        var outcome = TrainingShop.Trained(TrainingShop.Catalog(20), TrainingShop.Events(120, 20, 12), TrainingShop.Settings(svdRank: 60, configure: Fixed));

        var collaborative = Assert.Single(outcome.Report.Skipped);
        Assert.Equal(("collaborative", SkipCodes.TooLittleDataForRank), (collaborative.Method, collaborative.Code));
        Assert.Contains("(60, Teddy__Training__SvdRank)", collaborative.Reason);
        Assert.Contains("products (20)", collaborative.Reason);
        Assert.Null(outcome.Model.Collaborative);
        Assert.Equal(["content"], outcome.Report.HybridParts);
        Assert.Null(outcome.Report.Svd);
    }

    [Fact]
    public void One_shopper_trains_what_one_shopper_supports()
    {
        var outcome = TrainingShop.Trained(TrainingShop.Catalog(60), TrainingShop.Events(1, 60, 20));

        Assert.Contains(outcome.Report.Skipped, s => s is { Method: "collaborative", Code: SkipCodes.TooLittleDataForRank });
        Assert.Contains("users (1)", outcome.Report.Skipped.Single(s => s.Method == "collaborative").Reason);
        Assert.Contains(outcome.Report.Candidates, c => c.Method == "itemknn");
    }

    [Fact]
    public void A_relative_lambda_that_is_not_positive_skips_ease_as_a_setting_problem_and_the_others_train()
    {
        var outcome = TrainingShop.Trained(TrainingShop.Catalog(180), Events, TrainingShop.Settings(configure: o => o.Ease.RelativeLambda = 0));

        var ease = Assert.Single(outcome.Report.Skipped);
        Assert.Equal(("ease", SkipCodes.InvalidSetting), (ease.Method, ease.Code));
        Assert.Null(outcome.Model.Ease);
        Assert.Equal(["collaborative", "content", "hybrid", "itemknn", "popular"], outcome.Report.Candidates.Select(c => c.Method).Order());
    }

    [Fact]
    public void Ease_trains_serves_and_is_stored_when_the_data_supports_it()
    {
        var outcome = TrainingShop.Trained(TrainingShop.Catalog(180), Events, TrainingShop.Settings("ease,popular", configure: o => o.Ease.MaxItems = 100));

        Assert.Empty(outcome.Report.Skipped);
        Assert.Equal(100, outcome.Model.Ease!.ItemCount);
        Assert.Contains("holdout_fit_ease", outcome.Report.TimingsMs.Keys);
        Assert.Contains("fit_ease", outcome.Report.TimingsMs.Keys);
        var loaded = TrainedModel.Deserialize(outcome.Artifact);
        var serving = new ServingModel(outcome.Metadata, loaded, new Teddy.Ranking.RankingOptions());
        var list = serving.Recommend(new RecommendationRequest("u7", 10, "ease", CatalogFilter.None));
        Assert.Equal(("ease", 10), (list.Method, list.Items.Count));
        Assert.Contains(list.Items, i => i.RecommendationType == "ease");
    }

    [Fact]
    public void An_svd_rank_below_one_skips_collaborative_as_a_setting_problem()
    {
        var outcome = TrainingShop.Trained(TrainingShop.Catalog(180), Events, TrainingShop.Settings(svdRank: 0));
        Assert.Equal(SkipCodes.InvalidSetting, Assert.Single(outcome.Report.Skipped).Code);
    }

    [Fact]
    public void When_no_candidate_can_be_fitted_the_result_names_each_candidates_reason()
    {
        var untrainable = Assert.IsType<UntrainableData>(TrainingShop.Train(TrainingShop.Catalog(60), "", TrainingShop.Settings("collaborative")));

        Assert.Equal(("collaborative", SkipCodes.NoInteractions), (untrainable.Skipped[0].Method, untrainable.Skipped[0].Code));
        Assert.Contains("events: no lines", untrainable.Detail);
        Assert.Contains("collaborative: There are no weighted interactions", untrainable.Detail);
    }

    [Fact]
    public void A_hybrid_with_neither_part_is_skipped_and_popularity_is_still_measured()
    {
        // Letter titles (no vocabulary) and too few users for the rank: hybrid has no part, item-kNN still trains.
        var outcome = TrainingShop.Trained(LetterTitles(60), TrainingShop.Events(5, 60, 12), TrainingShop.Settings("hybrid,itemknn", configure: Fixed));

        Assert.Equal(["collaborative", "content", "hybrid"], outcome.Report.Skipped.Select(s => s.Method).Order());
        Assert.Equal(SkipCodes.NoHybridPart, outcome.Report.Skipped.Single(s => s.Method == "hybrid").Code);
        Assert.Equal(["itemknn", "popular"], outcome.Report.Candidates.Select(c => c.Method).Order());
        Assert.Equal("itemknn", outcome.Metadata.Method);
        Assert.Null(outcome.Report.HybridParts);
    }

    [Fact]
    public void A_searched_hybrid_without_content_or_svd_stands_on_a_collaborative_part_that_fits()
    {
        // No vocabulary and an SVD rank the 60 products cannot support, but the hybrid's collaborative part is searched:
        // item-kNN and EASE fit, so the hybrid is one of them alone.
        var outcome = TrainingShop.Trained(LetterTitles(60), TrainingShop.Events(40, 60, 12), TrainingShop.Settings("hybrid,itemknn", svdRank: 60));

        Assert.Equal(["collaborative", "content"], outcome.Report.Skipped.Select(s => s.Method).Order());
        var part = Assert.Single(outcome.Report.HybridParts!);
        Assert.Contains(part, new[] { "itemknn", "ease" });
        Assert.Equal(part, outcome.Model.Hybrid!.CollaborativePart);
        Assert.Equal((0.0, 1.0), (outcome.Model.Hybrid.ContentWeight, outcome.Model.Hybrid.CollaborativeWeight));
        Assert.Contains("hybrid", outcome.Report.Candidates.Select(c => c.Method));
    }

    private static void Fixed(TrainingOptions options) => options.Hybrid.Tuning = HybridTuning.Fixed;

    [Fact]
    public void A_model_only_the_holdout_cannot_support_is_skipped_and_left_out_of_the_served_model()
    {
        // 20 shoppers each view products 0–8, then product 9 last: the hold-out takes product 9 away, leaving 9
        // products with interactions in its training part (rank 9 needs 10), while all the data has 10.
        var events = new System.Text.StringBuilder();
        for (int u = 0; u < 20; u++)
            for (int p = 0; p < 10; p++)
                events.Append($"{{\"eventType\":\"detail-page-view\",\"visitorId\":\"u{u}\",\"eventTime\":\"2024-01-01T{u:00}:{p:00}:00Z\",\"productDetails\":[{{\"product\":{{\"id\":\"p{p}\"}}}}]}}\n");
        var outcome = TrainingShop.Trained(TrainingShop.Catalog(10), events.ToString(), TrainingShop.Settings("collaborative,popular", svdRank: 9));

        var collaborative = Assert.Single(outcome.Report.Skipped);
        Assert.Equal(SkipCodes.TooLittleDataForRank, collaborative.Code);
        Assert.Contains("hold-out's training part", collaborative.Reason);
        Assert.Null(outcome.Model.Collaborative);
        Assert.Equal("popular", outcome.Metadata.Method);
    }
}
