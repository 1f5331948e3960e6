using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Serialization;

namespace Teddy.Retail;

/// <summary>The events stream's report: the line counts plus what the accepted events were.</summary>
public sealed class EventIngestionReport : IngestionStreamReport
{
    private readonly Dictionary<string, long> _acceptedByType = new(StringComparer.Ordinal); // counted per event: no sorted map

    /// <summary>Event type → accepted events, including types whose weight is 0 (they add nothing to the matrix). Sorted by type.</summary>
    [JsonPropertyName("accepted_by_type")]
    public IReadOnlyDictionary<string, long> AcceptedByType => new SortedDictionary<string, long>(_acceptedByType, StringComparer.Ordinal);

    /// <summary>
    /// Product references dropped from accepted events because the product is not in the catalog
    /// (the event named at least one known product). References of events skipped as unknown_product are not counted here.
    /// </summary>
    [JsonPropertyName("unknown_product_references")]
    public long UnknownProductReferences { get; private set; }

    /// <summary>
    /// Product references dropped from accepted events because the product's catalog line was rejected (the
    /// products report says why). Events naming only such products are skipped as rejected_product instead.
    /// </summary>
    [JsonPropertyName("rejected_product_references")]
    public long RejectedProductReferences { get; private set; }

    /// <summary>References in accepted events that named a variant (or a primary missing from the feed) and count for the product it rolls up to.</summary>
    [JsonPropertyName("variant_references")]
    public long VariantReferences { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void CountAccepted(string eventType)
    {
        CountAccepted();
        CollectionsMarshal.GetValueRefOrAddDefault(_acceptedByType, eventType, out _)++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void CountReferences(int unknown, int rejected, int variants)
    {
        UnknownProductReferences += unknown;
        RejectedProductReferences += rejected;
        VariantReferences += variants;
    }

    public override string ToString()
    {
        var text = new StringBuilder(base.ToString());
        if (_acceptedByType.Count > 0)
            text.Append(", by type [").AppendJoin(", ", AcceptedByType.Select(p => $"{p.Key} {p.Value}")).Append(']');
        if (UnknownProductReferences > 0) text.Append(", ").Append(UnknownProductReferences).Append(" unknown product references dropped");
        if (RejectedProductReferences > 0) text.Append(", ").Append(RejectedProductReferences).Append(" references to rejected products dropped");
        if (VariantReferences > 0) text.Append(", ").Append(VariantReferences).Append(" variant references counted for their primary");
        return text.ToString();
    }
}
