namespace Teddy.Interactions;

/// <summary>
/// All weighted events of one user on one product, aggregated: the summed event weights, how many events,
/// and the first and last event time (UTC). User and product are dense indices (see <see cref="InteractionSet"/>).
/// </summary>
public readonly record struct Interaction(
    int User,
    int Product,
    double Weight,
    int EventCount,
    DateTimeOffset FirstTime,
    DateTimeOffset LastTime);
