using Teddy.Artifacts;
using Teddy.LinearAlgebra;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Core.Tests.Artifacts;

public class TrainedModelArtifactTests
{
    internal static TrainedModel SmallModel()
    {
        var catalog = TestCatalog.Build(
            new TestProduct("p0", "A", Ages: ["toddler"], Colors: ["red"], Title: "Wooden red train"),
            new TestProduct("p1", "A", Discount: 20, Colors: ["blue"], Title: "Blue wooden blocks"),
            new TestProduct("p2", "B", InStock: false, Title: "Plush bear"),
            new TestProduct("p3", "C", Ages: ["kids"], Title: "Puzzle of trains"),
            new TestProduct("p4", "", Completeness: 0.3, Title: "Red ball"));
        var interactions = CsrMatrix.FromTriplets(3, 5, [(0, 0, 1), (0, 1, 3), (1, 1, 5), (1, 3, 1), (2, 0, 1), (2, 4, 3)]);
        var tfidf = CsrMatrix.FromTriplets(5, 4, [(0, 0, 0.8), (0, 1, 0.6), (1, 1, 1.0), (2, 2, 1.0), (3, 0, 0.6), (3, 3, 0.8), (4, 3, 1.0)]);
        return new TrainedModel
        {
            Catalog = catalog,
            Users = new ModelUsers(["u0", "u1", "u2"], interactions),
            PromotedMethod = RecommenderMethods.Hybrid,
            Popularity = PopularityRecommender.Fit(interactions, catalog, new PopularityOptions()),
            Content = ContentRecommender.Fit(tfidf),
            Collaborative = CollaborativeRecommender.Fit(interactions, new TruncatedSvdOptions { Rank = 2 }),
            ItemKnn = ItemKnnRecommender.Fit(interactions, new ItemKnnOptions()),
            Ease = EaseRecommender.Fit(interactions, new EaseOptions()),
            Hybrid = new HybridOptions { ContentWeight = 0.6, CollaborativeWeight = 0.4 },
        };
    }

    private static ModelMetadata Metadata(string sha, long size) => new()
    {
        Version = "20261126_000000", Created = DateTimeOffset.UnixEpoch, ModelType = "Hybrid", Method = "hybrid",
        Sha256 = sha, SizeBytes = size, Data = new DataCounts(5, 3, 1, 3, 6, 6),
    };

    [Fact]
    public void A_model_round_trips_and_serves_the_same_lists()
    {
        var model = SmallModel();
        var (bytes, sha) = model.Serialize();
        var loaded = TrainedModel.Deserialize(bytes);

        Assert.Equal(model.Catalog.Ids, loaded.Catalog.Ids);
        Assert.Equal(model.Catalog.InStock, loaded.Catalog.InStock);
        Assert.Equal(model.Catalog.AgeGroups, loaded.Catalog.AgeGroups);
        Assert.Equal(model.Users.Ids, loaded.Users.Ids);
        Assert.Equal(model.Hybrid!.ContentWeight, loaded.Hybrid!.ContentWeight);
        Assert.Equal(model.Collaborative!.SingularValues.ToArray(), loaded.Collaborative!.SingularValues.ToArray());
        Assert.Equal(model.Ease!.Lambda, loaded.Ease!.Lambda);
        Assert.Equal(model.Ease.Items.ToArray(), loaded.Ease.Items.ToArray());

        var before = new ServingModel(Metadata(sha, bytes.Length), model, new RankingOptions());
        var after = new ServingModel(Metadata(sha, bytes.Length), loaded, new RankingOptions());
        foreach (string method in RecommenderMethods.All)
        foreach (string user in new[] { "u0", "u1", "u2", "stranger" })
        {
            var request = new RecommendationRequest(user, 3, method, CatalogFilter.None);
            Assert.Equal(before.Recommend(request).Items.Select(i => (i.ProductId, i.Score)), after.Recommend(request).Items.Select(i => (i.ProductId, i.Score)));
        }
    }

    [Fact]
    public void The_hybrids_trained_weights_and_collaborative_part_round_trip_and_serve()
    {
        var model = SmallModel().WithHybrid(new HybridOptions { ContentWeight = 0.3, CollaborativeWeight = 0.7, CollaborativePart = RecommenderMethods.Ease });
        var (bytes, sha) = model.Serialize();
        var loaded = TrainedModel.Deserialize(bytes);

        Assert.Equal((0.3, 0.7, "ease"), (loaded.Hybrid!.ContentWeight, loaded.Hybrid.CollaborativeWeight, loaded.Hybrid.CollaborativePart));
        var serving = new ServingModel(Metadata(sha, bytes.Length), loaded, new RankingOptions());
        var items = serving.Recommend(new RecommendationRequest("u0", 3, RecommenderMethods.Hybrid, CatalogFilter.None)).Items;
        Assert.NotEmpty(items);
        Assert.DoesNotContain(items, i => i.Sources.Contains(RecommenderMethods.Collaborative));
    }

    [Fact]
    public void Serialising_is_deterministic()
    {
        Assert.Equal(SmallModel().Serialize().Sha256, SmallModel().Serialize().Sha256);
    }

    [Fact]
    public void A_flipped_byte_fails_the_checksum()
    {
        var (bytes, _) = SmallModel().Serialize();
        bytes[bytes.Length / 2] ^= 0x01;
        var error = Assert.Throws<InvalidArtifactException>(() => TrainedModel.Deserialize(bytes));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void A_truncated_or_foreign_file_is_rejected()
    {
        var (bytes, _) = SmallModel().Serialize();
        Assert.Throws<InvalidArtifactException>(() => TrainedModel.Deserialize(bytes.AsMemory(0, bytes.Length - 10)));
        Assert.Throws<InvalidArtifactException>(() => TrainedModel.Deserialize("{\"json\": true}"u8.ToArray()));
        Assert.Throws<InvalidArtifactException>(() => TrainedModel.Deserialize(Array.Empty<byte>()));
    }

    [Fact]
    public void Sections_must_be_read_as_written()
    {
        using var writer = new ArtifactWriter();
        writer.BeginSection("one");
        writer.Write(42);
        writer.EndSection();
        var (bytes, _) = writer.Complete();
        var reader = new ArtifactReader(bytes);
        Assert.Throws<InvalidArtifactException>(() => reader.BeginSection("two"));
    }
}
