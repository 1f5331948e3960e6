using Teddy.Artifacts;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>A model store in memory, for function-level tests that need a model of their own rather than the app's.</summary>
internal sealed class InMemoryModelStore : IModelStore
{
    private readonly Dictionary<string, (ModelMetadata Metadata, byte[] Model, string? Report)> _versions = new();
    private ModelPointer? _pointer;

    public Task SaveAsync(ModelMetadata metadata, byte[] model, string? reportJson, CancellationToken cancellation = default)
    {
        _versions[metadata.Version] = (metadata, model, reportJson);
        return Task.CompletedTask;
    }

    public Task<bool> PromoteAsync(string version, string? reason, string? expectedETag, CancellationToken cancellation = default)
    {
        if (_pointer?.ETag != expectedETag) return Task.FromResult(false);
        _pointer = new ModelPointer(version, DateTimeOffset.UtcNow, reason, Guid.NewGuid().ToString());
        return Task.FromResult(true);
    }

    public Task<ModelPointer?> GetPointerAsync(CancellationToken cancellation = default) => Task.FromResult(_pointer);
    public Task<string?> GetPointerETagAsync(CancellationToken cancellation = default) => Task.FromResult(_pointer?.ETag);
    public Task<byte[]> LoadModelAsync(string version, CancellationToken cancellation = default) => Task.FromResult(_versions[version].Model);
    public Task<ModelMetadata?> GetMetadataAsync(string version, CancellationToken cancellation = default) =>
        Task.FromResult(_versions.TryGetValue(version, out var saved) ? saved.Metadata : null);
    public Task<string?> GetReportAsync(string version, CancellationToken cancellation = default) =>
        Task.FromResult(_versions.TryGetValue(version, out var saved) ? saved.Report : null);
    public Task<IReadOnlyList<string>> ListVersionsAsync(CancellationToken cancellation = default) =>
        Task.FromResult<IReadOnlyList<string>>(_versions.Keys.Order().ToArray());
    public Task DeleteVersionAsync(string version, CancellationToken cancellation = default)
    {
        _versions.Remove(version);
        return Task.CompletedTask;
    }
}
