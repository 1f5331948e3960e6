using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using Teddy.Analytics;
using Teddy.Observability;
using Teddy.Serving;

namespace Teddy.Hosting;

public static partial class TeddyServiceCollectionExtensions
{
    /// <summary>
    /// Teddy's metrics (<see cref="TeddyMetrics"/>): the instruments exist in every host; they reach Application
    /// Insights only where the host adds an exporter (the function app does when a connection string is set).
    /// </summary>
    private static void AddObservability(IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton(sp => new TeddyMetrics(sp.GetRequiredService<IMeterFactory>(),
            () => sp.GetRequiredService<ServingModelProvider>().Current is { } model ? new ServedModel(model.Version, model.Model.PromotedMethod) : null,
            () => sp.GetRequiredService<SharedLearningState>().Loaded?.Document is not null ? sp.GetRequiredService<SharedLearningState>().Current.OverallCtr : null));
    }
}
