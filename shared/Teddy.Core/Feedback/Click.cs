namespace Teddy.Feedback;

/// <summary>A shopper's click on a recommended product, as the page or a shop's client reports it.</summary>
/// <param name="Position">The 1-based rank of the product in the list the shopper saw.</param>
/// <param name="ReceivedAt">When Teddy received the click (server time, UTC).</param>
/// <param name="ProductKnown">Whether the serving model's catalog holds the product: false for a click on a
/// product it does not know (say, from a list an older version served), null when no model was loaded to check.</param>
/// <param name="CheckedModelVersion">The model version <paramref name="ProductKnown"/> was checked against; null when unchecked.</param>
public sealed record Click(
    string ClickId,
    string UserId,
    string ProductId,
    int Position,
    string RecommendationType,
    string? ModelVersion,
    DateTimeOffset ReceivedAt,
    bool? ProductKnown = null,
    string? CheckedModelVersion = null);

public enum ClickRecording
{
    /// <summary>The click was new and is now stored.</summary>
    Stored,
    /// <summary>A click with the same id was already stored; nothing changed.</summary>
    AlreadyStored,
}

public interface IClickStore
{
    Task<ClickRecording> RecordAsync(Click click, CancellationToken cancellation = default);
    Task<Click?> FindAsync(string clickId, DateTimeOffset receivedAround, CancellationToken cancellation = default);
}
