using Teddy.Retail;

namespace Teddy.Interactions;

/// <summary>
/// How much one event of each type says about a shopper's interest in a product. An options class so it can be
/// bound from configuration (section "Weights": { "add-to-cart": 3, ... }); binding adds to or overrides the defaults.
/// Every type in <see cref="RetailEventTypes.All"/> has an entry (detail-page-view 1, add-to-cart 3,
/// purchase-complete 5, every other 0); a type weighing 0 is accepted and counted but adds nothing to the
/// interaction matrix. A weight may be negative (e.g. refund or remove-from-cart taking interest back): an event
/// adds its weight to the (user, product) sum, and a pair whose sum is not above 0 is not a positive interaction,
/// so it is left out of the training data (see <c>InteractionAggregator</c>).
/// Every type listed here is also accepted as a known event type, so custom types only need a weight.
/// </summary>
public sealed class EventWeights
{
    public Dictionary<string, double> Weights { get; set; } = Defaults();

    /// <summary>
    /// How far past "now" an eventTime may be, in minutes (0 to 10080; default 60), for shop and device clocks that run
    /// ahead: later events have not happened yet, so <c>POST api/events</c> refuses them and a retrain (whose now is its
    /// start) skips them as <c>event_time_in_future</c>. An hour covers ordinary clock drift and a batch sent late in its
    /// own hour, yet an event stamped in local time as if it were UTC in a zone east of UTC by 2 hours or more is caught.
    /// </summary>
    public int MaxFutureSkewMinutes { get; set; } = 60;

    /// <summary>The latest eventTime accepted at <paramref name="now"/>.</summary>
    public DateTimeOffset LatestEventTime(DateTimeOffset now) => now.AddMinutes(MaxFutureSkewMinutes);

    private static Dictionary<string, double> Defaults()
    {
        var weights = RetailEventTypes.All.ToDictionary(type => type, _ => 0.0, StringComparer.Ordinal);
        weights[RetailEventTypes.DetailPageView] = 1;
        weights[RetailEventTypes.AddToCart] = 3;
        weights[RetailEventTypes.PurchaseComplete] = 5;
        return weights;
    }

    /// <summary>The configured weight, or 0 for a type without one.</summary>
    public double WeightOf(string eventType) => Weights.GetValueOrDefault(eventType);

    /// <summary>Throws when a weight is not a finite number: a configuration error worth failing startup for.</summary>
    public EventWeights Validate()
    {
        if (MaxFutureSkewMinutes is < 0 or > 10_080)
            throw new InvalidOperationException(
                $"Teddy:Events:MaxFutureSkewMinutes (Teddy__Events__MaxFutureSkewMinutes) must be a whole number of minutes from 0 to 10080, not {MaxFutureSkewMinutes}.");
        foreach (var (type, weight) in Weights)
            if (!double.IsFinite(weight))
                throw new InvalidOperationException(
                    $"Teddy:Events:Weights:{type} (Teddy__Events__Weights__{type}), the event weight for '{type}', must be a finite number, not {weight}.");
        return this;
    }
}
