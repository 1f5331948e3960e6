using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teddy.Artifacts;
using Teddy.Feedback;
using Teddy.Interactions;
using Teddy.Learning;
using Teddy.Ranking;
using Teddy.Serving;
using Teddy.Storage;
using Teddy.Training;

namespace Teddy.Hosting;

/// <summary>The one composition of Teddy's services, used by the Functions worker, the development runner and tests.</summary>
public static partial class TeddyServiceCollectionExtensions
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
        services.AddOptions<LogOptions>().Bind(configuration.GetSection(LogOptions.Section));
        var logs = configuration.GetSection(LogOptions.Section).Get<LogOptions>() ?? new LogOptions();
        services.AddLogging(logging => logging.AddFilter("Azure", logs.AzureSdk));
        services.AddOptions<RetrainOptions>().Bind(configuration.GetSection(RetrainOptions.Section));
        services.AddOptions<FeedbackOptions>().Bind(configuration.GetSection(FeedbackOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FeedbackOptions>, FeedbackOptionsValidation>();

        // Two sets of clients with their own SDK retry options (settings): the default ones for background
        // work (patient) and the "Requests" ones for calls made while answering a request (fail fast).
        var connection = StorageConnection(configuration);
        services.AddAzureClients(clients =>
        {
            var blob = StorageClientConfiguration.Blob(connection);
            var table = StorageClientConfiguration.Table(connection);
            clients.AddBlobServiceClient(blob).ConfigureOptions((o, sp) => Options(sp).Background.ApplyTo(o.Retry));
            clients.AddTableServiceClient(table).ConfigureOptions((o, sp) => Options(sp).Background.ApplyTo(o.Retry));
            clients.AddBlobServiceClient(blob).WithName(StorageClients.Requests)
                .ConfigureOptions((o, sp) => Options(sp).Requests.ApplyTo(o.Retry));
            clients.AddTableServiceClient(table).WithName(StorageClients.Requests)
                .ConfigureOptions((o, sp) => Options(sp).Requests.ApplyTo(o.Retry));
        });

        services.AddSingleton<IModelStore>(sp => Models(sp, StorageClients.Background));
        // Retrains run in the background (queue, timer, bootstrap), never inside a request: the patient budget.
        services.AddSingleton<IRetrainLock>(sp => new BlobRetrainLock(Container(sp, StorageClients.Background, o => o.ModelsContainer),
            sp.GetRequiredService<ILogger<BlobRetrainLock>>(), Timeout(sp, StorageClients.Background)));
        services.AddSingleton(sp => new BlobTrainingData(Container(sp, StorageClients.Background, o => o.DataContainer), Options(sp),
            Timeout(sp, StorageClients.Background)));
        services.AddSingleton<ITrainingData>(sp => sp.GetRequiredService<BlobTrainingData>());
        services.AddSingleton<IClickStore>(sp => new TableClickStore(Table(sp, StorageClients.Requests, o => o.ClicksTable),
            Timeout(sp, StorageClients.Requests)));

        AddFeedback(services);
        AddServingLearning(services, configuration);

        services.AddSingleton<ServingModelProvider>();
        services.AddHostedService<ModelRefresher>();
        services.AddSingleton<RetrainService>();
        AddRetrainQueue(services, configuration, connection);
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
            health.Registrations.Add(new HealthCheckRegistration(StorageHealthChecks.TableName(storage.Value.EventsTable),
                sp => new StorageHealthChecks.Table(Table(sp, StorageClients.Requests, o => o.EventsTable)),
                HealthStatus.Unhealthy, tags, timeout));
            health.Registrations.Add(new HealthCheckRegistration(StorageHealthChecks.TableName(storage.Value.ImpressionsTable),
                sp => new StorageHealthChecks.Table(Table(sp, StorageClients.Requests, o => o.ImpressionsTable)),
                HealthStatus.Unhealthy, tags, timeout));
            health.Registrations.Add(new HealthCheckRegistration(StorageHealthChecks.QueueName(RetrainQueueName(configuration)),
                sp => new StorageHealthChecks.Queue(RetrainQueue(sp, configuration, connection)),
                HealthStatus.Unhealthy, tags, timeout));
        });
        services.AddHostedService<Bootstrapper>();
        AddClickThroughAnalytics(services, configuration);
        AddObservability(services);
        AddSparkInterchange(services, configuration);
        AddOptionsValidation(services);
        AddPage(services, configuration);
        return services;
    }

    /// <summary>
    /// Learning from shoppers: impressions buffered and written in the background (the patient budget), events and
    /// clicks stored while the request waits (the request budget), the real-time cache of recent events (read on a
    /// miss with its own short timeout), and the events table's export for retrains (the patient budget).
    /// </summary>
    private static void AddFeedback(IServiceCollection services)
    {
        services.AddSingleton<ImpressionLog>();
        services.AddSingleton<IImpressionStore>(sp => new TableImpressionStore(Table(sp, StorageClients.Background, o => o.ImpressionsTable),
            Timeout(sp, StorageClients.Background)));
        services.AddHostedService<ImpressionFlusher>();
        services.AddSingleton<IUserEventStore>(sp => new TableUserEventStore(Table(sp, StorageClients.Requests, o => o.EventsTable),
            Timeout(sp, StorageClients.Requests), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IRecordedEvents>(sp => new TableUserEventStore(Table(sp, StorageClients.Background, o => o.EventsTable),
            Timeout(sp, StorageClients.Background), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RecentEventCache>();
        services.AddSingleton<FeedbackRecorder>();
    }

    /// <summary>
    /// What serving learns from clicks: the adaptive hybrid weights and brand learning read the shared
    /// <see cref="ILearningState"/>; a host without the click-through aggregation gets an empty, fixed one.
    /// </summary>
    private static void AddServingLearning(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdaptiveWeightsOptions>().Bind(configuration.GetSection(AdaptiveWeightsOptions.Section)).ValidateOnStart();
        services.AddOptions<BrandLearningOptions>().Bind(configuration.GetSection(BrandLearningOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdaptiveWeightsOptions>, LearningOptionsValidation>();
        services.AddSingleton<IValidateOptions<BrandLearningOptions>, LearningOptionsValidation>();
        services.TryAddSingleton<ILearningState>(new FixedLearningState(LearningSnapshot.Empty));
        services.AddSingleton(sp => new ServingLearning(sp.GetRequiredService<ILearningState>(),
            sp.GetRequiredService<IOptions<AdaptiveWeightsOptions>>().Value, sp.GetRequiredService<IOptions<BrandLearningOptions>>().Value));
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
    /// <remarks>
    /// The records and the queue are written while <c>POST api/models/retrain</c> waits, and read by the status
    /// routes and the health check, so they use the request budget; so does the data check before enqueuing.
    /// </remarks>
    private static void AddRetrainQueue(IServiceCollection services, IConfiguration configuration, IConfigurationSection connection)
    {
        services.AddSingleton<IRetrainRuns>(sp => new TableRetrainRuns(Table(sp, StorageClients.Requests, o => o.RetrainsTable),
            Timeout(sp, StorageClients.Requests)));
        services.AddSingleton<IRetrainQueue>(sp => new StorageRetrainQueue(RetrainQueue(sp, configuration, connection),
            Timeout(sp, StorageClients.Requests)));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RetrainRequests>(sp,
            (ITrainingData)new BlobTrainingData(Container(sp, StorageClients.Requests, o => o.DataContainer), Options(sp),
                Timeout(sp, StorageClients.Requests))));
        services.AddSingleton<RetrainWarnings>();
    }

    private static string RetrainQueueName(IConfiguration configuration) =>
        QueueName(configuration, RetrainOptions.QueueSetting, RetrainOptions.DefaultQueue);

    /// <summary>The retrain queue with the request path's retry options, base64 messages as the queue trigger reads them.</summary>
    private static Azure.Storage.Queues.QueueClient RetrainQueue(IServiceProvider sp, IConfiguration configuration, IConfigurationSection connection) =>
        WorkQueue(sp, connection, RetrainQueueName(configuration));

    /// <summary>A queue trigger's queue name: its top-level setting, else the default.</summary>
    private static string QueueName(IConfiguration configuration, string setting, string defaultName) =>
        configuration[setting] is { Length: > 0 } name ? name : defaultName;

    /// <summary>A work queue with the request path's retry options, base64 messages as the queue trigger reads them.</summary>
    private static Azure.Storage.Queues.QueueClient WorkQueue(IServiceProvider sp, IConfigurationSection connection, string name) =>
        StorageQueues.CreateServiceClient(connection, Azure.Storage.Queues.QueueMessageEncoding.Base64, sp.GetRequiredService<AzureComponentFactory>(),
                options => Options(sp).Requests.ApplyTo(options.Retry))
            .GetQueueClient(name);

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
