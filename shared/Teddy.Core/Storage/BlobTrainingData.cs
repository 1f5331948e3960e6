using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Teddy.Training;

namespace Teddy.Storage;

/// <summary>
/// The catalog and events NDJSON blobs in the data container (names are settings). Checks and uploads complete
/// within <paramref name="timeout"/> (default: the background budget's) or throw <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class BlobTrainingData(BlobContainerClient container, StorageOptions options, TimeSpan? timeout = null) : ITrainingData
{
    private readonly StorageBudget _budget = new($"blob container '{container.Name}'", timeout ?? StorageRetryOptions.BackgroundDefaults().Timeout);

    public Task<Stream> OpenCatalogAsync(CancellationToken cancellation = default) => OpenAsync(options.CatalogBlob, cancellation);

    public Task<Stream> OpenEventsAsync(CancellationToken cancellation = default) => OpenAsync(options.EventsBlob, cancellation);

    /// <summary>True when neither input blob exists yet (a new shop, or a fresh Azurite).</summary>
    public Task<bool> IsEmptyAsync(CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
        {
            if (!await container.ExistsAsync(token)) return true;
            return !await container.GetBlobClient(options.CatalogBlob).ExistsAsync(token)
                && !await container.GetBlobClient(options.EventsBlob).ExistsAsync(token);
        }, cancellation);

    public Task<IReadOnlyList<string>> MissingInputsAsync(CancellationToken cancellation = default) =>
        _budget.RunAsync<IReadOnlyList<string>>(async token =>
        {
            var missing = new List<string>(2);
            foreach (string name in new[] { options.CatalogBlob, options.EventsBlob })
                if (!await container.GetBlobClient(name).ExistsAsync(token)) missing.Add($"{container.Name}/{name}");
            return missing;
        }, cancellation);

    public Task UploadAsync(Stream catalog, Stream events, CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
        {
            await container.CreateIfNotExistsAsync(cancellationToken: token);
            await UploadBlobAsync(options.CatalogBlob, catalog, token);
            await UploadBlobAsync(options.EventsBlob, events, token);
        }, cancellation);

    private Task UploadBlobAsync(string name, Stream content, CancellationToken cancellation) =>
        container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { TransferOptions = BlobModelStore.Transfer }, cancellation);

    /// <summary>
    /// Not within the budget: the stream is read long after it is opened, and each read is bounded by the
    /// client's own retry options (per-try network timeout, number of tries). Read ahead (<see cref="ReadAheadStream"/>):
    /// the next part downloads while the ingestion parses the current one.
    /// </summary>
    private async Task<Stream> OpenAsync(string name, CancellationToken cancellation)
    {
        try
        {
            return new ReadAheadStream(await container.GetBlobClient(name).OpenReadAsync(cancellationToken: cancellation));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new FileNotFoundException($"The training input '{container.Name}/{name}' does not exist. Upload the catalog and events first.", name, e);
        }
    }
}
