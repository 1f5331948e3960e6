using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Teddy.Analytics;
using Teddy.Learning;
using Teddy.Storage;

namespace Teddy.Hosting;

public static partial class TeddyServiceCollectionExtensions
{
    /// <summary>
    /// Click-through analytics: the aggregation (a background service in every host; one instance at a time
    /// through a lease) and this instance's copy of the shared aggregates, which is the <see cref="ILearningState"/>
    /// serving reads. Background work, so the patient storage budget.
    /// </summary>
    private static void AddClickThroughAnalytics(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AggregationOptions>().Bind(configuration.GetSection(AggregationOptions.Section))
            .Validate(o => o.Validate() is not null).ValidateOnStart();
        services.AddOptions<CtrOptions>().Bind(configuration.GetSection(AggregationOptions.CtrSection))
            .Validate(o => o.Validate() is not null).ValidateOnStart();

        services.AddSingleton<IAnalyticsStore>(sp => new BlobAnalyticsStore(
            Container(sp, StorageClients.Background, o => o.AnalyticsContainer), sp.GetRequiredService<ILogger<BlobAnalyticsStore>>(),
            Timeout(sp, StorageClients.Background)));
        services.AddSingleton<IFeedbackSource>(sp => new TableFeedbackSource(
            Table(sp, StorageClients.Background, o => o.ImpressionsTable),
            Table(sp, StorageClients.Background, o => o.ClicksTable),
            Timeout(sp, StorageClients.Background)));
        services.AddSingleton<CtrAggregator>();
        services.AddHostedService<CtrAggregationService>();
        services.AddSingleton<SharedLearningState>();
        services.AddSingleton<ILearningState>(sp => sp.GetRequiredService<SharedLearningState>());
        services.AddHostedService<LearningStateRefresher>();
    }
}
