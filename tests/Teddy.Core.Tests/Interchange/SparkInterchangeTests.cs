using System.Text;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;
using Teddy.Core.Tests.Training;
using Teddy.Interchange;
using Teddy.LinearAlgebra;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;
using Teddy.Training;

namespace Teddy.Core.Tests.Interchange;

/// <summary>
/// The Spark interchange both ways. The export's Parquet is read back as Spark would read it; factors are written by the
/// test in the layout Spark's <c>ALSModel.save</c> uses (<c>id</c> int, <c>features</c> list&lt;float&gt;), here the SVD's own
/// (U·S for users, V for items) trained on the exported files, so the imported <c>als</c> candidate must score exactly as the
/// collaborative one. Bad files are skipped with their reason, never fatal.
/// </summary>
public class SparkInterchangeTests
{
    private static readonly string Catalog = TrainingShop.Catalog(120);
    private static readonly string Events = TrainingShop.Events(200, 120, 14);
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly TeddySettings Settings = TrainingShop.Settings("collaborative,als,popular");

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<IList<T>> RowsAsync<T>(byte[] parquet) where T : class, new() =>
        (await ParquetSerializer.DeserializeAsync<T>(new MemoryStream(parquet))).Data;

    private static Task<SparkExportFiles> ExportAsync() => SparkExport.BuildAsync(Stream(Catalog), Stream(Events), Settings, Now);

