using Azure;
using Azure.Storage.Blobs;
using Teddy.Training;

namespace Teddy.Storage;

/// <summary>The catalog and events NDJSON blobs in the data container (names are settings).</summary>
public sealed class BlobTrainingData(BlobContainerClient container, StorageOptions options) : ITrainingData
{
    public Task<Stream> OpenCatalogAsync(CancellationToken cancellation = default) => OpenAsync(options.CatalogBlob, cancellation);

    public Task<Stream> OpenEventsAsync(CancellationToken cancellation = default) => OpenAsync(options.EventsBlob, cancellation);

    /// <summary>True when neither input blob exists yet (a new shop, or a fresh Azurite).</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken cancellation = default)
    {
        if (!await container.ExistsAsync(cancellation)) return true;
        return !await container.GetBlobClient(options.CatalogBlob).ExistsAsync(cancellation)
            && !await container.GetBlobClient(options.EventsBlob).ExistsAsync(cancellation);
    }

    public async Task<IReadOnlyList<string>> MissingInputsAsync(CancellationToken cancellation = default)
    {
        var missing = new List<string>(2);
        foreach (string name in new[] { options.CatalogBlob, options.EventsBlob })
            if (!await container.GetBlobClient(name).ExistsAsync(cancellation)) missing.Add($"{container.Name}/{name}");
        return missing;
    }

    public async Task UploadAsync(Stream catalog, Stream events, CancellationToken cancellation = default)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellation);
        await container.GetBlobClient(options.CatalogBlob).UploadAsync(catalog, overwrite: true, cancellation);
        await container.GetBlobClient(options.EventsBlob).UploadAsync(events, overwrite: true, cancellation);
    }

    private async Task<Stream> OpenAsync(string name, CancellationToken cancellation)
    {
        try
        {
            return await container.GetBlobClient(name).OpenReadAsync(cancellationToken: cancellation);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new FileNotFoundException($"The training input '{container.Name}/{name}' does not exist. Upload the catalog and events first.", name, e);
        }
    }
}
