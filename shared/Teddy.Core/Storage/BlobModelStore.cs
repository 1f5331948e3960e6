using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Teddy.Artifacts;

namespace Teddy.Storage;

/// <summary>Model versions in a Blob Storage container (see <see cref="IModelStore"/> for the layout).</summary>
public sealed class BlobModelStore(BlobContainerClient container) : IModelStore
{
    public const string PointerBlob = "current.json";
    public const string ModelBlob = "model.bin";
    public const string MetadataBlob = "metadata.json";
    public const string ReportBlob = "report.json";

    private bool _created;

    public async Task SaveAsync(ModelMetadata metadata, byte[] model, string? reportJson, CancellationToken cancellation = default)
    {
        string version = Checked(metadata.Version);
        await EnsureContainerAsync(cancellation);

        // The model goes first and never overwrites: a version is immutable once written.
        var modelBlob = container.GetBlobClient($"{version}/{ModelBlob}");
        await modelBlob.UploadAsync(BinaryData.FromBytes(model), new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
        }, cancellation);
        if (reportJson is not null)
            await UploadTextAsync($"{version}/{ReportBlob}", reportJson, cancellation);
        await UploadTextAsync($"{version}/{MetadataBlob}", metadata.ToJson(), cancellation);

        // Verify what storage now holds, not what we meant to send.
        var stored = new ArtifactReader((await modelBlob.DownloadContentAsync(cancellation)).Value.Content.ToMemory());
        if (stored.Sha256 != metadata.Sha256)
            throw new InvalidArtifactException($"Version {version} was stored with checksum {stored.Sha256}, expected {metadata.Sha256}.");
    }

    public async Task<bool> PromoteAsync(string version, string? reason, string? expectedETag, CancellationToken cancellation = default)
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

    public async Task<ModelPointer?> GetPointerAsync(CancellationToken cancellation = default)
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

    public async Task<string?> GetPointerETagAsync(CancellationToken cancellation = default)
    {
        try
        {
            return (await container.GetBlobClient(PointerBlob).GetPropertiesAsync(cancellationToken: cancellation)).Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<byte[]> LoadModelAsync(string version, CancellationToken cancellation = default) =>
        (await container.GetBlobClient($"{Checked(version)}/{ModelBlob}").DownloadContentAsync(cancellation)).Value.Content.ToArray();

    public async Task<ModelMetadata?> GetMetadataAsync(string version, CancellationToken cancellation = default) =>
        await DownloadTextAsync($"{Checked(version)}/{MetadataBlob}", cancellation) is { } json ? ModelMetadata.FromJson(json) : null;

    public Task<string?> GetReportAsync(string version, CancellationToken cancellation = default) =>
        DownloadTextAsync($"{Checked(version)}/{ReportBlob}", cancellation);

    public async Task<IReadOnlyList<string>> ListVersionsAsync(CancellationToken cancellation = default)
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

    public async Task DeleteVersionAsync(string version, CancellationToken cancellation = default)
    {
        foreach (string name in new[] { MetadataBlob, ReportBlob, ModelBlob })
            await container.GetBlobClient($"{Checked(version)}/{name}").DeleteIfExistsAsync(cancellationToken: cancellation);
    }

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
