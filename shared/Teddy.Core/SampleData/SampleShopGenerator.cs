namespace Teddy.SampleData;

/// <summary>
/// Generates a realistic demo toy/baby shop as Google Cloud Retail API NDJSON: a product catalog and
/// the user events of its visitors, whose hidden preferences make later behaviour predictable from
/// earlier behaviour (better than popularity alone), so recommenders have something real to learn.
/// <para>
/// Output is deterministic: the same options give byte-identical files on any machine and runtime.
/// Events are written visitor by visitor (v00001 first), each visitor's events in increasing time;
/// the file as a whole is not globally time-sorted. Events are streamed: only one visitor's events
/// are in memory at a time.
/// </para>
/// </summary>
public static class SampleShopGenerator
{
    public const string CatalogFileName = "products.ndjson";
    public const string EventsFileName = "user_events.ndjson";

    public static SampleShopSummary Write(SampleShopOptions options, Stream catalog, Stream events)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(events);
        options.Validate();

        var shop = CatalogBuilder.Build(options);
        long catalogBytes = WriteCatalog(shop, catalog);
        return WriteEvents(options, shop, events, catalogBytes);
    }

    /// <summary>Writes <see cref="CatalogFileName"/> and <see cref="EventsFileName"/> into <paramref name="directory"/> (created if needed).</summary>
    public static SampleShopSummary WriteFiles(SampleShopOptions options, string directory)
    {
        Directory.CreateDirectory(directory);
        using var catalog = File.Create(Path.Combine(directory, CatalogFileName));
        using var events = File.Create(Path.Combine(directory, EventsFileName));
        return Write(options, catalog, events);
    }

    private static long WriteCatalog(SampleCatalog shop, Stream stream)
    {
        using var writer = new NdjsonWriter(stream);
        foreach (var product in shop.Products)
        {
            ProductJsonWriter.Write(writer.Line, product, shop);
            writer.EndLine();
        }
        writer.Complete();
        return writer.Bytes;
    }

    private static SampleShopSummary WriteEvents(SampleShopOptions options, SampleCatalog shop, Stream stream, long catalogBytes)
    {
        var start = options.Start.UtcDateTime;
        start = start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond));
        long periodSeconds = (long)options.Span.TotalSeconds;

        int[] budgets = ActivityPlanner.Plan(options);
        var preferences = new ShopperPreferencesBuilder(shop);
        var simulator = new BrowsingSimulator(shop);
        var clock = new EventClock(periodSeconds);
        var eventWriter = new UserEventJsonWriter(shop, start);
        var perKind = new long[UserEventKinds.Count];
        long first = long.MaxValue, last = long.MinValue;

        using var writer = new NdjsonWriter(stream);
        for (int v = 0; v < options.Visitors; v++)
        {
            // One random stream per visitor: a visitor's story does not depend on the ones before it.
            var random = SampleRandom.For(options.Seed, RandomStream.Visitor, v);
            var visitor = preferences.Draw(v, budgets[v], random);
            simulator.Simulate(visitor, random);
            var events = simulator.Events;
            clock.Assign(events, simulator.Sessions, random);
            foreach (ref readonly var e in events)
            {
                eventWriter.Write(writer.Line, e, visitor, simulator.PurchaseLines);
                writer.EndLine();
                perKind[(int)e.Kind]++;
            }
            first = Math.Min(first, events[0].Seconds);
            last = Math.Max(last, events[^1].Seconds);
        }
        writer.Complete();

        return new SampleShopSummary
        {
            Products = shop.Products.Length,
            Brands = shop.Brands.Length,
            Categories = shop.Categories.Length,
            Visitors = options.Visitors,
            LoggedInVisitors = preferences.LoggedInVisitors,
            Events = writer.Lines,
            DetailPageViews = perKind[(int)UserEventKind.DetailPageView],
            AddToCarts = perKind[(int)UserEventKind.AddToCart],
            PurchaseCompletes = perKind[(int)UserEventKind.PurchaseComplete],
            HomePageViews = perKind[(int)UserEventKind.HomePageView],
            Searches = perKind[(int)UserEventKind.Search],
            CategoryPageViews = perKind[(int)UserEventKind.CategoryPageView],
            CatalogBytes = catalogBytes,
            EventBytes = writer.Bytes,
            FirstEventTime = eventWriter.TimeOf(first),
            LastEventTime = eventWriter.TimeOf(last),
        };
    }
}
