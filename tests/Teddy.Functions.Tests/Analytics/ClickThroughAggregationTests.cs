using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Analytics;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Learning;
using static Teddy.Functions.Tests.Infrastructure.FeedbackTables;
using static Teddy.Recommenders.RecommendationSources;

namespace Teddy.Functions.Tests.Analytics;

/// <summary>
/// The click-through aggregation on Azurite through Teddy's own composition: rows written as the contract
/// shapes them (retried flushes, a click sent as a click and as an event, clicks without a token, on unknown
/// products, late), one aggregator at a time, catch-up after a gap, and a second instance reading the same numbers.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ClickThroughAggregationTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly DateTime Hour10 = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private readonly List<ServiceProvider> _instances = [];

    private readonly Dictionary<string, string?> _names = new()
    {
        ["Teddy:Storage:AnalyticsContainer"] = AzuriteFixture.UniqueName("analytics"),
        ["Teddy:Storage:ImpressionsTable"] = AzuriteFixture.UniqueName("impressions"),
        ["Teddy:Storage:ClicksTable"] = AzuriteFixture.UniqueName("clicks"),
    };

    /// <summary>An app instance on the shared storage names, with its own clock.</summary>
    private (ServiceProvider Services, ManualClock Clock) Instance(DateTime now, Dictionary<string, string?>? more = null)
    {
        var clock = new ManualClock(new DateTimeOffset(now));
        var settings = new Dictionary<string, string?>(_names);
        foreach (var (key, value) in more ?? []) settings[key] = value;
        var services = TeddyServices.Create(storage.ConnectionString, settings, s => s.AddSingleton<TimeProvider>(clock));
        _instances.Add(services);
        return (services, clock);
    }

    private FeedbackTables Tables(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        return For(storage.ConnectionString, configuration["Teddy:Storage:ImpressionsTable"]!, configuration["Teddy:Storage:ClicksTable"]!);
    }

    private static Task<AggregationRun> RunAsync(IServiceProvider services, bool force = true) =>
        services.GetRequiredService<CtrAggregator>().RunOnceAsync(force);

    private static async Task<CtrDocument> DocumentAsync(IServiceProvider services) =>
        (await services.GetRequiredService<IAnalyticsStore>().ReadDocumentAsync())!.Document;

    private static async Task<HourAggregate> HourAsync(IServiceProvider services, DateTime hour) =>
        (await services.GetRequiredService<IAnalyticsStore>().ReadHourAsync(hour))!.Value.Hour;

    private static readonly string A = Token(Hour10, 1), B = Token(Hour10, 2, shard: 99), Missing = Token(Hour10, 3, shard: 50);

    /// <summary>The hand-computed hour of the unit tests, written as rows, with every retry the tables can hold.</summary>
    private static async Task WriteHour10Async(FeedbackTables tables)
    {
        var listA = new[]
        {
            Item("p1", 1, Content, "Hape", "Toys", "toddler", "red", 0),
            Item("p2", 2, Collaborative, "Lego", "Toys", "kids", "blue", 2),
            Item("p3", 3, Content | Collaborative, "Hape", "Books", null, null, 3),
        };
        await tables.WriteImpressionAsync(A, "recommendations", "hybrid", listA);
        await tables.WriteImpressionAsync(A, "recommendations", "hybrid", listA); // a retried flush
        await tables.WriteImpressionAsync(B, "similar", "content",
            [Item("p4", 1, Content, "lego", "Books", "kids", "red", 1), Item("p1", 2, Content, "Hape", "Toys", "toddler", "red", 0)]);
        await tables.WriteImpressionAsync(Token(Hour10, 5, shard: 7), "recommendations", "hybrid", [], itemsJson: "not json"); // skipped, counted

        await tables.WriteClickAsync("c1", A, "p1", Hour10.AddMinutes(5));
        await tables.WriteClickAsync("c1", A, "p1", Hour10.AddMinutes(5));                      // the click store's retry
        await tables.WriteClickAsync("evt:3f2a", A, "p1", Hour10.AddMinutes(6), 0, null, null);  // the same click as a detail-page-view event
        await tables.WriteClickAsync("c3", A, "p3", Hour10.AddMinutes(90), 3);                   // 11:30, inside the window
        await tables.WriteClickAsync("c4", B, "p4", Hour10.AddMinutes(10), 1, "similar", known: false);
        await tables.WriteClickAsync("c5", null, "p7", Hour10.AddMinutes(20), 2, "popular");     // no token
        await tables.WriteClickAsync("c6", null, "p8", Hour10.AddMinutes(30), 1, "hybrid", known: false);
        await tables.WriteClickAsync("c7", A, "p9", Hour10.AddMinutes(40), 4);                   // not in the list
        await tables.WriteClickAsync("c8", Missing, "p1", Hour10.AddMinutes(41));                // no impression
        await tables.WriteClickAsync("c9", A, "p2", Hour10.AddHours(2));                         // 12:00: late
        await tables.WriteClickAsync("c10", Token(Hour10.AddHours(-2), 9), "p5", Hour10.AddMinutes(15)); // served at 8: late
        await tables.WriteClickAsync("c11", "not-a-token", "p1", Hour10.AddMinutes(50));
        await tables.WriteClickAsync("c12", Token(Hour10.AddHours(1), 4), "p1", Hour10.AddMinutes(58)); // hour 11's
        await tables.WriteBrokenClickAsync("c13", Hour10.AddMinutes(59));                           // no product: skipped, counted
    }

    private static void AssertGroups(IReadOnlyDictionary<string, GroupCounts> actual, params (string Key, long Impressions, long Clicks)[] expected) =>
        Assert.Equal(expected.Select(e => $"{e.Key.ToLowerInvariant()}={new GroupCounts(e.Impressions, e.Clicks)}").Order(StringComparer.Ordinal),
            actual.Select(a => $"{a.Key.ToLowerInvariant()}={a.Value}").Order(StringComparer.Ordinal));

    [Fact]
    public async Task Every_impression_and_click_is_counted_once_under_retries()
    {
        var (services, _) = Instance(Hour10.AddMinutes(95));
        await WriteHour10Async(Tables(services));

        var run = await RunAsync(services);
        Assert.True(run.Ran, run.Reason);
        Assert.Equal([Hour10, Hour10.AddHours(1)], run.HoursComputed);

        var counts = (await HourAsync(services, Hour10)).Counts;
        Assert.Equal(2, counts.Lists);
        Assert.Equal(new GroupCounts(5, 4), counts.Overall);
        AssertGroups(counts.Of(CtrDimensions.Method), ("hybrid", 3, 2), ("content", 2, 1), ("popular", 0, 1));
        AssertGroups(counts.Of(CtrDimensions.ListKind), ("recommendations", 3, 2), ("similar", 2, 1));
        AssertGroups(counts.Of(CtrDimensions.Position), ("1", 2, 2), ("2", 2, 1), ("3", 1, 1));
        AssertGroups(counts.Of(CtrDimensions.Brand), ("Hape", 3, 2), ("Lego", 2, 1));
        AssertGroups(counts.Of(CtrDimensions.AgeGroup), ("toddler", 2, 1), ("kids", 2, 1), ("", 1, 1));
        AssertGroups(counts.Of(CtrDimensions.Color), ("red", 3, 2), ("blue", 1, 0), ("", 1, 1));
        AssertGroups(counts.Of(CtrDimensions.DiscountTier), ("none", 2, 1), ("under_10", 1, 1), ("10_to_25", 1, 0), ("25_plus", 1, 1));
        AssertGroups(counts.Of(CtrDimensions.Category), ("Toys", 3, 1), ("Books", 2, 2));
        Assert.Equal(new GroupCounts(2, 2), counts.BanditContent);
        Assert.Equal(new GroupCounts(2, 1), counts.BanditCollaborative);
        Assert.Equal(1, counts.Excluded[ClickExclusions.UnknownProduct]);
        Assert.Equal(1, counts.Excluded[ClickExclusions.ProductNotInList]);
        Assert.Equal(1, counts.Excluded[ClickExclusions.ImpressionNotFound]);
        Assert.Equal(1, counts.Excluded[ClickExclusions.Late]);
        Assert.Equal(1, counts.Excluded[ClickExclusions.InvalidToken]);
        Assert.Equal(1, counts.Notes[CtrNotes.DuplicateClickRecords]);
        Assert.Equal(1, counts.Notes[CtrNotes.UnknownProductClicks]);
        Assert.Equal(1, counts.Notes[CtrNotes.TokenlessClicks]);
        Assert.Equal(1, counts.Notes[$"{CtrNotes.SkippedImpressions}:{ImpressionItemsJson.MalformedItems}"]);
        Assert.Equal(1, counts.Notes[$"{CtrNotes.SkippedClicks}:missing_fields"]);

        // Hour 11 holds the click served at 11 (its impression is not stored) and nothing else.
        var hour11 = (await HourAsync(services, Hour10.AddHours(1))).Counts;
        Assert.Equal(new GroupCounts(0, 0), hour11.Overall);
        Assert.Equal(1, hour11.Excluded[ClickExclusions.ImpressionNotFound]);

        // Running again, and flushing and clicking again, changes nothing.
        string before = System.Text.Json.JsonSerializer.Serialize((await DocumentAsync(services)).Days.Single().Counts);
        await WriteHour10Async(Tables(services));
        Assert.True((await RunAsync(services)).Ran);
        var again = await DocumentAsync(services);
        // The same counts, whatever order the groups were first met in (dictionaries keep insertion order).
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(before),
            System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(again.Days.Single().Counts))),
            $"{before}\n{System.Text.Json.JsonSerializer.Serialize(again.Days.Single().Counts)}");
        Assert.Equal(new GroupCounts(5, 4), again.Total().Overall);
    }

    [Fact]
    public async Task A_second_instance_sees_the_same_click_through()
    {
        var (first, _) = Instance(Hour10.AddMinutes(95));
        await WriteHour10Async(Tables(first));
        Assert.True((await RunAsync(first)).Ran);

        // A second instance started afterwards (or the first one restarted): it reads the same blob.
        var (second, _) = Instance(Hour10.AddMinutes(95));
        Assert.Same(LearningSnapshot.Empty, second.GetRequiredService<ILearningState>().Current);
        var states = new[] { first, second }.Select(s => s.GetRequiredService<SharedLearningState>()).ToArray();
        foreach (var state in states) Assert.True(await state.RefreshAsync());

        var snapshots = states.Select(s => s.Current).ToArray();
        Assert.Same(states[1], second.GetRequiredService<ILearningState>());
        Assert.All(snapshots, s =>
        {
            Assert.Equal(5, s.Impressions);
            Assert.Equal(4, s.Clicks);
            Assert.Equal(0.8, s.OverallCtr, 12);
            Assert.Equal(new PartEvidence(2, 2), s.Content);
            Assert.Equal(new PartEvidence(2, 1), s.Collaborative);
            Assert.Equal(new BrandCtr(3, 2, snapshots[0].Brands["Hape"].SmoothedCtr, CtrCategory.InsufficientData), s.Brands["hape"]);
        });
        // GET api/analytics/ctr answers the same on both (but for when each read ctr.json).
        var answers = new List<string>();
        foreach (var instance in new[] { first, second })
        {
            var request = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = instance }.Request;
            request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?top=5");
            var result = await ActivatorUtilities.CreateInstance<Teddy.Functions.Analytics.GetClickThroughRates>(instance).Run(request, CancellationToken.None);
            var report = Assert.IsType<CtrReport>(Assert.IsType<Microsoft.AspNetCore.Mvc.OkObjectResult>(result).Value);
            Assert.Equal(new GroupCounts(5, 4), new GroupCounts(report.Overall.Impressions, report.Overall.Clicks));
            answers.Add(System.Text.Json.JsonSerializer.Serialize(report with { ReadAt = null }));
        }
        Assert.Equal(answers[0], answers[1]);

        // Nothing changed: no new read.
        Assert.False(await states[1].RefreshAsync());
    }

    [Fact]
    public async Task One_aggregator_runs_at_a_time()
    {
        var (first, _) = Instance(Hour10.AddMinutes(30));
        var (second, _) = Instance(Hour10.AddMinutes(30));
        await Tables(first).WriteImpressionAsync(A, "recommendations", "hybrid", [Item("p1", 1, Content, "Hape")]);

        // While one instance holds the lease, the other does not run.
        var lease = await first.GetRequiredService<IAnalyticsStore>().TryLockAsync();
        Assert.NotNull(lease);
        var blocked = await RunAsync(second);
        Assert.False(blocked.Ran);
        Assert.Contains("lease", blocked.Reason);
        await lease.DisposeAsync();

        // Both at once: exactly one computes; the other finds the lease held or the aggregates just written.
        var runs = await Task.WhenAll(RunAsync(first, force: false), RunAsync(second, force: false));
        Assert.Single(runs, r => r.Ran);
        Assert.Equal(new GroupCounts(1, 0), (await DocumentAsync(second)).Total().Overall);
    }

    [Fact]
    public async Task After_a_gap_every_missed_hour_is_caught_up_and_final_hours_are_not_read_again()
    {
        var (services, clock) = Instance(Hour10.AddMinutes(30));
        var tables = Tables(services);
        var hour8 = Hour10.AddHours(-2);
        await tables.WriteImpressionAsync(Token(hour8, 1), "recommendations", "popular", [Item("p1", 1, Popular, "Hape"), Item("p2", 2, Popular, "Lego")]);

        // The first run starts at the earliest impression of the kept history.
        var first = await RunAsync(services);
        Assert.Equal([hour8, hour8.AddHours(1), Hour10], first.HoursComputed);

        // Down from 10:30 to 14:30, while shoppers kept coming.
        for (int h = 11; h <= 13; h++)
            await tables.WriteImpressionAsync(Token(Hour10.AddHours(h - 10), h), "recommendations", "content", [Item($"q{h}", 1, Content, "Hape")]);
        await tables.WriteClickAsync("late-night", Token(Hour10.AddHours(2), 12), "q12", Hour10.AddHours(3).AddMinutes(10));
        clock.Now = new DateTimeOffset(Hour10.AddHours(4).AddMinutes(30));

        var second = await RunAsync(services);
        Assert.Equal(Enumerable.Range(9, 6).Select(h => Hour10.AddHours(h - 10)), second.HoursComputed); // 8 was already final
        var document = await DocumentAsync(services);
        Assert.Equal(Enumerable.Range(8, 7).Select(h => Hour10.AddHours(h - 10)), document.Hours.Select(h => h.Hour));
        Assert.Equal([2L, 0, 0, 1, 1, 1, 0], document.Hours.Select(h => h.Counts.Impressions));
        Assert.Equal([0L, 0, 0, 0, 1, 0, 0], document.Hours.Select(h => h.Counts.Clicks));

        // Hours whose window and late writes are over are final; 13 and 14 can still change.
        var stored = (await services.GetRequiredService<IAnalyticsStore>().ListHoursAsync()).OrderBy(h => h.Hour).ToArray();
        Assert.Equal([true, true, true, true, true, false, false], stored.Select(h => h.Final));
        clock.Now = clock.Now.AddMinutes(1);
        Assert.Equal([Hour10.AddHours(3), Hour10.AddHours(4)], (await RunAsync(services)).HoursComputed);
    }

    [Fact]
    public async Task A_click_counts_until_its_window_closes_and_a_later_one_is_tallied_as_late()
    {
        var (services, clock) = Instance(Hour10.AddMinutes(65));
        var tables = Tables(services);
        await tables.WriteImpressionAsync(A, "recommendations", "content", [Item("p1", 1, Content, "Hape"), Item("p2", 2, Content, "Lego")]);
        await RunAsync(services);

        await tables.WriteClickAsync("in-window", A, "p1", Hour10.AddMinutes(110));  // 11:50
        clock.Now = new DateTimeOffset(Hour10.AddMinutes(125));                       // 12:05: hour 10 is still open for late writes
        await RunAsync(services);
        Assert.False((await HourAsync(services, Hour10)).Final);

        await tables.WriteClickAsync("too-late", A, "p2", Hour10.AddMinutes(140));   // 12:20
        clock.Now = new DateTimeOffset(Hour10.AddMinutes(150));                       // 12:30
        await RunAsync(services);
        var hour10 = await HourAsync(services, Hour10);
        Assert.True(hour10.Final);
        Assert.Equal(new GroupCounts(2, 1), hour10.Counts.Overall);
        Assert.Equal(1, (await HourAsync(services, Hour10.AddHours(2))).Counts.Excluded[ClickExclusions.Late]);
    }

    [Fact]
    public async Task Hours_older_than_the_kept_history_are_deleted()
    {
        var (services, clock) = Instance(Hour10.AddMinutes(30), new() { ["Teddy:Learning:HistoryDays"] = "1" });
        await Tables(services).WriteImpressionAsync(A, "recommendations", "content", [Item("p1", 1, Content, "Hape")]);
        await RunAsync(services);
        Assert.Equal(new GroupCounts(1, 0), (await DocumentAsync(services)).Total().Overall);

        clock.Now = clock.Now.AddDays(2);
        await RunAsync(services);
        var stored = await services.GetRequiredService<IAnalyticsStore>().ListHoursAsync();
        Assert.DoesNotContain(stored, h => h.Hour == Hour10);
        Assert.Equal(new GroupCounts(0, 0), (await DocumentAsync(services)).Total().Overall);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances) await instance.DisposeAsync();
    }
}
