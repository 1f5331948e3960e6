using Teddy.Retail;

namespace Teddy.Interactions;

/// <summary>
/// How much one event of each type says about a shopper's interest in a product. An options class so it can be
/// bound from configuration (section "Weights": { "add-to-cart": 3, ... }); binding adds to or overrides the defaults.
/// Types not listed weigh 0: their events are accepted and counted but add nothing to the interaction matrix.
/// Every type listed here is also accepted as a known event type, so custom types only need a weight.
/// </summary>
public sealed class EventWeights
{
    public Dictionary<string, double> Weights { get; set; } = new(StringComparer.Ordinal)
    {
        [RetailEventTypes.DetailPageView] = 1,
        [RetailEventTypes.AddToCart] = 3,
        [RetailEventTypes.PurchaseComplete] = 5,
    };

    /// <summary>The configured weight, or 0 for a type without one.</summary>
    public double WeightOf(string eventType) => Weights.GetValueOrDefault(eventType);

    /// <summary>Throws when a weight is negative or not finite: a configuration error worth failing startup for.</summary>
    public EventWeights Validate()
    {
        foreach (var (type, weight) in Weights)
            if (!double.IsFinite(weight) || weight < 0)
                throw new InvalidOperationException($"Event weight for '{type}' must be a finite number ≥ 0, not {weight}.");
        return this;
    }
}
