namespace Teddy.Artifacts;

/// <summary>Where the promoted model currently points, with the pointer's concurrency tag.</summary>
public sealed record ModelPointer(string Version, DateTimeOffset PromotedAt, string? Reason, string ETag);

/// <summary>
/// Versioned model artifacts: <c>&lt;version&gt;/model.bin</c>, <c>metadata.json</c>, <c>report.json</c>, and a
/// <c>current.json</c> pointer to the promoted version.
/// </summary>
public interface IModelStore
{
    /// <summary>Writes a complete version and verifies it (read back, checksum) before returning.</summary>
    Task SaveAsync(ModelMetadata metadata, byte[] model, string? reportJson, CancellationToken cancellation = default);

    /// <summary>
    /// Points current.json at a saved version if the pointer still has <paramref name="expectedETag"/>
    /// (null: only if there is no pointer yet). Returns false when someone else moved it first.
    /// </summary>
    Task<bool> PromoteAsync(string version, string? reason, string? expectedETag, CancellationToken cancellation = default);

    Task<ModelPointer?> GetPointerAsync(CancellationToken cancellation = default);

    /// <summary>The pointer's ETag only: the cheap check serving instances poll.</summary>
    Task<string?> GetPointerETagAsync(CancellationToken cancellation = default);

    Task<byte[]> LoadModelAsync(string version, CancellationToken cancellation = default);
    Task<ModelMetadata?> GetMetadataAsync(string version, CancellationToken cancellation = default);
    Task<string?> GetReportAsync(string version, CancellationToken cancellation = default);

    /// <summary>Saved versions, oldest first.</summary>
    Task<IReadOnlyList<string>> ListVersionsAsync(CancellationToken cancellation = default);

    Task DeleteVersionAsync(string version, CancellationToken cancellation = default);
}
