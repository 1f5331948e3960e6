using Azure.Storage.Queues;
using Teddy.Training;

namespace Teddy.Storage;

/// <summary>
/// The retrain queue in Azure Queue Storage. Messages are JSON (<see cref="RetrainRequest"/>) sent base64-encoded,
/// the encoding the Functions host's queue trigger expects by default (host.json <c>extensions.queues.messageEncoding</c>):
/// the client passed in must be created with <see cref="QueueMessageEncoding.Base64"/> (<see cref="StorageQueues"/>).
/// </summary>
public sealed class StorageRetrainQueue(QueueClient queue) : IRetrainQueue
{
    private bool _created;

    public async Task EnqueueAsync(RetrainRequest request, TimeSpan delay, CancellationToken cancellation = default)
    {
        if (!_created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellation);
            _created = true;
        }
        await queue.SendMessageAsync(request.ToJson(), delay > TimeSpan.Zero ? delay : null, cancellationToken: cancellation);
    }
}
