using Azure.Storage.Queues;
using Teddy.Training;

namespace Teddy.Storage;

/// <summary>The retrain queue: <see cref="RetrainRequest"/> messages on a <see cref="StorageMessageQueue"/>.</summary>
public sealed class StorageRetrainQueue(QueueClient queue, TimeSpan? timeout = null) : IRetrainQueue
{
    private readonly StorageMessageQueue _queue = new(queue, timeout);

    public Task EnqueueAsync(RetrainRequest request, TimeSpan delay, CancellationToken cancellation = default) =>
        _queue.SendAsync(request.ToJson(), delay, cancellation);
}
