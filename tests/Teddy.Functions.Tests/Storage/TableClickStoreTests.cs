using Azure.Data.Tables;
using Teddy.Feedback;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Storage;

[Collection(StorageCollection.Name)]
public class TableClickStoreTests(AzuriteFixture storage)
{
    private TableClickStore NewStore() =>
        new(new TableServiceClient(storage.ConnectionString).GetTableClient(AzuriteFixture.UniqueName("clicks")));

    private static Click Click(string id, DateTimeOffset at) => new(id, "user", "product", 1, "content", "20261126_010000", at);

    [Theory]
    [InlineData("plain-id")]
    [InlineData("with/slash\\back#hash?question")]
    [InlineData("percent%2Fencoded")]
    [InlineData("tab\tand\u0001control\u007f\u0085")]
    [InlineData("unicode ✓ 🧸")]
    public async Task Any_click_id_is_stored_once_and_found_again(string id)
    {
        var store = NewStore();
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(ClickRecording.Stored, await store.RecordAsync(Click(id, now)));
        Assert.Equal(ClickRecording.AlreadyStored, await store.RecordAsync(Click(id, now)));
        var found = await store.FindAsync(id, now);
        Assert.Equal(id, found!.ClickId);
    }

    [Fact]
    public async Task Escaped_ids_do_not_collide()
    {
        var store = NewStore();
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(ClickRecording.Stored, await store.RecordAsync(Click("a/b", now)));
        Assert.Equal(ClickRecording.Stored, await store.RecordAsync(Click("a%2Fb", now)));
    }

    [Theory]
    [InlineData("late")]
    [InlineData("late/////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////")] // a hash key
    public async Task A_retry_just_after_midnight_is_still_the_same_click(string id)
    {
        var store = NewStore();
        var beforeMidnight = new DateTimeOffset(2026, 11, 25, 23, 59, 50, TimeSpan.Zero);
        Assert.Equal(ClickRecording.Stored, await store.RecordAsync(Click(id, beforeMidnight)));
        Assert.Equal(ClickRecording.AlreadyStored, await store.RecordAsync(Click(id, beforeMidnight.AddSeconds(30))));
        // Outside the retry window a new day is a new partition: the same id is a new click there.
        Assert.Equal(ClickRecording.Stored, await store.RecordAsync(Click(id, beforeMidnight.AddHours(2))));
    }

