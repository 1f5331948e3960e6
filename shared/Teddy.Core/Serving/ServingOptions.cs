namespace Teddy.Serving;

/// <summary>Settings under <c>Teddy:Serving</c>.</summary>
public sealed class ServingOptions
{
    public const string Section = "Teddy:Serving";

    /// <summary>How often each instance checks the model pointer for a newly promoted version.</summary>
    public int RefreshSeconds { get; set; } = 30;

    /// <summary>Similar items: weight of content similarity against co-occurrence (item-kNN).</summary>
    public double SimilarContentWeight { get; set; } = 0.5;

    /// <summary>
    /// How many known user ids <c>GET api/users/examples</c> may list for the demo page; 0 (the default)
    /// turns the endpoint off, because a real shop's user ids should not be public.
    /// </summary>
    public int ExampleUsers { get; set; }

    public int DefaultCount { get; set; } = 20;
    public int MaxCount { get; set; } = 100;

    /// <summary>
    /// The one rule for a list size left out, on every route that takes <c>k</c> (recommendations, similar items,
    /// simulations): <see cref="DefaultCount"/>, never more than <see cref="MaxCount"/>.
    /// </summary>
    public int DefaultListSize => Math.Min(DefaultCount, MaxCount);

    /// <summary>
    /// Seconds a client is told to wait (the Retry-After header) when Teddy answers 503: storage is down or
    /// slow, or no model is loaded yet.
    /// </summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>
    /// Real-time personalisation: the most events since the last retrain kept per shopper (the newest); 0 turns it off
    /// (lists then use the trained history alone).
    /// </summary>
    public int RecentEventsPerUser { get; set; } = 50;

    /// <summary>Shoppers whose recent events an instance keeps in memory (entries beyond are evicted, least recently used first).</summary>
    public int RecentCacheUsers { get; set; } = 50_000;

    /// <summary>
    /// How long an instance trusts its cached copy of a shopper's recent events, in seconds: events another instance
    /// received show up here within this long (this instance's own are added at once).
    /// </summary>
    public double RecentCacheSeconds { get; set; } = 60;

    /// <summary>
    /// The most a request waits for a shopper's recent events to be read from storage on a cache miss, in seconds; past
    /// it (or when storage fails) the list is made without them, never slower or failed, and the read, bounded by the
    /// storage request budget, fills the cache for the shopper's next request.
    /// </summary>
    public double RecentReadTimeoutSeconds { get; set; } = 0.05;

    /// <summary>
    /// Shoppers whose candidate lists (what the personal models scored for them) each instance keeps for the serving
    /// model, so their next request skips the catalog-wide scans (<see cref="CandidateCache"/>: never stale, a new event or
    /// a new model misses); about 3 KB per hybrid shopper, the least recently used evicted beyond it. 0 turns it off.
    /// </summary>
    public int CandidateCacheUsers { get; set; } = 10_000;
}
