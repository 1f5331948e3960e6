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

    [Fact]
    public async Task A_retry_just_after_midnight_is_still_the_same_click()
    {
        var store = NewStore();
        var beforeMidnight = new DateTimeOffset(2026, 11, 25, 23, 59, 50, TimeSpan.Zero);
        Assert.Equal(ClickRecording.Stored, await store.RecordAsync(Click("late", beforeMidnight)));
        Assert.Equal(ClickRecording.AlreadyStored, await store.RecordAsync(Click("late", beforeMidnight.AddSeconds(30))));
        // Outside the retry window a new day is a new partition: the same id is a new click there.
        Assert.Equal(ClickRecording.Stored, await store.RecordAsync(Click("late", beforeMidnight.AddHours(2))));
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
