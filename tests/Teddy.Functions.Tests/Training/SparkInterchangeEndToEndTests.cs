using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parquet.Schema;
using Parquet.Serialization;
using Teddy.Functions.Interchange;
using Teddy.Functions.Recommendations;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Interchange;
using Teddy.LinearAlgebra;
using Teddy.Recommenders;
using Teddy.Storage;
using Teddy.Training;

namespace Teddy.Functions.Tests.Training;

/// <summary>
/// The Spark interchange through storage: <c>teddy export</c> writes the Parquet input to the data container; factor
/// files in Spark's saved layout are uploaded where the Spark job saves them (with Spark's <c>_SUCCESS</c> beside them);
/// a retrain with <c>als</c> among its candidates evaluates, selects and serves them (<c>method=als</c>); factors that
/// do not match the export only skip the candidate, with the reason in the status record.
/// </summary>
[Collection(StorageCollection.Name)]
public class SparkInterchangeEndToEndTests(AzuriteFixture storage)
{
    private const int Rank = 20;

    private static BlobContainerClient DataContainer(IServiceProvider services) =>
        services.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(StorageClients.Background)
            .GetBlobContainerClient(services.GetRequiredService<IOptions<StorageOptions>>().Value.DataContainer);

    private static async Task<byte[]> DownloadAsync(BlobContainerClient container, string name) =>
        (await container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();

    /// <summary>Runs <c>teddy export</c> with the same settings as <paramref name="services"/>; returns its output line.</summary>
    private static async Task<string> ExportAsync(ServiceProvider services)
    {
        var settings = services.GetRequiredService<IConfiguration>().AsEnumerable().ToDictionary();
        using var output = new StringWriter();
        Assert.Equal(0, await ExportCommand.RunAsync(["export"], config => config.AddInMemoryCollection(settings), output));
        return output.ToString();
    }

    /// <summary>"The Spark job": factors from the SVD of an exported interactions file, saved as Spark saves an ALSModel.</summary>
    private static async Task SaveFactorsAsync(BlobContainerClient data, string folder, byte[] interactions, int users, int products, int idShift = 0)
    {
        var rows = (await ParquetSerializer.DeserializeAsync<InteractionRow>(new MemoryStream(interactions))).Data;
        var svd = TruncatedSvd.Compute(CsrMatrix.FromTriplets(users, products, rows.Select(r => (r.User, r.Item, (double)r.Rating))), Rank);
        async Task Save(string part, IEnumerable<(int Id, float[] Features)> factors)
        {
            var schema = new ParquetSchema(new DataField<int>("id"), new ListField("features", new DataField<float?>("element")));
            var table = factors.Select(f => (IDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["id"] = f.Id + idShift, ["features"] = f.Features.Select(v => (float?)v).ToList(),
            }).ToList();
            using var stream = new MemoryStream();
            await ParquetSerializer.SerializeUntypedAsync(table, schema, stream);
            stream.Position = 0;
            await data.UploadBlobAsync($"{folder}/{part}/part-00000-0c1f2e.snappy.parquet", stream);
            await data.UploadBlobAsync($"{folder}/{part}/_SUCCESS", BinaryData.FromString(""));
        }
        await Save("userFactors", Enumerable.Range(0, users).Select(u => (u, Enumerable.Range(0, svd.Rank).Select(f => (float)(svd.LeftRow(u)[f] * svd.SingularValues[f])).ToArray())));
        await Save("itemFactors", Enumerable.Range(0, products).Select(p => (p, Enumerable.Range(0, svd.Rank).Select(f => (float)svd.RightRow(p)[f]).ToArray())));
        await data.UploadBlobAsync($"{folder}/metadata/part-00000", BinaryData.FromString("{\"class\":\"org.apache.spark.ml.recommendation.ALSModel\"}"));
    }

    private static async Task<(ServiceProvider Services, BlobContainerClient Data, IList<IdRow> Users)> ExportedShopAsync(string connectionString)
    {
        var services = TeddyServices.Create(connectionString, new Dictionary<string, string?> { ["Teddy:Training:Candidates"] = "collaborative,als,popular" });
        await TeddyServices.UploadShopAsync(services);
        string line = await ExportAsync(services);
        Assert.Contains("to " + DataContainer(services).Name + "/spark/input", line);
        var data = DataContainer(services);
        var users = (await ParquetSerializer.DeserializeAsync<IdRow>(new MemoryStream(await DownloadAsync(data, "spark/input/users.parquet")))).Data;
        return (services, data, users);
    }

    private static HttpRequest Get(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    [Fact]
    public async Task Exported_interactions_trained_elsewhere_come_back_as_the_als_candidate_and_are_served()
    {
        var (services, data, users) = await ExportedShopAsync(storage.ConnectionString);
        await using var _ = services;
        int products = (await ParquetSerializer.DeserializeAsync<IdRow>(new MemoryStream(await DownloadAsync(data, "spark/input/products.parquet")))).Data.Count;
        await SaveFactorsAsync(data, "spark/als/full", await DownloadAsync(data, "spark/input/interactions.parquet"), users.Count, products);
        await SaveFactorsAsync(data, "spark/als/holdout", await DownloadAsync(data, "spark/input/holdout_training.parquet"), users.Count, products);

        var result = await services.GetRequiredService<RetrainService>().RunAsync("test");
        Assert.Equal(RetrainStatus.Completed, result.Status);
        Assert.DoesNotContain(result.Run!.Skipped ?? [], s => s.Method == RecommenderMethods.Als);
        var als = result.Report!.Candidates.Single(c => c.Method == RecommenderMethods.Als);
        var svd = result.Report.Candidates.Single(c => c.Method == RecommenderMethods.Collaborative);
        Assert.True(als.Accuracy.Ndcg > 0);
        Assert.Equal(Rank, result.Report.AlsImport!.Rank);
        Assert.Equal(users.Count, result.Report.AlsImport.UsersMatched);
        Assert.NotNull(svd);

        var function = ActivatorUtilities.CreateInstance<GetRecommendations>(services);
        var answer = JsonSerializer.SerializeToElement(Assert.IsType<OkObjectResult>(
            await function.Run(Get("?k=10&method=als"), users[0].Id, CancellationToken.None)).Value);
        Assert.Equal("als", answer.GetProperty("method").GetString());
        Assert.Equal("ALS (Spark, imported)", answer.GetProperty("model_type").GetString());
        Assert.Equal(10, answer.GetProperty("recommendations").GetArrayLength());
    }

    [Fact]
    public async Task Factors_that_do_not_match_the_export_skip_the_candidate_and_the_retrain_still_succeeds()
    {
        var (services, data, users) = await ExportedShopAsync(storage.ConnectionString);
        await using var _ = services;
        int products = (await ParquetSerializer.DeserializeAsync<IdRow>(new MemoryStream(await DownloadAsync(data, "spark/input/products.parquet")))).Data.Count;
        // Trained on another export: user ids beyond this export's users.parquet.
        await SaveFactorsAsync(data, "spark/als/full", await DownloadAsync(data, "spark/input/interactions.parquet"), users.Count, products, idShift: 5);
        await SaveFactorsAsync(data, "spark/als/holdout", await DownloadAsync(data, "spark/input/holdout_training.parquet"), users.Count, products, idShift: 5);

        var result = await services.GetRequiredService<RetrainService>().RunAsync("test");
        Assert.Equal(RetrainStatus.Completed, result.Status);
        var skipped = Assert.Single(result.Run!.Skipped!, s => s.Method == RecommenderMethods.Als);
        Assert.Equal(SkipCodes.InvalidFactors, skipped.Code);
        Assert.Contains($"id {users.Count} is not an index of users.parquet", skipped.Reason);

        var function = ActivatorUtilities.CreateInstance<GetRecommendations>(services);
        var problem = Assert.IsType<ObjectResult>(await function.Run(Get("?k=10&method=als"), users[0].Id, CancellationToken.None), exactMatch: false);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
    }

    [Fact]
    public async Task Export_without_data_says_so_and_exits_1()
    {
        await using var services = TeddyServices.Create(storage.ConnectionString);
        var settings = services.GetRequiredService<IConfiguration>().AsEnumerable().ToDictionary();
        using var output = new StringWriter();
        Assert.Equal(1, await ExportCommand.RunAsync(["export"], config => config.AddInMemoryCollection(settings), output));
        Assert.Contains("Nothing to export", output.ToString());
    }
}
