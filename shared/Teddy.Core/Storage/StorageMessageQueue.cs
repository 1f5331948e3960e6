using Azure.Storage.Queues;

namespace Teddy.Storage;

/// <summary>
/// A work queue in Azure Queue Storage (the retrain and simulation queues): JSON messages sent base64-encoded, the
/// encoding the Functions host's queue trigger expects by default (host.json <c>extensions.queues.messageEncoding</c>),
/// so the client passed in must be created with <see cref="QueueMessageEncoding.Base64"/> (<see cref="StorageQueues"/>).
/// The queue is created with the first message. Sending completes within <paramref name="timeout"/> or fails as
/// <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class StorageMessageQueue(QueueClient queue, TimeSpan? timeout = null)
{
    private readonly StorageBudget _budget = new($"queue '{queue.Name}'", timeout ?? StorageRetryOptions.RequestDefaults().Timeout);
    private bool _created;

    /// <summary>Sends <paramref name="json"/>, invisible for <paramref name="delay"/> (zero: at once).</summary>
    public Task SendAsync(string json, TimeSpan delay, CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
        {
            if (!_created)
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: token);
                _created = true;
            }
            await queue.SendMessageAsync(json, delay > TimeSpan.Zero ? delay : null, cancellationToken: token);
        }, cancellation);
}
