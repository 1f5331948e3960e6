using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Teddy.Artifacts;
using Teddy.Core.Tests.Artifacts;
using Teddy.Ranking;
using Teddy.Serving;
using Teddy.Storage;

namespace Teddy.Core.Tests.Serving;

public class ServingModelProviderTests
{
    /// <summary>An in-memory store whose availability the test switches.</summary>
    private sealed class MemoryStore : IModelStore
    {
        public bool Down { get; set; }
        /// <summary>Set: every call fails as storage unavailable would, or (with <see cref="Hang"/>) never answers.</summary>
        public Exception? Fault { get; set; }
        public bool Hang { get; set; }
        public Dictionary<string, (ModelMetadata Metadata, byte[] Model)> Versions { get; } = new();
        public (string Version, string ETag)? Pointer { get; set; }

        private void Check()
        {
            if (Down) throw new IOException("storage is unreachable");
            if (Fault is not null) throw Fault;
        }

        public Task SaveAsync(ModelMetadata metadata, byte[] model, string? reportJson, CancellationToken c = default)
        { Check(); Versions[metadata.Version] = (metadata, model); return Task.CompletedTask; }
        public Task<bool> PromoteAsync(string version, string? reason, string? expectedETag, CancellationToken c = default)
        { Check(); Pointer = (version, Guid.NewGuid().ToString()); return Task.FromResult(true); }
        public Task<ModelPointer?> GetPointerAsync(CancellationToken c = default)
        { Check(); return Task.FromResult(Pointer is { } p ? new ModelPointer(p.Version, DateTimeOffset.UtcNow, null, p.ETag) : null); }
        public Task<string?> GetPointerETagAsync(CancellationToken c = default)
        {
            Check();
            return Hang ? new TaskCompletionSource<string?>().Task : Task.FromResult(Pointer?.ETag); // Hang: the call never returns
        }
        public Task<byte[]> LoadModelAsync(string version, CancellationToken c = default) { Check(); return Task.FromResult(Versions[version].Model); }
        public Task<ModelMetadata?> GetMetadataAsync(string version, CancellationToken c = default)
        { Check(); return Task.FromResult(Versions.TryGetValue(version, out var v) ? v.Metadata : null); }
        public Task<string?> GetReportAsync(string version, CancellationToken c = default) => Task.FromResult<string?>(null);
        public Task<IReadOnlyList<string>> ListVersionsAsync(CancellationToken c = default) =>
            Task.FromResult<IReadOnlyList<string>>(Versions.Keys.Order().ToArray());
        public Task DeleteVersionAsync(string version, CancellationToken c = default) { Versions.Remove(version); return Task.CompletedTask; }
    }

    private static async Task SaveAsync(MemoryStore store, string version, bool promote = true)
    {
        var (bytes, sha) = TrainedModelArtifactTests.SmallModel().Serialize();
        await store.SaveAsync(new ModelMetadata
        {
            Version = version, Created = DateTimeOffset.UtcNow, ModelType = "Hybrid", Method = "hybrid", Sha256 = sha,
            SizeBytes = bytes.Length, Data = new DataCounts(5, 3, 1, 3, 6, 6),
        }, bytes, null);
        if (promote) await store.PromoteAsync(version, null, null);
    }

    private static ServingModelProvider Provider(IModelStore store, double requestTimeoutSeconds = 2) =>
        new(store, Options.Create(new RankingOptions()), NullLogger<ServingModelProvider>.Instance,
            Options.Create(new StorageOptions { Requests = new StorageRetryOptions { TimeoutSeconds = requestTimeoutSeconds } }));

    [Fact]
    public async Task Nothing_promoted_or_storage_down_means_no_model_not_an_error()
    {
        var store = new MemoryStore();
        var provider = Provider(store);
        Assert.Null(await provider.GetAsync());
        store.Down = true;
        Assert.Null(await provider.GetAsync());
    }

    [Fact]
    public async Task A_loaded_model_keeps_serving_while_storage_is_down_and_swaps_when_the_pointer_moves()
    {
        var store = new MemoryStore();
        await SaveAsync(store, "20261126_010000");
        var provider = Provider(store);
        var first = await provider.GetAsync();
        Assert.Equal("20261126_010000", first!.Version);

        store.Down = true;
        Assert.Same(first, await provider.GetAsync());
        await Assert.ThrowsAsync<IOException>(() => provider.RefreshAsync());
        Assert.Same(first, provider.Current);

        store.Down = false;
        Assert.False(await provider.RefreshAsync()); // pointer unchanged: nothing to do
        await SaveAsync(store, "20261126_020000");
        Assert.True(await provider.RefreshAsync());
        Assert.Equal("20261126_020000", provider.Current!.Version);
    }

    [Fact]
    public async Task A_model_whose_metadata_checksum_does_not_match_is_not_served()
    {
        var store = new MemoryStore();
        await SaveAsync(store, "20261126_010000", promote: false);
        var (metadata, model) = store.Versions["20261126_010000"];
        store.Versions["20261126_010000"] = (new ModelMetadata
        {
            Version = metadata.Version, Created = metadata.Created, ModelType = metadata.ModelType, Method = metadata.Method,
            Sha256 = new string('a', 64), SizeBytes = metadata.SizeBytes, Data = metadata.Data,
        }, model);
        await store.PromoteAsync("20261126_010000", null, null);
        var provider = Provider(store);
        await Assert.ThrowsAsync<InvalidArtifactException>(() => provider.RefreshAsync());
        Assert.Null(provider.Current);
    }

    [Fact]
    public async Task A_request_waits_for_a_load_no_longer_than_the_request_budget_and_the_load_goes_on()
    {
        var store = new MemoryStore();
        await SaveAsync(store, "20261126_010000");
        store.Hang = true; // accepts and never answers
        var provider = Provider(store, requestTimeoutSeconds: 0.3);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var requests = Enumerable.Range(0, 20).Select(_ => Task.Run(() => provider.GetAsync())).ToArray();
        var models = await Task.WhenAll(requests);
        Assert.All(models, Assert.Null);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(5));
        Assert.False(await provider.TryRefreshAsync()); // bounded too, and never throws for storage
    }

    [Fact]
    public async Task With_no_model_and_storage_unavailable_requests_learn_it_is_storage()
    {
        var store = new MemoryStore();
        await SaveAsync(store, "20261126_010000");
        store.Fault = new StorageUnavailableException("blob container 'models'", "could not be reached");
        var provider = Provider(store);

        // The first request starts the load and sees it fail; later ones are told storage is the reason.
        try { await provider.GetAsync(); } catch (StorageUnavailableException) { }
        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => provider.GetAsync());
        Assert.Equal("blob container 'models'", e.Resource);

        store.Fault = null;
        Assert.Equal("20261126_010000", (await provider.GetAsync())!.Version);
        store.Fault = new StorageUnavailableException("blob container 'models'", "could not be reached");
        Assert.Equal("20261126_010000", (await provider.GetAsync())!.Version); // a loaded model keeps serving
    }
}
