using Azure.Storage.Queues;
using Teddy.Simulation;

namespace Teddy.Storage;

/// <summary>The simulation queue: <see cref="SimulationRequest"/> messages on a <see cref="StorageMessageQueue"/>, sent at once.</summary>
public sealed class StorageSimulationQueue(QueueClient queue, TimeSpan? timeout = null) : ISimulationQueue
{
    private readonly StorageMessageQueue _queue = new(queue, timeout);

    public Task EnqueueAsync(SimulationRequest request, CancellationToken cancellation = default) =>
        _queue.SendAsync(request.ToJson(), TimeSpan.Zero, cancellation);
}
