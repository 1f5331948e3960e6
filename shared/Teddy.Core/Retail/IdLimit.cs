namespace Teddy.Retail;

/// <summary>
/// The one limit on ids, wherever they come from: product ids (and a variant's <c>primaryProductId</c>), visitor ids
/// and user ids. The HTTP API refuses a longer id on every route (400, <c>id_too_long</c> for events), and ingestion
/// skips a catalog or event line carrying one (<c>id_too_long</c>), so no product is served
/// and no shopper is learned about that the API could not then be asked about or told of (its clicks and events would
/// all be refused).
/// </summary>
public static class IdLimit
{
    /// <summary>The longest id accepted, in UTF-16 code units (.NET's <see cref="string.Length"/>; the Retail API's own ids are at most 128 characters).</summary>
    public const int MaxLength = 256;
}
