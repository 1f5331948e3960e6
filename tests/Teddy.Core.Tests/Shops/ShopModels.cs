using Teddy.Artifacts;
using Teddy.Catalog;
using Teddy.Core.Tests.Retail;
using Teddy.Interactions;
using Teddy.Ranking;
using Teddy.Retail;
using Teddy.Serving;
using Teddy.Text;
using Teddy.Training;
using Teddy.Recommenders;

namespace Teddy.Core.Tests.Shops;

/// <summary>
/// Trains every recommender on a shop given as Retail API NDJSON, the way a retrain does (ingestion, model
/// catalog, TF-IDF, <see cref="ModelFitter"/>) minus the evaluation, and serves it.
/// </summary>
internal static class ShopModels
{
    public static ServingModel Train(string catalogNdjson, string eventsNdjson, RankingOptions? ranking = null, EventWeights? weights = null) =>
        Serve(Ingest(catalogNdjson, eventsNdjson, weights), ranking);

    public static IngestedData Ingest(string catalogNdjson, string eventsNdjson, EventWeights? weights = null) =>
        RetailIngestion.Ingest(Ndjson.FromText(catalogNdjson), Ndjson.FromText(eventsNdjson), weights ?? new EventWeights());

    public static ServingModel Serve(IngestedData ingested, RankingOptions? ranking = null)
    {
        // Hand-built shops have a handful of users: an SVD rank below their count keeps the collaborative model
        // (a rank at or above it is skipped as unfittable, ModelRequirements.Collaborative).
        var options = new TrainingOptions { SvdRank = 2 };
        var catalog = ModelCatalogBuilder.From(ingested.Catalog);
        var texts = ingested.Catalog.Products.Select(p => p.ContentText()).ToArray();
        var content = ContentRecommender.Fit(TfidfVectorizer.FitTransform(texts, new TfidfOptions { MaxFeatures = options.TfidfMaxFeatures }).Matrix);
        var fitted = new ModelFitter(catalog, () => new ContentFit(content, null), options, new StageTimings())
            .Fit(ingested.Interactions, options.CandidateMethods(), RecommenderMethods.Popular, "");
        return new ServingModel(new ModelMetadata
        {
            Version = "20260101_000000", Created = DateTimeOffset.UnixEpoch, ModelType = "Popularity", Method = RecommenderMethods.Popular,
            Sha256 = "", SizeBytes = 0, Data = new DataCounts(0, 0, 0, 0, 0, 0),
        }, fitted.Model, ranking ?? new RankingOptions());
    }
}
