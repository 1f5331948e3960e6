using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Teddy.Artifacts;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Serving;
using Teddy.Training;

namespace Teddy.Functions.Tests.Training;

/// <summary>Retrain, store, promote, hot-swap, refuse and roll back, on real (emulated) storage.</summary>
[Collection(StorageCollection.Name)]
public class RetrainEndToEndTests(AzuriteFixture storage)
{
    [Fact]
    public async Task A_retrain_stores_a_complete_version_promotes_it_and_serves_it()
    {
        await using var services = TeddyServices.Create(storage.ConnectionString);
        await TeddyServices.UploadShopAsync(services);

        var result = await services.GetRequiredService<RetrainService>().RunAsync("test");

        Assert.Equal(RetrainStatus.Completed, result.Status);
        Assert.True(result.Promoted, result.Reason);
        var store = services.GetRequiredService<IModelStore>();
        Assert.Equal(result.Version, (await store.GetPointerAsync())!.Version);
        var metadata = (await store.GetMetadataAsync(result.Version!))!;
        Assert.Equal(metadata.Sha256, new ArtifactReader(await store.LoadModelAsync(result.Version!)).Sha256);
        Assert.Equal(TeddyServices.SmallShop.Products, metadata.Data.Products);
        Assert.True(metadata.TimingsMs.ContainsKey("ingest") && metadata.TimingsMs.ContainsKey("tfidf") && metadata.TimingsMs.ContainsKey("fit_svd"));

        using var report = JsonDocument.Parse((await store.GetReportAsync(result.Version!))!);
        Assert.Equal(6, report.RootElement.GetProperty("candidates").GetArrayLength()); // hybrid, content, collaborative, itemknn, ease, popular
        Assert.Equal("ndcg", report.RootElement.GetProperty("selection").GetProperty("rule").GetString());
        Assert.True(report.RootElement.GetProperty("svd").GetProperty("heldout_rmse").GetDouble() > 0);

        var serving = services.GetRequiredService<ServingModelProvider>().Current;
        Assert.Equal(result.Version, serving!.Version);
    }

