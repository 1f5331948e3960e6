using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Teddy.Training;

namespace Teddy.Storage;

/// <summary>
/// The retrain lock is a lease on a small blob in the models container. The lease is short (so a crashed
/// instance frees it quickly) and renewed in the background while the retrain runs. Acquiring completes within
/// <paramref name="timeout"/> (default: the request budget's, so a retrain asked for over HTTP learns at once that
/// storage is down); a renewal or release that storage does not answer is logged, and the lease simply expires.
/// </summary>
public sealed class BlobRetrainLock(BlobContainerClient container, ILogger<BlobRetrainLock> logger, TimeSpan? timeout = null) : IRetrainLock
{
    public const string LockBlob = "retrain.lock";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    private readonly StorageBudget _budget = new($"blob container '{container.Name}'", timeout ?? StorageRetryOptions.RequestDefaults().Timeout);

    public Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellation = default) =>
        _budget.RunAsync(AcquireAsync, cancellation);

    private async Task<IAsyncDisposable?> AcquireAsync(CancellationToken cancellation)
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
                    catch (Exception e) when (e is RequestFailedException || StorageFaults.IsUnavailable(e, _stop.Token))
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
            catch (Exception e) when (e is RequestFailedException || StorageFaults.IsUnavailable(e, CancellationToken.None))
            {
                // Expired, taken over, or storage unreachable: the lease expires on its own.
            }
            _stop.Dispose();
        }
    }
}