    /// <summary>Spark's saved factor layout: <c>id</c> int, <c>features</c> a list of (nullable) floats.</summary>
    private static async Task<ParquetFile> FactorFileAsync(string name, IEnumerable<(int Id, float[] Features)> rows, string idColumn = "id", string featuresColumn = "features")
    {
        var schema = new ParquetSchema(new DataField<int>(idColumn), new ListField(featuresColumn, new DataField<float?>("element")));
        var data = rows.Select(r => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            [idColumn] = r.Id, [featuresColumn] = r.Features.Select(f => (float?)f).ToList(),
        }).ToList();
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeUntypedAsync(data, schema, stream);
        return new ParquetFile(name, stream.ToArray());
    }

    /// <summary>"Spark's job", played by Teddy's own SVD on an exported interactions file: U·S per user, V per item.</summary>
    private static async Task<(List<(int, float[])> Users, List<(int, float[])> Items)> TrainAsync(byte[] interactions, int users, int products)
    {
        var rows = await RowsAsync<InteractionRow>(interactions);
        var matrix = CsrMatrix.FromTriplets(users, products, rows.Select(r => (r.User, r.Item, (double)r.Rating)));
        var svd = TruncatedSvd.Compute(matrix, Settings.Training.SvdRank, new TruncatedSvdOptions { Tolerance = Settings.Training.SvdTolerance });
        var userFactors = Enumerable.Range(0, users)
            .Select(u => (u, Enumerable.Range(0, svd.Rank).Select(f => (float)(svd.LeftRow(u)[f] * svd.SingularValues[f])).ToArray())).ToList();
        var itemFactors = Enumerable.Range(0, products)
            .Select(p => (p, Enumerable.Range(0, svd.Rank).Select(f => (float)svd.RightRow(p)[f]).ToArray())).ToList();
        return (userFactors, itemFactors);
    }

    private sealed record Shop(SparkExportFiles Export, FactorFiles Full, FactorFiles Holdout, List<(int, float[])> FullUsers, List<(int, float[])> FullItems);

    private static async Task<Shop> ShopAsync()
    {
        var export = await ExportAsync();
        var full = await TrainAsync(export.Files[SparkExport.Interactions], export.Users, export.Products);
        var holdout = await TrainAsync(export.Files[SparkExport.HoldoutTraining], export.Users, export.Products);
        return new Shop(export,
            new FactorFiles([await FactorFileAsync("full/userFactors/part-00000.parquet", full.Users)], [await FactorFileAsync("full/itemFactors/part-00000.parquet", full.Items)]),
            new FactorFiles([await FactorFileAsync("holdout/userFactors/part-00000.parquet", holdout.Users)], [await FactorFileAsync("holdout/itemFactors/part-00000.parquet", holdout.Items)]),
            full.Users, full.Items);
    }

    private static async Task<TrainingOutcome> TrainWithAsync(SparkExportFiles export, FactorFiles full, FactorFiles holdout, bool maps = true, string candidates = "collaborative,als,popular")
    {
        var files = new AlsImportFiles("data/spark/als",
            maps ? new ParquetFile(SparkExport.Users, export.Files[SparkExport.Users]) : null,
            new ParquetFile(SparkExport.Products, export.Files[SparkExport.Products]), full, holdout);
        var imported = await ImportedAls.ReadAsync(files);
        var result = new ModelTrainer(TrainingShop.Settings(candidates)).Train(Stream(Catalog), Stream(Events), Now, "test", null, imported: imported);
        return Assert.IsType<TrainingOutcome>(result);
    }

    [Fact]
    public async Task The_export_is_what_Sparks_ALS_reads_with_the_id_maps_and_the_holdouts_training_part()
    {
        var export = await ExportAsync();
        Assert.Equal([SparkExport.Interactions, SparkExport.HoldoutTraining, SparkExport.Users, SparkExport.Products, SparkExport.Manifest], export.Files.Keys);
        await using (var reader = await ParquetReader.CreateAsync(new MemoryStream(export.Files[SparkExport.Interactions])))
        {
            var columns = reader.Schema.GetDataFields().Select(f => (f.Name, f.ClrType)).ToArray();
            Assert.Equal([("user", typeof(int)), ("item", typeof(int)), ("rating", typeof(float))], columns);
        }
        var rows = await RowsAsync<InteractionRow>(export.Files[SparkExport.Interactions]);
        var training = await RowsAsync<InteractionRow>(export.Files[SparkExport.HoldoutTraining]);
        var users = await RowsAsync<IdRow>(export.Files[SparkExport.Users]);
        var products = await RowsAsync<IdRow>(export.Files[SparkExport.Products]);
        Assert.Equal(export.Interactions, rows.Count);
        Assert.InRange(training.Count, 1, rows.Count - 1); // the latest interactions of eligible users are held out
        Assert.All(rows, r => Assert.True(r.User >= 0 && r.User < users.Count && r.Item >= 0 && r.Item < products.Count && r.Rating > 0));
        Assert.Equal(Enumerable.Range(0, users.Count), users.Select(u => u.Index));
        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"p{i}"), products.Select(p => p.Id));
        Assert.Contains(users, u => u.Id == "u7");
        // Each user views 14 products, mostly of one category: every user is in the map, with a positive rating per product.
        Assert.Equal(200, users.Count);
    }

    [Fact]
    public async Task Imported_factors_are_evaluated_selected_and_served_like_the_others()
    {
        var shop = await ShopAsync();
        var outcome = await TrainWithAsync(shop.Export, shop.Full, shop.Holdout);

        Assert.Empty(outcome.Report.Skipped);
        var als = outcome.Report.Candidates.Single(c => c.Method == RecommenderMethods.Als);
        var svd = outcome.Report.Candidates.Single(c => c.Method == RecommenderMethods.Collaborative);
        // The same factors through the same scoring: the same accuracy on the same hold-out, and the same coverage.
        Assert.Equal(svd.Accuracy.Ndcg, als.Accuracy.Ndcg, 6);
        Assert.Equal(svd.Accuracy.Precision, als.Accuracy.Precision, 6);
        Assert.Equal(svd.Coverage.CoverageScore, als.Coverage.CoverageScore, 6);
        Assert.Equal("ALS (Spark, imported)", als.ModelType);
        Assert.Equal(new AlsMatch(8, 200, 200, 120, 120), outcome.Report.AlsImport);

        // Served from the stored artifact: method=als answers with the collaborative model's products.
        var model = TrainedModel.Deserialize(outcome.Artifact);
        Assert.NotNull(model.Als);
        var serving = new ServingModel(outcome.Metadata, model, new RankingOptions());
        var imported = serving.Recommend(new RecommendationRequest("u7", 10, RecommenderMethods.Als, CatalogFilter.None));
        var collaborative = serving.Recommend(new RecommendationRequest("u7", 10, RecommenderMethods.Collaborative, CatalogFilter.None));
        Assert.Equal(RecommenderMethods.Als, imported.Method);
        Assert.True(imported.UserKnown);
        Assert.Equal(10, imported.Items.Count);
        Assert.Equal(collaborative.Items.Select(i => i.ProductId), imported.Items.Select(i => i.ProductId));
    }

    [Fact]
    public async Task The_als_candidate_wins_when_the_rule_prefers_it()
    {
        var shop = await ShopAsync();
        var outcome = await TrainWithAsync(shop.Export, shop.Full, shop.Holdout, candidates: "als,popular");
        Assert.Equal(RecommenderMethods.Als, outcome.Metadata.Method);
        Assert.Equal(RecommenderMethods.Als, TrainedModel.Deserialize(outcome.Artifact).PromotedMethod);
    }

    [Fact]
    public async Task Users_and_products_the_factors_do_not_cover_are_unknown_to_the_model_not_scored_zero()
    {
        var shop = await ShopAsync();
        // Spark saw only the first 150 users and 100 products (e.g. the data grew after the export).
        var full = new FactorFiles([await FactorFileAsync("u.parquet", shop.FullUsers.Take(150))], [await FactorFileAsync("i.parquet", shop.FullItems.Take(100))]);
        var outcome = await TrainWithAsync(shop.Export, full, shop.Holdout);
        Assert.Equal(new AlsMatch(8, 150, 150, 100, 100), outcome.Report.AlsImport);
        var serving = new ServingModel(outcome.Metadata, TrainedModel.Deserialize(outcome.Artifact), new RankingOptions());
        var users = await RowsAsync<IdRow>(shop.Export.Files[SparkExport.Users]);
        string inFactors = users.First(u => u.Index < 150).Id, notInFactors = users.First(u => u.Index >= 150).Id;
        var covered = serving.Recommend(new RecommendationRequest(inFactors, 30, RecommenderMethods.Als, CatalogFilter.None));
        Assert.Equal(RecommenderMethods.Als, covered.Method);
        Assert.DoesNotContain(covered.Items.Where(i => i.RecommendationType == RecommenderMethods.Als), i => int.Parse(i.ProductId[1..]) >= 100);
        Assert.False(serving.Model.Als!.Knows(serving.Model.Users.Find(notInFactors)));
        Assert.True(serving.Model.Als.Knows(serving.Model.Users.Find(inFactors)));
        Assert.Equal(RecommenderMethods.Popular, serving.Recommend(new RecommendationRequest(notInFactors, 10, RecommenderMethods.Als, CatalogFilter.None)).Method);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "wrong_columns", SkipCodes.InvalidFactors, "has the columns id, vector; expected id (int) and features (array<float>)" },
        { "user_id_out_of_range", SkipCodes.InvalidFactors, "userFactors: id 200 is not an index of users.parquet (0 to 199)" },
        { "item_id_out_of_range", SkipCodes.InvalidFactors, "itemFactors: id -1 is not an index of products.parquet (0 to 119)" },
        { "ranks_differ", SkipCodes.InvalidFactors, "the dimensions differ: userFactors have 8 features, itemFactors 6" },
        { "rows_differ", SkipCodes.InvalidFactors, "has 5 features, earlier rows 8" },
        { "duplicate_id", SkipCodes.InvalidFactors, "id 3 appears twice" },
        { "not_parquet", SkipCodes.InvalidFactors, "is not a Parquet file Teddy can read" },
        { "no_holdout_factors", SkipCodes.NoFactors, "the evaluation needs factors trained on holdout_training.parquet" },
        { "no_factors", SkipCodes.NoFactors, "No factors at data/spark/als/holdout/userFactors/" },
        { "no_user_map", SkipCodes.InvalidFactors, "users.parquet is missing: run `teddy export`" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Bad_factor_files_skip_the_candidate_with_the_reason_and_the_others_train(string kind, string code, string reason)
    {
        var shop = await ShopAsync();
        var full = shop.Full;
        var holdout = shop.Holdout;
        bool maps = true;
        switch (kind)
        {
            case "wrong_columns":
                full = full with { Users = [await FactorFileAsync("u.parquet", shop.FullUsers, featuresColumn: "vector")] };
                break;
            case "user_id_out_of_range":
                full = full with { Users = [await FactorFileAsync("u.parquet", shop.FullUsers.Append((200, new float[8])))] };
                break;
            case "item_id_out_of_range":
                full = full with { Items = [await FactorFileAsync("i.parquet", shop.FullItems.Prepend((-1, new float[8])))] };
                break;
            case "ranks_differ":
                full = full with { Items = [await FactorFileAsync("i.parquet", shop.FullItems.Select(r => (r.Item1, r.Item2[..6])))] };
                break;
            case "rows_differ":
                full = full with { Users = [await FactorFileAsync("u.parquet", shop.FullUsers.Take(10).Append((190, new float[5])))] };
                break;
            case "duplicate_id":
                full = full with { Users = [await FactorFileAsync("a.parquet", shop.FullUsers.Take(5)), await FactorFileAsync("b.parquet", shop.FullUsers.Skip(3).Take(5))] };
                break;
            case "not_parquet":
                full = full with { Items = [new ParquetFile("i.parquet", Encoding.UTF8.GetBytes("id,features\n1,[0.1]\n"))] };
                break;
            case "no_holdout_factors":
                holdout = FactorFiles.None;
                break;
            case "no_factors":
                full = FactorFiles.None;
                holdout = FactorFiles.None;
                break;
            case "no_user_map":
                maps = false;
                break;
        }

        var outcome = await TrainWithAsync(shop.Export, full, holdout, maps);
        var skipped = Assert.Single(outcome.Report.Skipped);
        Assert.Equal((RecommenderMethods.Als, code), (skipped.Method, skipped.Code));
        Assert.Contains(reason, skipped.Reason);
        Assert.Contains(outcome.Report.Candidates, c => c.Method == RecommenderMethods.Collaborative);
        Assert.DoesNotContain(outcome.Report.Candidates, c => c.Method == RecommenderMethods.Als);
        Assert.Null(TrainedModel.Deserialize(outcome.Artifact).Als);
    }
}
