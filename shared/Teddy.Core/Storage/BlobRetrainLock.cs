using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Teddy.Training;

namespace Teddy.Storage;

/// <summary>
/// The retrain lock is a lease on a small blob in the models container (<see cref="BlobLeaseLock"/>), renewed
/// while the retrain runs. Acquiring completes within <paramref name="timeout"/> (default: the request budget's,
/// so a retrain asked for over HTTP learns at once that storage is down).
/// </summary>
public sealed class BlobRetrainLock(BlobContainerClient container, ILogger<BlobRetrainLock> logger, TimeSpan? timeout = null) : IRetrainLock
{
    public const string LockBlob = "retrain.lock";

    private readonly BlobLeaseLock _lock = new(container, LockBlob, "retrain", logger, timeout ?? StorageRetryOptions.RequestDefaults().Timeout);

    public Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellation = default) => _lock.TryAcquireAsync(cancellation);
}
