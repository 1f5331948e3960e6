using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidation>();
        services.AddOptions<ServingOptions>().Bind(configuration.GetSection(ServingOptions.Section));
        services.AddOptions<RankingOptions>().Bind(configuration.GetSection(RankingOptions.Section));
        services.AddOptions<TrainingOptions>().Bind(configuration.GetSection(TrainingOptions.Section));
        services.AddOptions<EventWeights>().Bind(configuration.GetSection(EventsSection));
        services.AddOptions<BootstrapOptions>().Bind(configuration.GetSection(BootstrapOptions.Section));

        // Two sets of clients with their own SDK retry options (settings): the default ones for background
        // work (patient) and the "Requests" ones for calls made while answering a request (fail fast).
        var connection = StorageConnection(configuration);
        services.AddAzureClients(clients =>
        {
            clients.AddBlobServiceClient(connection).ConfigureOptions((o, sp) => Options(sp).Background.ApplyTo(o.Retry));
            clients.AddTableServiceClient(connection).ConfigureOptions((o, sp) => Options(sp).Background.ApplyTo(o.Retry));
            clients.AddBlobServiceClient(connection).WithName(StorageClients.Requests)
                .ConfigureOptions((o, sp) => Options(sp).Requests.ApplyTo(o.Retry));
            clients.AddTableServiceClient(connection).WithName(StorageClients.Requests)
                .ConfigureOptions((o, sp) => Options(sp).Requests.ApplyTo(o.Retry));
        });

        services.AddSingleton<IModelStore>(sp => Models(sp, StorageClients.Background));
        services.AddSingleton<IRetrainLock>(sp => new BlobRetrainLock(Container(sp, StorageClients.Requests, o => o.ModelsContainer),
            sp.GetRequiredService<ILogger<BlobRetrainLock>>(), Timeout(sp, StorageClients.Requests)));
        services.AddSingleton(sp => new BlobTrainingData(Container(sp, StorageClients.Background, o => o.DataContainer), Options(sp),
            Timeout(sp, StorageClients.Background)));
        services.AddSingleton<ITrainingData>(sp => sp.GetRequiredService<BlobTrainingData>());
        services.AddSingleton<IClickStore>(sp => new TableClickStore(Table(sp, StorageClients.Requests, o => o.ClicksTable),
            Timeout(sp, StorageClients.Requests)));

        services.AddSingleton<ServingModelProvider>();
        services.AddHostedService<ModelRefresher>();
        services.AddSingleton<RetrainService>();
        // The admin routes read and move versions while a request waits: the request budget.
        services.AddSingleton(sp => new ModelVersions(Models(sp, StorageClients.Requests), sp.GetRequiredService<ServingModelProvider>()));

        services.AddHealthChecks();
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<StorageOptions>>((health, storage) =>
        {
            var timeout = TimeSpan.FromSeconds(storage.Value.HealthTimeoutSeconds);
            string[] tags = [StorageHealthChecks.Tag];
            health.Registrations.Add(new HealthCheckRegistration(StorageHealthChecks.BlobName(storage.Value.ModelsContainer),
                sp => new StorageHealthChecks.BlobContainer(Container(sp, StorageClients.Requests, o => o.ModelsContainer)),
                HealthStatus.Unhealthy, tags, timeout));
            health.Registrations.Add(new HealthCheckRegistration(StorageHealthChecks.TableName(storage.Value.ClicksTable),
                sp => new StorageHealthChecks.Table(Table(sp, StorageClients.Requests, o => o.ClicksTable)),
                HealthStatus.Unhealthy, tags, timeout));
        });
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

    private static StorageOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value;

    /// <summary>The total time one operation may take with these clients.</summary>
    private static TimeSpan Timeout(IServiceProvider services, string clients) =>
        (clients == StorageClients.Requests ? Options(services).Requests : Options(services).Background).Timeout;

    private static BlobModelStore Models(IServiceProvider services, string clients) =>
        new(Container(services, clients, o => o.ModelsContainer), Timeout(services, clients));

    private static BlobContainerClient Container(IServiceProvider services, string clients, Func<StorageOptions, string> name) =>
        services.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(clients).GetBlobContainerClient(name(Options(services)));

    private static TableClient Table(IServiceProvider services, string clients, Func<StorageOptions, string> name) =>
        services.GetRequiredService<IAzureClientFactory<TableServiceClient>>().CreateClient(clients).GetTableClient(name(Options(services)));
}
