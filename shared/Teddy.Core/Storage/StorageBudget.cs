namespace Teddy.Storage;

/// <summary>
/// The total time one storage operation may take, across all the SDK's tries and back-offs (the SDK bounds
/// each try by <see cref="StorageRetryOptions.NetworkTimeoutSeconds"/> and the number of tries by
/// <see cref="StorageRetryOptions.MaxRetries"/>; this bounds their sum). Every store method runs through one,
/// which also turns "storage unavailable" errors (<see cref="StorageFaults.IsUnavailable"/>) into a
/// <see cref="StorageUnavailableException"/> naming the resource. Other errors pass through unchanged, and so
/// does a cancellation the caller asked for.
/// </summary>
/// <param name="resource">What the operations touch, for messages: <c>table 'clicks'</c>.</param>
/// <param name="timeout">The most one operation may take.</param>
public sealed class StorageBudget(string resource, TimeSpan timeout)
{
    public string Resource => resource;
    public TimeSpan Timeout => timeout;

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            return await operation(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not StorageUnavailableException && StorageFaults.IsUnavailable(e, cancellation))
        {
            // Name our own budget only when it is what ran out (not the SDK's per-try timeout).
            throw new StorageUnavailableException(resource, StorageFaults.Reason(e, deadline.IsCancellationRequested ? timeout : null), e);
        }
    }

    public Task RunAsync(Func<CancellationToken, Task> operation, CancellationToken cancellation) =>
        RunAsync<bool>(async token =>
        {
            await operation(token).ConfigureAwait(false);
            return true;
        }, cancellation);
}
