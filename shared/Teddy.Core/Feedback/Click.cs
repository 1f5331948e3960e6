namespace Teddy.Feedback;

/// <summary>A shopper's click on a recommended product, as the page or a shop's client reports it.</summary>
/// <param name="Position">The 1-based rank of the product in the list the shopper saw.</param>
/// <param name="ReceivedAt">When Teddy received the click (server time, UTC).</param>
/// <param name="ProductKnown">Whether the serving model's catalog holds the product: false for a click on a
/// product it does not know (say, from a list an older version served), null when no model was loaded to check.</param>
/// <param name="CheckedModelVersion">The model version <paramref name="ProductKnown"/> was checked against; null when unchecked.</param>
/// <param name="AttributionToken">The <c>attribution_token</c> of the list the click was on, when the client sent it: the
/// click is attributed to that impression's method, weights and position. Null for a click without one.</param>
/// <remarks>
/// A click derived from a <c>detail-page-view</c> event with an attribution token (<c>POST api/events</c>) has the click
/// id <c>evt:</c> + the event id, position 0 and an empty recommendation type: its impression says both.
/// </remarks>
public sealed record Click(
    string ClickId,
    string UserId,
    string ProductId,
    int Position,
    string RecommendationType,
    string? ModelVersion,
    DateTimeOffset ReceivedAt,
    bool? ProductKnown = null,
    string? CheckedModelVersion = null,
    string? AttributionToken = null)
{
    /// <summary>The click id of the click a detail-page-view event with an attribution token stands for.</summary>
    public const string FromEventPrefix = "evt:";
}

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
