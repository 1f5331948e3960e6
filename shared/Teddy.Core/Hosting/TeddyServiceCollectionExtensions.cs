using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teddy.Artifacts;
using Teddy.Feedback;
using Teddy.Interactions;
using Teddy.Ranking;
using Teddy.Serving;
using Teddy.Storage;
using Teddy.Training;

namespace Teddy.Hosting;

/// <summary>The one composition of Teddy's services, used by the Functions worker, the development runner and tests.</summary>
public static class TeddyServiceCollectionExtensions
{
    public const string EventsSection = "Teddy:Events";

    public static IServiceCollection AddTeddy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<ServingOptions>().Bind(configuration.GetSection(ServingOptions.Section));
        services.AddOptions<RankingOptions>().Bind(configuration.GetSection(RankingOptions.Section));
        services.AddOptions<TrainingOptions>().Bind(configuration.GetSection(TrainingOptions.Section));
        services.AddOptions<EventWeights>().Bind(configuration.GetSection(EventsSection));
        services.AddOptions<BootstrapOptions>().Bind(configuration.GetSection(BootstrapOptions.Section));
        services.AddOptions<LogOptions>().Bind(configuration.GetSection(LogOptions.Section));
        var logs = configuration.GetSection(LogOptions.Section).Get<LogOptions>() ?? new LogOptions();
        services.AddLogging(logging => logging.AddFilter("Azure", logs.AzureSdk));
        services.AddOptions<RetrainOptions>().Bind(configuration.GetSection(RetrainOptions.Section));

        var connection = StorageConnection(configuration);
        services.AddAzureClients(clients =>
        {
            clients.AddBlobServiceClient(StorageClientConfiguration.Blob(connection));
            clients.AddTableServiceClient(StorageClientConfiguration.Table(connection));
        });

        services.AddSingleton<IModelStore>(sp => new BlobModelStore(Container(sp, o => o.ModelsContainer)));
        services.AddSingleton<IRetrainLock>(sp => new BlobRetrainLock(Container(sp, o => o.ModelsContainer),
            sp.GetRequiredService<ILogger<BlobRetrainLock>>()));
        services.AddSingleton(sp => new BlobTrainingData(Container(sp, o => o.DataContainer), Options(sp)));
        services.AddSingleton<ITrainingData>(sp => sp.GetRequiredService<BlobTrainingData>());
        services.AddSingleton<IClickStore>(sp => new TableClickStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(Options(sp).ClicksTable)));

        services.AddSingleton<ServingModelProvider>();
        services.AddHostedService<ModelRefresher>();
        services.AddSingleton<RetrainService>();
        AddRetrainQueue(services, configuration, connection);
        services.AddSingleton<ModelVersions>();
        services.AddHostedService<Bootstrapper>();
        return services;
    }

    /// <summary>
    /// <c>TeddyStorage</c> (a connection string, or a section with <c>blobServiceUri</c>/<c>tableServiceUri</c>
    /// for managed identity); when absent, the Functions host's own <c>AzureWebJobsStorage</c>.
    /// </summary>
    public static IConfigurationSection StorageConnection(IConfiguration configuration)
    {
        var teddy = configuration.GetSection(StorageOptions.ConnectionSetting);
        return teddy.Value is { Length: > 0 } || teddy.GetChildren().Any() ? teddy : configuration.GetSection("AzureWebJobsStorage");
    }

    /// <summary>
    /// Queued retrains: status records in a table, requests on the <c>RETRAIN_QUEUE</c> queue of the same storage
    /// (base64 messages, as the queue trigger reads them).
    /// </summary>
    private static void AddRetrainQueue(IServiceCollection services, IConfiguration configuration, IConfigurationSection connection)
    {
        services.AddSingleton<IRetrainRuns>(sp => new TableRetrainRuns(sp.GetRequiredService<TableServiceClient>()
            .GetTableClient(Options(sp).RetrainsTable)));
        services.AddSingleton<IRetrainQueue>(sp => new StorageRetrainQueue(StorageQueues
            .CreateServiceClient(connection, Azure.Storage.Queues.QueueMessageEncoding.Base64, sp.GetRequiredService<AzureComponentFactory>())
            .GetQueueClient(configuration[RetrainOptions.QueueSetting] is { Length: > 0 } name ? name : RetrainOptions.DefaultQueue)));
        services.AddSingleton<RetrainRequests>();
        services.AddSingleton<RetrainWarnings>();
    }

    private static StorageOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value;

    private static BlobContainerClient Container(IServiceProvider services, Func<StorageOptions, string> name) =>
        services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(name(Options(services)));
}