    [Fact]
    public async Task Another_instance_notices_a_promotion_and_swaps_without_a_restart()
    {
        await using var trainer = TeddyServices.Create(storage.ConnectionString);
        await TeddyServices.UploadShopAsync(trainer);
        var first = await trainer.GetRequiredService<RetrainService>().RunAsync("test");

        // A second instance shares the storage settings of the first, with its own serving state.
        var shared = trainer.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        await using var other = TeddyServices.Create(storage.ConnectionString, shared.AsEnumerable()
            .Where(p => p.Key.StartsWith("Teddy:Storage:")).Append(new("Teddy:Serving:RefreshSeconds", "1")).ToDictionary());
        var otherProvider = other.GetRequiredService<ServingModelProvider>();
        // A request waits for a first load only within its budget; a loaded machine may need a few tries.
        ServingModel? loaded = null;
        var loadDeadline = DateTime.UtcNow.AddSeconds(60);
        while ((loaded = await otherProvider.GetAsync()) is null && DateTime.UtcNow < loadDeadline) await Task.Delay(200);
        Assert.Equal(first.Version, loaded!.Version);

        var refresher = other.GetServices<IHostedService>().OfType<ModelRefresher>().Single();
        await refresher.StartAsync(CancellationToken.None);
        try
        {
            var second = await trainer.GetRequiredService<RetrainService>().RunAsync("test");
            Assert.True(second.Promoted, second.Reason);
            Assert.NotEqual(first.Version, second.Version);

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (otherProvider.Current!.Version != second.Version && DateTime.UtcNow < deadline) await Task.Delay(200);
            Assert.Equal(second.Version, otherProvider.Current.Version);
            Assert.NotSame(loaded, otherProvider.Current);
        }
        finally
        {
            await refresher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_worse_model_is_not_promoted_and_a_kept_version_can_be_rolled_back_to()
    {
        await using var good = TeddyServices.Create(storage.ConnectionString);
        await TeddyServices.UploadShopAsync(good);
        var first = await good.GetRequiredService<RetrainService>().RunAsync("test");
        Assert.True(first.Promoted);

        // Same storage, but only popularity may be trained: a clearly worse winner.
        var storageSettings = good.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>().AsEnumerable()
            .Where(p => p.Key.StartsWith("Teddy:Storage:")).ToDictionary();
        await using var popularOnly = TeddyServices.Create(storage.ConnectionString,
            new Dictionary<string, string?>(storageSettings) { ["Teddy:Training:Candidates"] = "popular" });
        var worse = await popularOnly.GetRequiredService<RetrainService>().RunAsync("test");

        Assert.Equal(RetrainStatus.Completed, worse.Status);
        Assert.False(worse.Promoted);
        Assert.Contains("keeping the serving model", worse.Reason);
        var store = good.GetRequiredService<IModelStore>();
        Assert.Equal(first.Version, (await store.GetPointerAsync())!.Version);
        using (var report = JsonDocument.Parse((await store.GetReportAsync(worse.Version!))!))
        {
            Assert.False(report.RootElement.GetProperty("decision").GetProperty("promote").GetBoolean());
            Assert.Equal(first.Version, report.RootElement.GetProperty("decision").GetProperty("serving_version").GetString());
        }

        // Forward to the refused version on purpose, then roll back.
        var versions = good.GetRequiredService<ModelVersions>();
        Assert.Equal(PromotionOutcome.Promoted, await versions.PromoteAsync(worse.Version!, "test"));
        Assert.Equal(worse.Version, good.GetRequiredService<ServingModelProvider>().Current!.Version);
        Assert.Equal(PromotionOutcome.Promoted, await versions.PromoteAsync(first.Version!, "rollback"));
        Assert.Equal(first.Version, (await store.GetPointerAsync())!.Version);
        Assert.Equal(first.Version, good.GetRequiredService<ServingModelProvider>().Current!.Version);
        Assert.Equal(PromotionOutcome.UnknownVersion, await versions.PromoteAsync("20200101_000000", "missing"));

        var listed = await versions.ListAsync();
        Assert.Equal([worse.Version, first.Version], listed.Select(v => v.Version));
        Assert.True(listed.Single(v => v.Version == first.Version).Current);
        Assert.NotNull(listed.Single(v => v.Version == first.Version).Ndcg);
    }

    [Fact]
    public async Task Only_the_last_versions_are_kept_and_only_one_retrain_runs_at_a_time()
    {
        await using var services = TeddyServices.Create(storage.ConnectionString, new Dictionary<string, string?>
        {
            ["Teddy:Training:Selection:KeepVersions"] = "2",
            ["Teddy:Training:Candidates"] = "content",
        });
        await TeddyServices.UploadShopAsync(services);
        var retrain = services.GetRequiredService<RetrainService>();
        var versions = new List<string>();
        for (int i = 0; i < 3; i++) versions.Add((await retrain.RunAsync("test")).Version!);
        Assert.Equal(versions.Skip(1), await services.GetRequiredService<IModelStore>().ListVersionsAsync());

        await using var held = await services.GetRequiredService<IRetrainLock>().TryAcquireAsync();
        Assert.NotNull(held);
        var busy = await retrain.RunAsync("test");
        Assert.Equal(RetrainStatus.Busy, busy.Status);

        // Popularity is measured as the baseline even when it is not a candidate.
        using var report = JsonDocument.Parse((await services.GetRequiredService<IModelStore>().GetReportAsync(versions[^1]))!);
        Assert.Equal(["content", "popular"], report.RootElement.GetProperty("candidates").EnumerateArray()
            .Select(c => c.GetProperty("method").GetString()).Order());
    }

    [Fact]
    public async Task Retraining_without_data_says_what_is_missing()
    {
        await using var services = TeddyServices.Create(storage.ConnectionString);
        var result = await services.GetRequiredService<RetrainService>().RunAsync("test");

        Assert.Equal(RetrainStatus.NoData, result.Status);
        Assert.Contains("Upload the catalog and events", result.Reason);
        var run = (await services.GetRequiredService<IRetrainRuns>().GetAsync(result.Run!.Id))!;
        Assert.Equal((RetrainState.Failed, RetrainFailures.NoData), (run.State, run.Failure));
        Assert.Empty(await services.GetRequiredService<IModelStore>().ListVersionsAsync());
    }

    [Fact]
    public async Task An_empty_events_file_is_refused_keeps_the_serving_model_and_health_warns()
    {
        await using var services = TeddyServices.Create(storage.ConnectionString);
        await TeddyServices.UploadShopAsync(services);
        var retrain = services.GetRequiredService<RetrainService>();
        var good = await retrain.RunAsync("test");
        Assert.True(good.Promoted, good.Reason);
        var users = services.GetRequiredService<ServingModelProvider>().Current!.Model.Users;

        // The shop's events file is replaced by a 0-byte upload; the catalog is the same.
        var data = services.GetRequiredService<ITrainingData>();
        string catalog;
        using (var reader = new StreamReader(await data.OpenCatalogAsync())) catalog = await reader.ReadToEndAsync();
        await TeddyServices.UploadAsync(services, catalog, "");
        var refused = await retrain.RunAsync("test");

        Assert.Equal(RetrainStatus.Refused, refused.Status);
        Assert.False(refused.Promoted);
        var store = services.GetRequiredService<IModelStore>();
        Assert.Equal(good.Version, (await store.GetPointerAsync())!.Version);
        Assert.Same(users, services.GetRequiredService<ServingModelProvider>().Current!.Model.Users); // known shoppers stay known
        Assert.Equal([good.Version!, refused.Version!], await store.ListVersionsAsync()); // kept for inspection

        using (var report = JsonDocument.Parse((await store.GetReportAsync(refused.Version!))!))
        {
            var decision = report.RootElement.GetProperty("decision");
            Assert.Equal("data_gates", decision.GetProperty("refused_by").GetString());
            var events = decision.GetProperty("gates").GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "events_share");
            Assert.Equal(0, events.GetProperty("value").GetDouble());
            Assert.Equal(0.5, events.GetProperty("limit").GetDouble());
        }
        var run = (await services.GetRequiredService<IRetrainRuns>().GetAsync(refused.Run!.Id))!;
        Assert.Equal(RetrainState.Refused, run.State);
        Assert.Contains(run.Gates!.Checks, c => c is { Name: "events_share", Passed: false });

        var warnings = await services.GetRequiredService<RetrainWarnings>().GetAsync(good.Version);
        var warning = Assert.Single(warnings);
        Assert.Equal(("retrain_refused", run.Id, refused.Version), (warning.Code, warning.RetrainId, warning.Version));
        Assert.Contains("events", warning.Detail);

        // Promoted by hand, the refused version is what serves and the warning is gone.
        Assert.Equal(PromotionOutcome.Promoted, await services.GetRequiredService<ModelVersions>().PromoteAsync(refused.Version!, "test"));
        Assert.Empty(await services.GetRequiredService<RetrainWarnings>().GetAsync(refused.Version));
    }

    [Theory]
    [InlineData("itemknn,popular")]
    [InlineData("hybrid,content,collaborative,itemknn,popular")]
    public async Task Titles_without_a_vocabulary_still_train_and_the_skip_is_recorded(string candidates)
    {
        // "A 0", "B 1", …: no token of two word characters. This used to be a 500 "Empty vocabulary" for any candidates.
        await using var services = TeddyServices.Create(storage.ConnectionString, new Dictionary<string, string?> { ["Teddy:Training:Candidates"] = candidates });
        var random = new Random(5);
        string catalog = string.Concat(Enumerable.Range(0, 300).Select(i => $"{{\"id\":\"p{i}\",\"title\":\"{(char)('A' + i % 26)} {i % 10}\"}}\n"));
        string events = string.Concat(Enumerable.Range(0, 150 * 12).Select(e =>
            $"{{\"eventType\":\"detail-page-view\",\"visitorId\":\"u{e / 12}\",\"eventTime\":\"2024-01-01T00:00:{e % 12:00}Z\"," +
            $"\"productDetails\":[{{\"product\":{{\"id\":\"p{(e / 12 % 10) * 30 + random.Next(30)}\"}}}}]}}\n"));
        await TeddyServices.UploadAsync(services, catalog, events);

        var result = await services.GetRequiredService<RetrainService>().RunAsync("test");

        Assert.Equal(RetrainStatus.Completed, result.Status);
        Assert.True(result.Promoted, result.Reason);
        var metadata = (await services.GetRequiredService<IModelStore>().GetMetadataAsync(result.Version!))!;
        var skipped = metadata.Evaluation!["skipped"]!.AsArray().Select(s => s!["method"]!.GetValue<string>()).ToArray();
        if (candidates.StartsWith("itemknn"))
        {
            Assert.Empty(skipped);
            Assert.DoesNotContain("tfidf", metadata.TimingsMs.Keys);
        }
        else
        {
            Assert.Equal(["content"], skipped);
            Assert.Equal(["collaborative"], metadata.Evaluation["hybrid_parts"]!.AsArray().Select(p => p!.GetValue<string>()));
        }
        Assert.Equal(RetrainState.Succeeded, (await services.GetRequiredService<IRetrainRuns>().GetAsync(result.Run!.Id))!.State);
    }

    [Fact]
    public async Task Data_that_trains_nothing_stores_nothing_and_records_why()
    {
        await using var services = TeddyServices.Create(storage.ConnectionString);
        await TeddyServices.UploadShopAsync(services);
        var good = await services.GetRequiredService<RetrainService>().RunAsync("test");

        await TeddyServices.UploadAsync(services, "{\"title\":\"no id\"}\n{\"title\":\"none\"}\n",
            "{\"eventType\":\"detail-page-view\",\"visitorId\":\"v\",\"eventTime\":\"2024-01-01T00:00:00Z\",\"productDetails\":[{\"product\":{\"id\":\"p\"}}]}\n");
        var result = await services.GetRequiredService<RetrainService>().RunAsync("test");

        Assert.Equal(RetrainStatus.Untrainable, result.Status);
        Assert.Contains("missing_id 2", result.Reason);
        Assert.Equal([good.Version!], await services.GetRequiredService<IModelStore>().ListVersionsAsync());
        Assert.Equal(good.Version, services.GetRequiredService<ServingModelProvider>().Current!.Version);
        var run = (await services.GetRequiredService<IRetrainRuns>().GetAsync(result.Run!.Id))!;
        Assert.Equal((RetrainState.Failed, RetrainFailures.UntrainableData), (run.State, run.Failure));
        Assert.Equal(2, run.Ingestion!["products"]!["skipped_by_reason"]!["missing_id"]!.GetValue<long>());
        Assert.All(run.Skipped!, s => Assert.Equal(SkipCodes.NoProducts, s.Code));
        Assert.Equal("retrain_failed", Assert.Single(await services.GetRequiredService<RetrainWarnings>().GetAsync(good.Version)).Code);
    }
}
