using Teddy.Interactions;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>
/// A catalog line giving a field the reader uses twice in one object, at any level it reads, is skipped as
/// duplicate_field (as the events reader does): which value the sender meant would be a guess.
/// </summary>
public class ProductDuplicateFieldTests
{
    public static TheoryData<string> Lines => new()
    {
        // The tryout's example: accepted before, stored under the last id.
        """{"id":"dupfield","id":"other","title":"x"}""",
        """{"id":"d","title":"One","title":"Two"}""",
        """{"id":"d","description":"a","description":"b"}""",
        """{"id":"d","categories":["Toys"],"categories":["Games"]}""",
        """{"id":"d","brands":["Acme"],"brands":"Other"}""",
        """{"id":"d","priceInfo":{"price":1},"priceInfo":{"price":2}}""",
        """{"id":"d","priceInfo":{"price":1,"price":2}}""",
        """{"id":"d","priceInfo":{"price":1,"originalPrice":3,"originalPrice":2}}""",
        """{"id":"d","priceInfo":{"price":1,"currencyCode":"EUR","currencyCode":"USD"}}""",
        """{"id":"d","availability":"IN_STOCK","availability":"OUT_OF_STOCK"}""",
        """{"id":"d","type":"PRIMARY","type":"VARIANT","primaryProductId":"p"}""",
        """{"id":"d","type":"VARIANT","primaryProductId":"p1","primaryProductId":"p2"}""",
        """{"id":"d","sizes":["S"],"sizes":["M"]}""",
        """{"id":"d","images":[{"uri":"https://x/1.jpg"}],"images":[]}""",
        """{"id":"d","images":[{"uri":"https://x/1.jpg","uri":"https://x/2.jpg"}]}""",
        """{"id":"d","images":{"uri":"https://x/1.jpg","uri":"https://x/2.jpg"}}""",
        """{"id":"d","colorInfo":{"colors":["Red"]},"colorInfo":{}}""",
        """{"id":"d","colorInfo":{"colors":["Red"],"colors":["Blue"]}}""",
        """{"id":"d","colorInfo":{"colorFamilies":["Red"],"colorFamilies":["Blue"]}}""",
        """{"id":"d","audience":{"ageGroups":["kids"]},"audience":{}}""",
        """{"id":"d","audience":{"ageGroups":["kids"],"ageGroups":["adult"]}}""",
        """{"id":"d","attributes":{},"attributes":{"a":{"text":["x"]}}}""",
        """{"id":"d","attributes":{"material":{"text":["Metal"]},"material":{"text":["Wood"]}}}""",
        """{"id":"d","attributes":{"material":{"text":["Metal"],"text":["Wood"]}}}""",
        """{"id":"d","attributes":{"length":{"numbers":[1],"numbers":[2]}}}""",
        """{"id":"d","attributes":[{"key":"material","key":"colour","value":{"text":["Metal"]}}]}""",
        """{"id":"d","attributes":[{"key":"material","value":{"text":["Metal"]},"value":{"text":["Wood"]}}]}""",
        """{"id":"d","attributes":[{"key":"material","value":{"text":["Metal"],"text":["Wood"]}}]}""",
        """{"id":"d","uri":"https://shop/a","uri":"https://shop/b"}""",
        // Names are compared after unescaping, as the reader matches them.
        """{"id":"d","\u0069d":"e"}""",
        """{"id":"d","attributes":{"m\u0061terial":{"text":["Metal"]},"material":{"text":["Wood"]}}}""",
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_field_the_reader_uses_given_twice_in_one_object_is_duplicate_field(string line)
    {
        var (products, report) = Ndjson.ReadProducts("""{"id":"before"}""", line, """{"id":"after"}""");

        Assert.Equal(["before", "after"], products.Select(p => p.Id));
        Assert.Equal(1, report.Skipped);
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.DuplicateField));
    }

    [Theory]
    [InlineData("""{"id":"a","custom":1,"custom":2}""")] // fields the reader does not use are not its business
    [InlineData("""{"id":"a","ID":"b","Title":"x","title":"y"}""")] // names differing in case are different fields
    [InlineData("""{"id":"a","images":[{"uri":"https://x/1.jpg"},{"uri":"https://x/2.jpg"}]}""")] // one field per object
    [InlineData("""{"id":"a","attributes":[{"key":"m","value":{"text":["x"]}},{"key":"m","value":{"text":["y"]}}]}""")] // two entries, merged
    [InlineData("""{"id":"a","attributes":{"m":{"text":["x"]}," m":{"text":["y"]}}}""")] // different names, merged after trimming
    [InlineData("""{"id":"a","priceInfo":{"price":1},"attributes":{"price":{"numbers":[2]}}}""")] // the same name in different objects
    public void Fields_given_once_per_object_are_not_duplicates(string line)
    {
        var product = Ndjson.SingleProduct(line);
        Assert.Equal("a", product.Id);
    }

    [Fact]
    public void A_field_given_twice_wins_over_later_checks_but_broken_json_is_still_malformed()
    {
        var (_, report) = Ndjson.ReadProducts(
            """{"title":"a","title":"b"}""", // no id
            """{"id":"a","priceInfo":{"price":"x"},"title":"a","title":"b"}""", // invalid price
            """{"id":"a","title":"a","title":"b",""");

        Assert.Equal([1L, 2L], report.ExamplesFor(IngestionSkipReasons.DuplicateField));
        Assert.Equal([3L], report.ExamplesFor(IngestionSkipReasons.MalformedJson));
    }

    [Fact]
    public void Events_on_a_line_skipped_for_a_field_given_twice_are_rejected_product_unless_the_id_itself_was_given_twice()
    {
        var data = Ndjson.Ingest(
            """
            {"id":"p1","title":"Kept"}
            {"id":"dupfield","id":"other","title":"x"}
            {"id":"twice-priced","priceInfo":{"price":1,"price":2}}
            """,
            """
            {"eventType":"detail-page-view","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[{"product":{"id":"p1"}}]}
            {"eventType":"detail-page-view","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[{"product":{"id":"other"}}]}
            {"eventType":"detail-page-view","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[{"product":{"id":"dupfield"}}]}
            {"eventType":"detail-page-view","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[{"product":{"id":"twice-priced"}}]}
            """);

        Assert.Equal(["p1"], data.Catalog.Products.Select(p => p.Id));
        Assert.False(data.Catalog.TryGetIndex("other", out _));
        Assert.Equal([2L, 3L], data.Report.Products.ExamplesFor(IngestionSkipReasons.DuplicateField));
        Assert.Equal([2L, 3L], data.Report.Events.ExamplesFor(IngestionSkipReasons.UnknownProduct)); // which id the line meant is unknown
        Assert.Equal([4L], data.Report.Events.ExamplesFor(IngestionSkipReasons.RejectedProduct)); // fix that line and its events come back
    }
}
