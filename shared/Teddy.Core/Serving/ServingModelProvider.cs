using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teddy.Artifacts;
using Teddy.Learning;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Storage;

namespace Teddy.Serving;

/// <summary>
/// Holds this instance's serving model. The first request starts loading the promoted version; afterwards
/// <see cref="RefreshAsync"/> (run periodically by <see cref="ModelRefresher"/>, and right after a local
/// retrain) compares the pointer's ETag and, when it moved, loads the new version beside the old one and
/// swaps the reference atomically: requests in flight finish on the model they started with.
/// <para>
/// A request never waits on storage longer than the request budget (<c>Teddy:Storage:Requests:TimeoutSeconds</c>):
/// the first load runs once in the background however many requests ask, each waiting at most that long
/// before answering without a model (503); a loaded model keeps serving while storage is down.
/// </para>
/// </summary>
public sealed class ServingModelProvider(
    IModelStore store,
    IOptions<RankingOptions> ranking,
    ILogger<ServingModelProvider> logger,
    IOptions<StorageOptions>? storage = null,
    ServingLearning? learning = null,
    IOptions<ServingOptions>? serving = null)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly TimeSpan _requestWait = (storage?.Value.Requests ?? StorageRetryOptions.RequestDefaults()).Timeout;
    private readonly Lock _firstLoadGate = new();
    private Task? _firstLoad;
    private volatile Exception? _lastLoadFailure;
    private volatile ServingModel? _current;
    private string? _pointerETag;

    public ServingModel? Current => _current;

    /// <summary>
    /// The serving model; null when nothing has been promoted yet or it is not loaded within the request
    /// budget (a large model still loading, or a broken one): callers answer 503 rather than fail or hang.
    /// The first call starts the load in the background; calls meanwhile join it.
    /// </summary>
    /// <exception cref="StorageUnavailableException">No model is loaded and the last try to load one could not reach storage.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public async Task<ServingModel?> GetAsync(CancellationToken cancellation = default)
    {
        if (_current is { } model) return model;
        try
        {
            await FirstLoad().WaitAsync(_requestWait, cancellation);
        }
        catch (TimeoutException)
        {
            logger.LogInformation("The promoted model is not loaded within {Wait}; answering without it", _requestWait);
        }
        if (_current is null && _lastLoadFailure is StorageUnavailableException unavailable)
            throw new StorageUnavailableException(unavailable.Resource, unavailable.Reason, unavailable);
        return _current;
    }

    /// <summary>
    /// After a promotion asked for over HTTP: loads the new version if that fits in the request budget, else
    /// leaves it to the background load (or <see cref="ModelRefresher"/>). True when this call saw it swap in.
    /// Never throws for storage faults; the pointer has already moved, which is what the caller reports.
    /// </summary>
    public async Task<bool> TryRefreshAsync(CancellationToken cancellation = default)
    {
        try
        {
            return await RefreshAsync(cancellation).WaitAsync(_requestWait, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            logger.LogWarning(e, "The promoted model is not loaded yet; the model refresher will load it");
            return false;
        }
    }

    /// <summary>One background load at a time for requests that find no model; a finished one is replaced by a new try.</summary>
    private Task FirstLoad()
    {
        lock (_firstLoadGate)
        {
            if (_firstLoad is null || _firstLoad.IsCompleted) _firstLoad = LoadInBackgroundAsync();
            return _firstLoad;
        }
    }

    private async Task LoadInBackgroundAsync()
    {
        await Task.Yield();
        try
        {
            await RefreshAsync(CancellationToken.None);
            _lastLoadFailure = null;
        }
        catch (Exception e)
        {
            _lastLoadFailure = e;
            logger.LogWarning(e, "Could not load the promoted model; requests answer 503 until it loads");
        }
    }

    /// <summary>Loads the promoted version if it differs from the one being served; true when it swapped.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellation = default)
    {
        await _loading.WaitAsync(cancellation);
        try
        {
            string? etag = await store.GetPointerETagAsync(cancellation);
            if (etag is null || (etag == _pointerETag && _current is not null)) return false;

            var pointer = await store.GetPointerAsync(cancellation);
            if (pointer is null) return false;
            if (_current?.Version == pointer.Version)
            {
                _pointerETag = pointer.ETag;
                return false;
            }

            var started = System.Diagnostics.Stopwatch.StartNew();
            var loaded = await LoadAsync(pointer.Version, cancellation);
            _current = loaded;
            _pointerETag = pointer.ETag;
            logger.LogInformation("Serving model {Version} ({Method}) loaded in {Milliseconds} ms",
                loaded.Version, loaded.Model.PromotedMethod, started.ElapsedMilliseconds);
            return true;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Loads any kept version (used to evaluate the serving model and to roll back).</summary>
    public async Task<ServingModel> LoadAsync(string version, CancellationToken cancellation = default)
    {
        var metadata = await store.GetMetadataAsync(version, cancellation)
            ?? throw new InvalidOperationException($"Model version {version} has no metadata.");
        var bytes = await store.LoadModelAsync(version, cancellation);
        var reader = new ArtifactReader(bytes);
        if (reader.Sha256 != metadata.Sha256)
            throw new InvalidArtifactException($"Model {version} does not match the checksum in its metadata.");
        return new ServingModel(metadata, TrainedModel.Deserialize(reader), ranking.Value,
            (part, e) => logger.LogError(e, "Hybrid part {Part} failed; serving the other part", part), learning,
            serving?.Value.CandidateCacheUsers ?? 0);
    }
}
