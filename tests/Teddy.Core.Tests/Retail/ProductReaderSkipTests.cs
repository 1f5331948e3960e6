using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>Each skip reason of the product reader, with the line numbers the report gives for it.</summary>
public class ProductReaderSkipTests
{
    [Theory]
    [InlineData("""{"id": "a", "title": "cut off""")]
    [InlineData("""{"id": "a",}""")]
    [InlineData("not json at all")]
    [InlineData("""{"id": "a"} {"id": "b"}""")]
    public void Broken_json_is_malformed_json(string line)
    {
        var (products, report) = Ndjson.ReadProducts("""{"id": "ok"}""", line);

        Assert.Equal(["ok"], products.Select(product => product.Id));
        Assert.Equal(1, report.SkippedFor(IngestionSkipReasons.MalformedJson));
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.MalformedJson));
    }

    [Theory]
    [InlineData("""["id", "a"]""")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void A_line_that_is_not_an_object_is_malformed_json(string line)
    {
        var (products, report) = Ndjson.ReadProducts(line);

        Assert.Empty(products);
        Assert.Equal(1, report.SkippedFor(IngestionSkipReasons.MalformedJson));
    }

    [Fact]
    public void Invalid_utf8_is_malformed_json_not_an_exception()
    {
        byte[] line = [.. "{\"id\": \"a"u8, 0xFF, 0xFE, .. "\"}\n{\"id\": \"b\"}\n"u8];
        var (products, report) = Ndjson.ReadProducts(new MemoryStream(line));

        Assert.Equal(["b"], products.Select(product => product.Id));
        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.MalformedJson));
    }

    [Theory]
    [InlineData("""{"title": "no id"}""")]
    [InlineData("""{"id": null, "title": "null id"}""")]
    [InlineData("""{"id": "  ", "title": "blank id"}""")]
    public void A_product_without_a_usable_id_is_missing_id(string line)
    {
        var (products, report) = Ndjson.ReadProducts(line);

        Assert.Empty(products);
        Assert.Equal(1, report.SkippedFor(IngestionSkipReasons.MissingId));
        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.MissingId));
    }

    [Fact]
    public void The_first_product_with_an_id_wins_and_later_ones_are_duplicate_id()
    {
        var (products, report) = Ndjson.ReadProducts(
            """{"id": "a", "title": "first"}""",
            """{"id": "b"}""",
            """{"id": "a", "title": "second"}""",
            """{"id": "a", "title": "third"}""");

        Assert.Equal(["a", "b"], products.Select(product => product.Id));
        Assert.Equal("first", products[0].Title);
        Assert.Equal(2, report.SkippedFor(IngestionSkipReasons.DuplicateId));
        Assert.Equal([3L, 4L], report.ExamplesFor(IngestionSkipReasons.DuplicateId));
    }

    [Fact]
    public void A_rejected_line_does_not_claim_its_id()
    {
        var (products, report) = Ndjson.ReadProducts(
            """{"id": "a", "priceInfo": {"price": "SOLD_OUT"}}""",
            """{"id": "a", "title": "valid"}""");

        Assert.Equal("valid", Assert.Single(products).Title);
        Assert.Equal(0, report.SkippedFor(IngestionSkipReasons.DuplicateId));
    }

    [Theory]
    [InlineData("\"INVALID_VALUE\"")]
    [InlineData("\"SOLD_OUT\"")]
    [InlineData("\"AVAILABLE\"")]
    [InlineData("7")]
    [InlineData("-1")]
    [InlineData("true")]
    [InlineData("{\"value\": \"IN_STOCK\"}")]
    public void An_availability_the_API_does_not_define_keeps_the_product_as_unknown_with_a_warning(string availability)
    {
        // Issue 6 §9: the product used to be dropped whole (invalid_availability) and its events then counted as unknown_product.
        var (products, report) = Ndjson.ReadProducts($$"""{"id": "a", "title": "Kite", "availability": {{availability}}}""", """{"id": "b"}""");

        Assert.Equal(["a", "b"], products.Select(p => p.Id));
        Assert.Equal(ProductAvailability.Unknown, products[0].Availability);
        Assert.Equal(0, report.Skipped);
        Assert.Equal(1, report.WarningsFor(IngestionWarnings.UnknownAvailability));
        Assert.Equal([1L], report.WarningExamplesFor(IngestionWarnings.UnknownAvailability));
        Assert.True(CatalogProduct.From(products[0]).InStock); // the API's default for a product without a known availability
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    [InlineData("-1")]
    [InlineData("\"-0.5\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("\"12,50\"")]
    public void An_unparseable_or_negative_price_is_invalid_price(string price)
    {
        var (products, report) = Ndjson.ReadProducts(
            $$$"""{"id": "a", "priceInfo": {"price": {{{price}}}}}""",
            $$$"""{"id": "b", "priceInfo": {"price": 10, "originalPrice": {{{price}}}}}""");

        Assert.Empty(products);
        Assert.Equal(2, report.SkippedFor(IngestionSkipReasons.InvalidPrice));
        Assert.Equal([1L, 2L], report.ExamplesFor(IngestionSkipReasons.InvalidPrice));
    }

    [Fact]
    public void Checks_run_in_the_documented_order()
    {
        var (_, report) = Ndjson.ReadProducts(
            """{"availability": "NOPE", "priceInfo": {"price": "x"}}""",
            """{"id": "a", "availability": "NOPE", "priceInfo": {"price": "x"}}""",
            """{"id": "a", "availability": "NOPE", "priceInfo": {"price": "x"}""");

        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.MissingId));
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.InvalidPrice)); // an unknown availability no longer rejects a line
        Assert.Equal([3L], report.ExamplesFor(IngestionSkipReasons.MalformedJson));
        Assert.Equal(0, report.SkippedFor(IngestionSkipReasons.InvalidAvailability));
    }

    [Fact]
    public void Examples_keep_the_first_five_lines_but_the_count_is_complete()
    {
        var lines = Enumerable.Range(1, 8).Select(_ => "{}").ToArray();
        var (_, report) = Ndjson.ReadProducts(lines);

        Assert.Equal(8, report.SkippedFor(IngestionSkipReasons.MissingId));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], report.ExamplesFor(IngestionSkipReasons.MissingId));
    }
}
