using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Teddy.Simulation;

namespace Teddy.Hosting;

public static partial class TeddyServiceCollectionExtensions
{
    /// <summary>The page's settings (its Content-Security-Policy) and the dashboard's shopper simulation (queued).</summary>
    private static void AddPage(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PageOptions>().Bind(configuration.GetSection(PageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PageOptions>, PageOptionsValidation>();
        services.AddOptions<SimulationOptions>().Bind(configuration.GetSection(SimulationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulationOptions>, SimulationOptionsValidation>();
        services.AddSingleton<LiveShopperSimulation>();
        AddSimulationQueue(services, configuration);
    }
}
