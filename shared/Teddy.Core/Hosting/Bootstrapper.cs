using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teddy.Artifacts;
using Teddy.SampleData;
using Teddy.Storage;
using Teddy.Training;

namespace Teddy.Hosting;

/// <summary>Settings under <c>Teddy:Bootstrap</c>: what a fresh local environment does at start-up (both off by default).</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Teddy:Bootstrap";

    /// <summary>When the data container has no catalog and no events, upload the generated demo shop.</summary>
    public bool SeedSampleData { get; set; }
    /// <summary>Size of the demo shop as a multiple of the default (14,339 products, 8,000 visitors, 250,000 events).</summary>
    public double SampleScale { get; set; } = 1.0;
    /// <summary>When no model has been promoted yet, train one right away instead of waiting for the schedule.</summary>
    public bool TrainWhenNoModel { get; set; }
}

/// <summary>
/// Makes a fresh environment useful without manual steps: seeds the demo shop and trains the first model.
/// Runs once in the background at start-up of any host (Functions worker or development runner); with
/// several instances, the retrain lock lets only one train.
/// </summary>
public sealed class Bootstrapper(
    IOptions<BootstrapOptions> options,
    BlobTrainingData data,
    IModelStore store,
    RetrainService retrain,
    ILogger<Bootstrapper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.SeedSampleData && !settings.TrainWhenNoModel) return;
        try
        {
            if (settings.SeedSampleData && await data.IsEmptyAsync(stoppingToken))
            {
                var shop = SampleShopOptions.Default.Scaled(settings.SampleScale);
                using var catalog = new MemoryStream();
                using var events = new MemoryStream();
                var summary = SampleShopGenerator.Write(shop, catalog, events);
                catalog.Position = 0;
                events.Position = 0;
                await data.UploadAsync(catalog, events, stoppingToken);
                logger.LogInformation("Uploaded the demo shop: {Products} products, {Events} events", summary.Products, summary.Events);
            }
            if (settings.TrainWhenNoModel && await store.GetPointerAsync(stoppingToken) is null)
            {
                logger.LogInformation("No model is promoted yet: training the first one");
                // Through the same service, lock and status records as queued and scheduled retrains (trigger "bootstrap").
                var result = await retrain.RunAsync("bootstrap", stoppingToken);
                logger.Log(result.Promoted || result.Status == RetrainStatus.Busy ? LogLevel.Information : LogLevel.Warning,
                    "First model: {Status} {Version} promoted={Promoted} ({Reason})",
                    result.Status, result.Version, result.Promoted, result.Reason);
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // Start-up help must never stop the app: it serves (503 until a model exists) and the timer retries.
            logger.LogError(e, "Bootstrap failed; upload data and call POST api/models/retrain to train a model");
        }
    }
}