    [Theory]
    [InlineData("concurrent")]
    [InlineData("################################################################################################################################################################################################")] // a hash key
    public async Task The_same_click_sent_many_times_at_once_is_stored_once(string id)
    {
        var store = NewStore();
        var now = DateTimeOffset.UtcNow;
        await store.RecordAsync(Click("warm-up", now)); // creates the table
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => store.RecordAsync(Click(id, now)))));
        Assert.Single(outcomes, o => o == ClickRecording.Stored);
        Assert.Equal(11, outcomes.Count(o => o == ClickRecording.AlreadyStored));
    }

    /// <summary>The report's ids (escaped past the 1 KiB key limit: 500 InvalidInput) and the worst case of each character class.</summary>
    public static TheoryData<string, string> LongEscapedIds => new()
    {
        { "171 '/'", new string('/', 171) },
        { "200 '#'", new string('#', 200) },
        { "100 U+0080", new string('\u0080', 100) },
        { "170 '/' (longest escaped key kept)", new string('/', 170) },
        { "256 '%'", new string('%', 256) },
        { "256 '?'", new string('?', 256) },
        { "256 '\\'", new string('\\', 256) },
        { "256 U+0000", new string('\0', 256) },
        { "256 U+009F", new string('\u009f', 256) },
        { "256 U+2713", new string('\u2713', 256) },
        { "256 U+FFFF", new string('\uffff', 256) },
        { "128 U+1F9F8", string.Concat(Enumerable.Repeat("\U0001F9F8", 128)) },
        { "256 quotes", new string('\'', 256) },
        { "256 letters", new string('a', 256) },
    };

    [Theory]
    [MemberData(nameof(LongEscapedIds), DisableDiscoveryEnumeration = true)] // built at run time: xunit would mangle control characters
    public async Task Every_accepted_id_is_stored_once_and_found_again(string name, string id)
    {
        var store = NewStore();
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(ClickRecording.Stored, await store.RecordAsync(Click(id, now)));
        Assert.Equal(ClickRecording.AlreadyStored, await store.RecordAsync(Click(id, now.AddSeconds(1))));
        var found = await store.FindAsync(id, now);
        Assert.Equal(id, found!.ClickId);
        _ = name;
    }

    [Fact]
    public async Task Ids_sharing_a_hash_key_are_both_stored_and_each_stays_idempotent()
    {
        // Every long id gets the same "hash": the store must compare the stored id and move to a probe key.
        var store = new TableClickStore(new TableServiceClient(storage.ConnectionString).GetTableClient(AzuriteFixture.UniqueName("clicks")),
            timeout: null, hash: _ => "same");
        var now = DateTimeOffset.UtcNow;
        string[] ids = [new string('/', 171), new string('#', 200), new string('\u0080', 100)];
        foreach (string id in ids)
            Assert.Equal(ClickRecording.Stored, await store.RecordAsync(Click(id, now) with { UserId = "user of " + id[0] }));
        foreach (string id in ids)
        {
            Assert.Equal(ClickRecording.AlreadyStored, await store.RecordAsync(Click(id, now)));
            var found = await store.FindAsync(id, now);
            Assert.Equal(id, found!.ClickId);
            Assert.Equal("user of " + id[0], found.UserId);
        }
        Assert.Null(await store.FindAsync(new string('?', 200), now)); // shares the key too, but was never stored
    }

    [Fact]
    public async Task An_add_whose_answer_was_lost_is_already_stored_when_retried()
    {
        // The first add reached the table but its answer never came back; the client (or the SDK) retries.
        var table = new TableServiceClient(storage.ConnectionString).GetTableClient(AzuriteFixture.UniqueName("clicks"));
        await table.CreateAsync();
        var now = DateTimeOffset.UtcNow;
        string id = new('#', 200);
        await table.AddEntityAsync(new TableEntity(TableClickStore.PartitionFor(now.UtcDateTime), TableKeys.For(id)) { ["ClickId"] = id });
        Assert.Equal(ClickRecording.AlreadyStored, await new TableClickStore(table).RecordAsync(Click(id, now)));
    }

    [Fact]
    public async Task The_largest_click_the_api_accepts_is_stored_whole()
    {
        // Each id at the 256 UTF-16 code-unit limit in its bulkiest form; the longest type; version at 64.
        string pairs = string.Concat(Enumerable.Repeat("\U0001F9F8", 128));
        var click = new Click(new string('\u0080', 256), pairs, new string('\u2713', 256), ClickValidation.MaxPosition,
            "collaborative", new string('\uffff', 64), DateTimeOffset.UtcNow);
        Assert.Empty(ClickValidation.Validate(click.ClickId, click.UserId, click.ProductId, click.Position, click.RecommendationType, click.ModelVersion));
        var store = NewStore();
        Assert.Equal(ClickRecording.Stored, await store.RecordAsync(click));
        Assert.Equal(click with { ReceivedAt = default }, (await store.FindAsync(click.ClickId, click.ReceivedAt))! with { ReceivedAt = default });
    }

    [Fact]
    public void Keys_never_carry_characters_table_storage_forbids()
    {
        foreach (string id in new[] { "/", "\\", "#", "?", "\u0000", "\u001f", "\u007f", "\u009f", "%" })
        {
            string key = TableKeys.Escape("x" + id + "y");
            Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
            Assert.Equal("x" + id + "y", TableKeys.Unescape(key));
        }
    }
}
