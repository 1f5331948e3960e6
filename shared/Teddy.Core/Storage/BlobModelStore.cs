using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Teddy.Artifacts;

namespace Teddy.Storage;

/// <summary>
/// Model versions in a Blob Storage container (see <see cref="IModelStore"/> for the layout). Every method
/// completes within <paramref name="timeout"/> (default: the background budget's) or throws
/// <see cref="StorageUnavailableException"/>, as it does whenever storage cannot answer.
/// </summary>
public sealed class BlobModelStore(BlobContainerClient container, TimeSpan? timeout = null) : IModelStore
{
    public const string PointerBlob = "current.json";
    public const string ModelBlob = "model.bin";
    public const string MetadataBlob = "metadata.json";
    public const string ReportBlob = "report.json";

    /// <summary>
    /// Uploads go in blocks of this size, so each request is small enough for the per-try network timeout
    /// (<see cref="StorageRetryOptions.NetworkTimeoutSeconds"/>) and a failed block is retried alone.
    /// </summary>
    public const int TransferBlockBytes = 8 * 1024 * 1024;

    internal static readonly Azure.Storage.StorageTransferOptions Transfer = new()
    {
        InitialTransferSize = TransferBlockBytes, MaximumTransferSize = TransferBlockBytes,
    };

    private readonly StorageBudget _budget = new($"blob container '{container.Name}'", timeout ?? StorageRetryOptions.BackgroundDefaults().Timeout);
    private bool _created;

    public Task SaveAsync(ModelMetadata metadata, byte[] model, string? reportJson, CancellationToken cancellation = default) =>
        _budget.RunAsync(token => SaveCoreAsync(metadata, model, reportJson, token), cancellation);

    private async Task SaveCoreAsync(ModelMetadata metadata, byte[] model, string? reportJson, CancellationToken cancellation)
    {
        string version = Checked(metadata.Version);
        await EnsureContainerAsync(cancellation);

        // The model goes first and never overwrites: a version is immutable once written.
        var modelBlob = container.GetBlobClient($"{version}/{ModelBlob}");
        await modelBlob.UploadAsync(BinaryData.FromBytes(model), new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            TransferOptions = Transfer,
        }, cancellation);
        if (reportJson is not null)
            await UploadTextAsync($"{version}/{ReportBlob}", reportJson, cancellation);
        await UploadTextAsync($"{version}/{MetadataBlob}", metadata.ToJson(), cancellation);

        // Verify what storage now holds, not what we meant to send.
        var stored = new ArtifactReader((await modelBlob.DownloadContentAsync(cancellation)).Value.Content.ToMemory());
        if (stored.Sha256 != metadata.Sha256)
            throw new InvalidArtifactException($"Version {version} was stored with checksum {stored.Sha256}, expected {metadata.Sha256}.");
    }

    public Task<bool> PromoteAsync(string version, string? reason, string? expectedETag, CancellationToken cancellation = default) =>
        _budget.RunAsync(token => PromoteCoreAsync(version, reason, expectedETag, token), cancellation);

    private async Task<bool> PromoteCoreAsync(string version, string? reason, string? expectedETag, CancellationToken cancellation)
    {
        Checked(version);
        if (await GetMetadataAsync(version, cancellation) is null)
            throw new InvalidOperationException($"Version {version} is not in the store.");

        var pointer = new PointerDocument(version, DateTimeOffset.UtcNow, reason);
        var conditions = expectedETag is null
            ? new BlobRequestConditions { IfNoneMatch = ETag.All }
            : new BlobRequestConditions { IfMatch = new ETag(expectedETag) };
        try
        {
            await container.GetBlobClient(PointerBlob).UploadAsync(
                BinaryData.FromString(JsonSerializer.Serialize(pointer, ModelMetadata.Json)),
                new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                cancellation);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public Task<ModelPointer?> GetPointerAsync(CancellationToken cancellation = default) => _budget.RunAsync(GetPointerCoreAsync, cancellation);

    private async Task<ModelPointer?> GetPointerCoreAsync(CancellationToken cancellation)
    {
        try
        {
            var download = await container.GetBlobClient(PointerBlob).DownloadContentAsync(cancellation);
            var pointer = JsonSerializer.Deserialize<PointerDocument>(download.Value.Content.ToString(), ModelMetadata.Json)
                ?? throw new JsonException("current.json is empty.");
            return new ModelPointer(Checked(pointer.Version), pointer.PromotedAt, pointer.Reason, download.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task<string?> GetPointerETagAsync(CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
        {
            try
            {
                return (await container.GetBlobClient(PointerBlob).GetPropertiesAsync(cancellationToken: token)).Value.ETag.ToString();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        }, cancellation);

    public Task<byte[]> LoadModelAsync(string version, CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
            (await container.GetBlobClient($"{Checked(version)}/{ModelBlob}").DownloadContentAsync(token)).Value.Content.ToArray(), cancellation);

    public Task<ModelMetadata?> GetMetadataAsync(string version, CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
            await DownloadTextAsync($"{Checked(version)}/{MetadataBlob}", token) is { } json ? ModelMetadata.FromJson(json) : null, cancellation);

    public Task<string?> GetReportAsync(string version, CancellationToken cancellation = default) =>
        _budget.RunAsync(token => DownloadTextAsync($"{Checked(version)}/{ReportBlob}", token), cancellation);

    public Task<IReadOnlyList<string>> ListVersionsAsync(CancellationToken cancellation = default) =>
        _budget.RunAsync(ListVersionsCoreAsync, cancellation);

    private async Task<IReadOnlyList<string>> ListVersionsCoreAsync(CancellationToken cancellation)
    {
        await EnsureContainerAsync(cancellation);
        var versions = new List<string>();
        await foreach (var item in container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/" }, cancellation))
        {
            if (item.IsPrefix && ModelVersion.IsValid(item.Prefix.TrimEnd('/'))) versions.Add(item.Prefix.TrimEnd('/'));
        }
        versions.Sort(StringComparer.Ordinal);
        return versions;
    }

    public Task DeleteVersionAsync(string version, CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
        {
            foreach (string name in new[] { MetadataBlob, ReportBlob, ModelBlob })
                await container.GetBlobClient($"{Checked(version)}/{name}").DeleteIfExistsAsync(cancellationToken: token);
        }, cancellation);

    private async Task UploadTextAsync(string name, string text, CancellationToken cancellation) =>
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(text), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
        }, cancellation);

    private async Task<string?> DownloadTextAsync(string name, CancellationToken cancellation)
    {
        try
        {
            var download = await container.GetBlobClient(name).DownloadContentAsync(cancellation);
            return Encoding.UTF8.GetString(download.Value.Content.ToMemory().Span);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task EnsureContainerAsync(CancellationToken cancellation)
    {
        if (_created) return;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellation);
        _created = true;
    }

    private static string Checked(string version) => ModelVersion.IsValid(version)
        ? version
        : throw new ArgumentException($"'{version}' is not a model version ({ModelVersion.Format}).", nameof(version));

    private sealed record PointerDocument(
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("promoted_at")] DateTimeOffset PromotedAt,
        [property: JsonPropertyName("reason")] string? Reason);
}
