using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Teddy.Training;

namespace Teddy.Storage;

/// <summary>
/// The retrain lock is a lease on a small blob in the models container. The lease is short (so a crashed
/// instance frees it quickly) and renewed in the background while the retrain runs.
/// </summary>
public sealed class BlobRetrainLock(BlobContainerClient container, ILogger<BlobRetrainLock> logger) : IRetrainLock
{
    public const string LockBlob = "retrain.lock";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    public async Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellation = default)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellation);
        var blob = container.GetBlobClient(LockBlob);
        try
        {
            await blob.UploadAsync(BinaryData.FromString("Teddy retrain lock; leased while a retrain runs."), overwrite: false, cancellation);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Already exists (possibly leased): that is the normal case.
        }

        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellation);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
        return new Held(lease, logger);
    }

    private sealed class Held : IAsyncDisposable
    {
        private readonly BlobLeaseClient _lease;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;

        public Held(BlobLeaseClient lease, ILogger logger)
        {
            _lease = lease;
            _renewal = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(LeaseDuration / 3, _stop.Token);
                        await _lease.RenewAsync(cancellationToken: _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    catch (RequestFailedException e)
                    {
                        logger.LogWarning(e, "Could not renew the retrain lease; another retrain may start");
                    }
                }
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewal;
            try
            {
                await _lease.ReleaseAsync();
            }
            catch (RequestFailedException)
            {
                // Expired or taken over: nothing left to release.
            }
            _stop.Dispose();
        }
    }
}
