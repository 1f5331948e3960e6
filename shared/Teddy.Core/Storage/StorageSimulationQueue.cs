using Azure.Storage.Queues;
using Teddy.Simulation;

namespace Teddy.Storage;

/// <summary>
/// The simulation queue in Azure Queue Storage, as <see cref="StorageRetrainQueue"/> is the retrain queue: JSON messages
/// (<see cref="SimulationRequest"/>) sent base64-encoded, the encoding the queue trigger expects (the client passed in must
/// be created with <see cref="QueueMessageEncoding.Base64"/>; <see cref="StorageQueues"/>). The queue is created with the
/// first message. Sending completes within <paramref name="timeout"/> or fails as <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class StorageSimulationQueue(QueueClient queue, TimeSpan? timeout = null) : ISimulationQueue
{
    private readonly StorageBudget _budget = new($"queue '{queue.Name}'", timeout ?? StorageRetryOptions.RequestDefaults().Timeout);
    private bool _created;

    public Task EnqueueAsync(SimulationRequest request, CancellationToken cancellation = default) =>
        _budget.RunAsync(token => SendAsync(request, token), cancellation);

    private async Task SendAsync(SimulationRequest request, CancellationToken cancellation)
    {
        if (!_created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellation);
            _created = true;
        }
        await queue.SendMessageAsync(request.ToJson(), cancellationToken: cancellation);
    }
}
