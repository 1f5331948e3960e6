using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace Teddy.Storage;

/// <summary>
/// A lock across instances: a lease on a small blob. The lease is short (so a crashed instance frees it
/// quickly) and renewed in the background while held. Acquiring completes within <paramref name="timeout"/>;
/// a renewal or release that storage does not answer is logged, and the lease simply expires.
/// </summary>
/// <param name="blobName">The lock blob, created on first use.</param>
/// <param name="purpose">What the lock guards, for the blob's text and logs (e.g. "retrain").</param>
public sealed class BlobLeaseLock(BlobContainerClient container, string blobName, string purpose, ILogger logger, TimeSpan timeout)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    private readonly StorageBudget _budget = new($"blob container '{container.Name}'", timeout);

    /// <summary>The lock, held until disposed; null when another instance holds it.</summary>
    /// <exception cref="StorageUnavailableException">Storage did not answer within the timeout.</exception>
    public Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellation = default) =>
        _budget.RunAsync(AcquireAsync, cancellation);

    /// <summary>Whether this instance has seen the lock blob exist: then acquiring is one lease call, not three.</summary>
    private volatile bool _blobExists;

    private async Task<IAsyncDisposable?> AcquireAsync(CancellationToken cancellation)
    {
        var blob = container.GetBlobClient(blobName);
        // Creating what already exists answers 409, which the Azure SDK logs as a warning: done once per instance, not
        // at every acquisition (the click-through aggregation acquires every few seconds).
        if (!_blobExists) await EnsureBlobAsync(blob, cancellation);

        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellation);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The blob (or its container) was deleted since: create it again and try once more.
            await EnsureBlobAsync(blob, cancellation);
            try
            {
                await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellation);
            }
            catch (RequestFailedException again) when (again.Status == 409)
            {
                return null;
            }
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
        return new Held(lease, purpose, logger);
    }

    private async Task EnsureBlobAsync(BlobClient blob, CancellationToken cancellation)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellation);
        try
        {
            await blob.UploadAsync(BinaryData.FromString($"Teddy {purpose} lock; leased while a {purpose} runs."), overwrite: false, cancellation);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Already exists (possibly leased): that is the normal case.
        }
        _blobExists = true;
    }

    private sealed class Held : IAsyncDisposable
    {
        private readonly BlobLeaseClient _lease;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;

        public Held(BlobLeaseClient lease, string purpose, ILogger logger)
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
                        logger.LogWarning(e, "Could not renew the {Purpose} lease; another {Purpose} may start", purpose, purpose);
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
