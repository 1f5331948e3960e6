using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Teddy.Simulation;
using Teddy.Storage;
using Teddy.Training;

namespace Teddy.Hosting;

public static partial class TeddyServiceCollectionExtensions
{
    /// <summary>
    /// Queued shopper simulations, as queued retrains: status records in a table, requests on the <c>SIMULATION_QUEUE</c>
    /// queue of the same storage (base64 messages, as the queue trigger reads them), the queue among health's dependencies,
    /// and both queue names checked at start-up.
    /// </summary>
    /// <remarks>
    /// The records and the queue are written while <c>POST api/simulations</c> waits and read by the status route, so they
    /// use the request budget, as the retrain's do.
    /// </remarks>
    private static void AddSimulationQueue(IServiceCollection services, IConfiguration configuration)
    {
        var connection = StorageConnection(configuration);
        services.AddSingleton<ISimulationRuns>(sp => new TableSimulationRuns(Table(sp, StorageClients.Requests, o => o.SimulationsTable),
            Timeout(sp, StorageClients.Requests)));
        services.AddSingleton<ISimulationQueue>(sp => new StorageSimulationQueue(SimulationQueue(sp, configuration, connection),
            Timeout(sp, StorageClients.Requests)));
        services.AddSingleton<SimulationRequests>();
        services.AddSingleton<SimulationService>();

        // (One queue named twice is refused at start-up below; it would be a duplicate check name before that.)
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<StorageOptions>>((health, storage) =>
        {
            if (SimulationQueueName(configuration) == RetrainQueueName(configuration)) return;
            health.Registrations.Add(new HealthCheckRegistration(StorageHealthChecks.QueueName(SimulationQueueName(configuration)),
                sp => new StorageHealthChecks.Queue(SimulationQueue(sp, configuration, connection)),
                HealthStatus.Unhealthy, [StorageHealthChecks.Tag], TimeSpan.FromSeconds(storage.Value.HealthTimeoutSeconds)));
        });

        services.AddOptions<QueueNames>().Configure(names =>
        {
            names.Retrain = RetrainQueueName(configuration);
            names.Simulation = SimulationQueueName(configuration);
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QueueNames>, QueueNamesValidation>();
    }

    private static string SimulationQueueName(IConfiguration configuration) =>
        QueueName(configuration, SimulationOptions.QueueSetting, SimulationOptions.DefaultQueue);

    private static Azure.Storage.Queues.QueueClient SimulationQueue(IServiceProvider sp, IConfiguration configuration, IConfigurationSection connection) =>
        WorkQueue(sp, connection, SimulationQueueName(configuration));
}

/// <summary>The queues the app's queue triggers read, named by top-level settings (the trigger attributes read them as <c>%SETTING%</c>).</summary>
public sealed class QueueNames
{
    /// <summary><see cref="RetrainOptions.QueueSetting"/>.</summary>
    public string Retrain { get; set; } = RetrainOptions.DefaultQueue;

    /// <summary><see cref="SimulationOptions.QueueSetting"/>.</summary>
    public string Simulation { get; set; } = SimulationOptions.DefaultQueue;
}

/// <summary>Checks the queue names at start-up by the service's rules (<see cref="StorageNames.QueueProblem"/>), naming the setting.</summary>
public sealed class QueueNamesValidation : IValidateOptions<QueueNames>
{
    public ValidateOptionsResult Validate(string? name, QueueNames names)
    {
        var problems = new List<string>();
        if (StorageNames.QueueProblem(names.Retrain) is { } retrain) problems.Add($"{RetrainOptions.QueueSetting}: {retrain}");
        if (StorageNames.QueueProblem(names.Simulation) is { } simulation) problems.Add($"{SimulationOptions.QueueSetting}: {simulation}");
        if (problems.Count == 0 && names.Retrain == names.Simulation)
            problems.Add($"{SimulationOptions.QueueSetting}: must not be the retrain queue ({RetrainOptions.QueueSetting}), '{names.Retrain}': each queue trigger needs its own queue.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
