using Azure;
using Azure.Storage.Blobs;
using Teddy.Interchange;

namespace Teddy.Storage;

/// <summary>
/// The Spark interchange in the data container: <c>teddy export</c>'s Parquet under <see cref="SparkOptions.ExportPath"/>,
/// the saved ALS models under <see cref="SparkOptions.FactorsPath"/> (only <c>*.parquet</c> part files are read: Spark
/// also writes <c>_SUCCESS</c>, <c>.crc</c> and a <c>metadata/</c> folder). Background work: the patient storage budget.
/// </summary>
public sealed class BlobSparkInterchange(BlobContainerClient container, SparkOptions options, TimeSpan? timeout = null) : ISparkInterchange
{
    private readonly StorageBudget _budget = new($"blob container '{container.Name}'", timeout ?? StorageRetryOptions.BackgroundDefaults().Timeout);

    public string ExportLocation => $"{container.Name}/{options.ExportPath}";

    public Task ExportAsync(SparkExportFiles export, CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
        {
            await container.CreateIfNotExistsAsync(cancellationToken: token);
            foreach (var (name, content) in export.Files)
                await container.GetBlobClient($"{options.ExportPath}/{name}").UploadAsync(BinaryData.FromBytes(content), overwrite: true, token);
        }, cancellation);

    public Task<ImportedAls> ImportAsync(CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
        {
            string source = $"{container.Name}/{options.FactorsPath}";
            var files = new AlsImportFiles(source,
                await FileAsync($"{options.ExportPath}/{SparkExport.Users}", token), await FileAsync($"{options.ExportPath}/{SparkExport.Products}", token),
                await ModelAsync($"{options.FactorsPath}/full", token), await ModelAsync($"{options.FactorsPath}/holdout", token));
            return await ImportedAls.ReadAsync(files, token);
        }, cancellation);

    private async Task<FactorFiles> ModelAsync(string prefix, CancellationToken token) =>
        new(await PartsAsync($"{prefix}/userFactors/", token), await PartsAsync($"{prefix}/itemFactors/", token));

    private async Task<IReadOnlyList<ParquetFile>> PartsAsync(string prefix, CancellationToken token)
    {
        var parts = new List<ParquetFile>();
        if (!await container.ExistsAsync(token)) return parts;
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, token))
            if (blob.Name.EndsWith(".parquet", StringComparison.Ordinal) && !blob.Name[prefix.Length..].Contains('/'))
                parts.Add(new ParquetFile($"{container.Name}/{blob.Name}", (await container.GetBlobClient(blob.Name).DownloadContentAsync(token)).Value.Content.ToArray()));
        return parts;
    }

    private async Task<ParquetFile?> FileAsync(string name, CancellationToken token)
    {
        try
        {
            return new ParquetFile($"{container.Name}/{name}", (await container.GetBlobClient(name).DownloadContentAsync(token)).Value.Content.ToArray());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
