using Azure.Storage.Queues;
using Teddy.Training;

namespace Teddy.Storage;

/// <summary>
/// The retrain queue in Azure Queue Storage. Messages are JSON (<see cref="RetrainRequest"/>) sent base64-encoded,
/// the encoding the Functions host's queue trigger expects by default (host.json <c>extensions.queues.messageEncoding</c>):
/// the client passed in must be created with <see cref="QueueMessageEncoding.Base64"/> (<see cref="StorageQueues"/>).
/// Sending completes within <paramref name="timeout"/> or fails as <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class StorageRetrainQueue(QueueClient queue, TimeSpan? timeout = null) : IRetrainQueue
{
    private readonly StorageBudget _budget = new($"queue '{queue.Name}'", timeout ?? StorageRetryOptions.RequestDefaults().Timeout);
    private bool _created;

    public Task EnqueueAsync(RetrainRequest request, TimeSpan delay, CancellationToken cancellation = default) =>
        _budget.RunAsync(token => SendAsync(request, delay, token), cancellation);

    private async Task SendAsync(RetrainRequest request, TimeSpan delay, CancellationToken cancellation)
    {
        if (!_created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellation);
            _created = true;
        }
        await queue.SendMessageAsync(request.ToJson(), delay > TimeSpan.Zero ? delay : null, cancellationToken: cancellation);
    }
}
