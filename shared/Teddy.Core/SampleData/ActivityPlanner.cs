namespace Teddy.SampleData;

/// <summary>
/// How many events each visitor produces: heavy-tailed like real traffic. A few drive-by visitors
/// leave 1-3 events, most leave tens, a few enthusiasts leave hundreds. Raw activity levels are
/// scaled so the counts add up to exactly <see cref="SampleShopOptions.Events"/>, each at least 1.
/// </summary>
internal static class ActivityPlanner
{
    private const int MaxEventsPerVisitor = SampleShopOptions.MaxEventsPerVisitor;

    public static int[] Plan(SampleShopOptions options)
    {
        var random = SampleRandom.For(options.Seed, RandomStream.Activity, 0);
        int visitors = options.Visitors;
        var activity = new double[visitors];
        double total = 0;
        for (int v = 0; v < visitors; v++)
        {
            double kind = random.NextDouble();
            double u = random.NextDouble();
            activity[v] = kind switch
            {
                < 0.08 => 1 + 2 * u,                               // drive-by: one glance, maybe two
                < 0.94 => 10 + 50 * u * Math.Sqrt(u),              // regular: tens of events
                _ => Math.Min(1_200, 80 / Math.Sqrt(1 - u)),       // enthusiast: Pareto tail, hundreds
            };
            total += activity[v];
        }

        var budget = new int[visitors];
        long assigned = 0;
        double scale = (double)options.Events / total;
        for (int v = 0; v < visitors; v++)
        {
            budget[v] = (int)Math.Clamp(activity[v] * scale, 1, MaxEventsPerVisitor);
            assigned += budget[v];
        }

        // Truncation and the floor of 1 leave the sum a little off; settle the difference one event at
        // a time, on visitors drawn by activity so the shape of the distribution is kept.
        var byActivity = new AliasTable(activity);
        while (assigned != options.Events)
        {
            int v = byActivity.Sample(random);
            if (assigned < options.Events && budget[v] < MaxEventsPerVisitor) { budget[v]++; assigned++; }
            else if (assigned > options.Events && budget[v] > 1) { budget[v]--; assigned--; }
        }
        return budget;
    }
}
