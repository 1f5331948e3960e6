using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teddy.Artifacts;
using Teddy.Ranking;
using Teddy.Recommenders;

namespace Teddy.Serving;

/// <summary>
/// Holds this instance's serving model. The first request loads the promoted version; afterwards
/// <see cref="RefreshAsync"/> (run periodically by <see cref="ModelRefresher"/>, and right after a local
/// retrain) compares the pointer's ETag and, when it moved, loads the new version beside the old one and
/// swaps the reference atomically: requests in flight finish on the model they started with.
/// </summary>
public sealed class ServingModelProvider(IModelStore store, IOptions<RankingOptions> ranking, ILogger<ServingModelProvider> logger)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile ServingModel? _current;
    private string? _pointerETag;

    public ServingModel? Current => _current;

    /// <summary>
    /// The serving model, loading it on first use; null when nothing has been promoted yet or it cannot be
    /// loaded right now (storage unreachable): callers answer 503 rather than fail.
    /// </summary>
    public async Task<ServingModel?> GetAsync(CancellationToken cancellation = default)
    {
        if (_current is { } model) return model;
        try
        {
            await RefreshAsync(cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not load the promoted model");
        }
        return _current;
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
            (part, e) => logger.LogError(e, "Hybrid part {Part} failed; serving the other part", part));
    }
}
