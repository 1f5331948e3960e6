namespace Teddy.SampleData;

/// <summary>
/// The size and seed of a generated demo shop. The defaults match the real toy/baby shop Teddy was
/// first built for (14,339 products, 666 brands, 46 categories); the same options always produce
/// byte-identical files.
/// </summary>
public sealed record SampleShopOptions
{
    public int Products { get; init; } = 14_339;
    public int Brands { get; init; } = 666;

    /// <summary>How many of the 46 built-in toy/baby categories to use (at most 46).</summary>
    public int Categories { get; init; } = ToyCategories.Count;

    public int Visitors { get; init; } = 8_000;

    /// <summary>Total user events written; every visitor gets at least one, so this must be at least <see cref="Visitors"/>.</summary>
    public int Events { get; init; } = 250_000;

    public long Seed { get; init; } = 42;

    /// <summary>Start of the event period (UTC, whole seconds).</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Length of the event period; every event time falls in [Start, Start + Span).</summary>
    public TimeSpan Span { get; init; } = TimeSpan.FromDays(90);

    public static SampleShopOptions Default { get; } = new();

    /// <summary>Cap on one visitor's events (the heaviest real visitors stop somewhere; bots are filtered).</summary>
    internal const int MaxEventsPerVisitor = 5_000;

    /// <summary>
    /// A bigger or smaller shop for benchmarks: products, visitors and events scale linearly (10x is
    /// about 143k products, 80k visitors, 2.5M events). Brands grow with the square root of the factor,
    /// as a bigger catalog mostly means deeper ranges from a moderately larger set of brands; the
    /// category tree stays at 46 because it is a fixed vocabulary. Seed, start and span are kept.
    /// </summary>
    public SampleShopOptions Scaled(double factor)
    {
        if (!(factor > 0) || double.IsInfinity(factor))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "Scale factor must be positive.");
        int products = Math.Max(1, (int)Math.Round(Products * factor));
        int categories = Math.Min(Categories, products);
        int brands = Math.Clamp((int)Math.Round(Brands * Math.Sqrt(factor)), categories, products);
        int visitors = Math.Max(1, (int)Math.Round(Visitors * factor));
        int events = Math.Max(visitors, (int)Math.Round(Events * factor));
        return this with { Products = products, Brands = brands, Categories = categories, Visitors = visitors, Events = events };
    }

    /// <summary>Throws when the options cannot produce the promised counts.</summary>
    public void Validate()
    {
        if (Categories < 1 || Categories > ToyCategories.Count)
            throw new ArgumentOutOfRangeException(nameof(Categories), Categories, $"Categories must be between 1 and {ToyCategories.Count}.");
        if (Brands < Categories)
            throw new ArgumentOutOfRangeException(nameof(Brands), Brands, "Every category needs at least one brand, so Brands >= Categories.");
        if (Products < Brands)
            throw new ArgumentOutOfRangeException(nameof(Products), Products, "Every brand needs at least one product, so Products >= Brands.");
        if (Visitors < 1)
            throw new ArgumentOutOfRangeException(nameof(Visitors), Visitors, "At least one visitor is needed.");
        if (Events < Visitors)
            throw new ArgumentOutOfRangeException(nameof(Events), Events, "Every visitor has at least one event, so Events >= Visitors.");
        if ((long)Events > (long)Visitors * MaxEventsPerVisitor)
            throw new ArgumentOutOfRangeException(nameof(Events), Events, $"At most {MaxEventsPerVisitor} events per visitor.");
        if (Span < TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(nameof(Span), Span, "The event period must be at least a day.");
    }
}
