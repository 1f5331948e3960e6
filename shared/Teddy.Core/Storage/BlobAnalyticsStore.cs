using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Teddy.Analytics;

namespace Teddy.Storage;

/// <summary>
/// The shared click-through aggregates in a blob container (setting <c>Teddy:Storage:AnalyticsContainer</c>):
/// <c>hours/{yyyyMMddHH}.json</c> (one hour's <see cref="HourAggregate"/>, with <c>final</c> and
/// <c>computed_at</c> also in the blob's metadata so a listing tells which hours can still change),
/// <c>ctr.json</c> (the <see cref="CtrDocument"/> every instance reads; <c>computed_at</c> in its metadata), and
/// <c>aggregation.lock</c>, leased by the instance aggregating. Every call completes within
/// <paramref name="timeout"/> or throws <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class BlobAnalyticsStore(BlobContainerClient container, ILogger<BlobAnalyticsStore> logger, TimeSpan? timeout = null) : IAnalyticsStore
{
    public const string DocumentBlob = "ctr.json";
    public const string LockBlob = "aggregation.lock";
    public const string HoursPrefix = "hours/";
    private const string FinalKey = "final";
    private const string ComputedAtKey = "computed_at";

    private readonly StorageBudget _budget = new($"blob container '{container.Name}'", timeout ?? StorageRetryOptions.BackgroundDefaults().Timeout);
    private readonly BlobLeaseLock _lock = new(container, LockBlob, "click-through aggregation", logger, timeout ?? StorageRetryOptions.BackgroundDefaults().Timeout);
    private bool _created;

    public string Resource => _budget.Resource;

    public static string HourBlob(DateTime hour) => $"{HoursPrefix}{hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture)}.json";

    public Task<IAsyncDisposable?> TryLockAsync(CancellationToken cancellation = default) => _lock.TryAcquireAsync(cancellation);

    public Task<IReadOnlyList<StoredHour>> ListHoursAsync(CancellationToken cancellation = default) =>
        _budget.RunAsync<IReadOnlyList<StoredHour>>(async token =>
        {
            await EnsureContainerAsync(token);
            var hours = new List<StoredHour>();
            await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = HoursPrefix, Traits = BlobTraits.Metadata }, token))
            {
                string stem = blob.Name[HoursPrefix.Length..].Replace(".json", "", StringComparison.Ordinal);
                // Anything else someone put under hours/ is not ours to read.
                if (!DateTime.TryParseExact(stem, "yyyyMMddHH", CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var hour) || HourBlob(hour) != blob.Name) continue;
                bool final = blob.Metadata.TryGetValue(FinalKey, out string? value) && value == "true";
                hours.Add(new StoredHour(DateTime.SpecifyKind(hour, DateTimeKind.Utc), final, blob.Properties.ETag?.ToString() ?? ""));
            }
            return hours;
        }, cancellation);

    public Task<(HourAggregate Hour, string ETag)?> ReadHourAsync(DateTime hour, CancellationToken cancellation = default) =>
        _budget.RunAsync<(HourAggregate, string)?>(async token =>
        {
            try
            {
                var download = (await container.GetBlobClient(HourBlob(hour)).DownloadContentAsync(token)).Value;
                return (HourAggregate.FromJson(download.Content.ToString()), download.Details.ETag.ToString());
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        }, cancellation);

    public Task<string> WriteHourAsync(HourAggregate hour, CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
        {
            await EnsureContainerAsync(token);
            var response = await container.GetBlobClient(HourBlob(hour.Hour)).UploadAsync(BinaryData.FromString(hour.ToJson()), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                Metadata = new Dictionary<string, string>
                {
                    [FinalKey] = hour.Final ? "true" : "false",
                    [ComputedAtKey] = hour.ComputedAt.ToString("O", CultureInfo.InvariantCulture),
                },
            }, token);
            return response.Value.ETag.ToString();
        }, cancellation);

    public Task DeleteHourAsync(DateTime hour, CancellationToken cancellation = default) =>
        _budget.RunAsync(token => container.GetBlobClient(HourBlob(hour)).DeleteIfExistsAsync(cancellationToken: token), cancellation);

    public Task<DateTimeOffset?> GetDocumentComputedAtAsync(CancellationToken cancellation = default) =>
        _budget.RunAsync<DateTimeOffset?>(async token =>
        {
            try
            {
                var properties = (await container.GetBlobClient(DocumentBlob).GetPropertiesAsync(cancellationToken: token)).Value;
                return properties.Metadata.TryGetValue(ComputedAtKey, out string? value)
                    && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        }, cancellation);

    public Task<string?> GetDocumentETagAsync(CancellationToken cancellation = default) =>
        _budget.RunAsync<string?>(async token =>
        {
            try
            {
                return (await container.GetBlobClient(DocumentBlob).GetPropertiesAsync(cancellationToken: token)).Value.ETag.ToString();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null; // no container or no document yet
            }
        }, cancellation);

    public Task<StoredDocument?> ReadDocumentAsync(CancellationToken cancellation = default) =>
        _budget.RunAsync<StoredDocument?>(async token =>
        {
            try
            {
                var download = (await container.GetBlobClient(DocumentBlob).DownloadContentAsync(token)).Value;
                return new StoredDocument(CtrDocument.FromJson(download.Content.ToString()), download.Details.ETag.ToString());
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        }, cancellation);

    public Task WriteDocumentAsync(CtrDocument document, CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
        {
            await EnsureContainerAsync(token);
            await container.GetBlobClient(DocumentBlob).UploadAsync(BinaryData.FromString(document.ToJson()), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                Metadata = new Dictionary<string, string> { [ComputedAtKey] = document.ComputedAt.ToString("O", CultureInfo.InvariantCulture) },
            }, token);
        }, cancellation);

    private async Task EnsureContainerAsync(CancellationToken cancellation)
    {
        if (_created) return;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellation);
        _created = true;
    }
}
