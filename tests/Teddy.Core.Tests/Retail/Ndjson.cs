using System.Text;
using Teddy.Interactions;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>Builds streams for the readers from inline text or the copied Google sample files.</summary>
internal static class Ndjson
{
    public static Stream FromText(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    public static Stream FromLines(params string[] lines) => FromText(string.Join("\n", lines) + "\n");

    public static Stream GoogleSample(string fileName) =>
        File.OpenRead(Path.Combine(AppContext.BaseDirectory, "TestData", "gcp-retail-sample", fileName));

    public static (List<RetailProduct> Products, IngestionStreamReport Report) ReadProducts(Stream stream)
    {
        var report = new IngestionStreamReport();
        var products = RetailProductReader.Read(stream, report).ToList();
        return (products, report);
    }

    public static (List<RetailProduct> Products, IngestionStreamReport Report) ReadProducts(params string[] lines) =>
        ReadProducts(FromLines(lines));

    public static RetailProduct SingleProduct(string line)
    {
        var (products, report) = ReadProducts(line);
        Assert.True(products.Count == 1, $"expected the line to be accepted: {report}");
        return products[0];
    }

    public static (List<RetailEvent> Events, EventIngestionReport Report) ReadEvents(Stream stream, ProductCatalog? catalog = null, IEnumerable<string>? extraTypes = null)
    {
        var report = new EventIngestionReport();
        var events = new RetailEventReader(extraTypes, catalog).Read(stream, report).ToList();
        return (events, report);
    }

    public static (List<RetailEvent> Events, EventIngestionReport Report) ReadEvents(params string[] lines) =>
        ReadEvents(FromLines(lines));

    /// <summary>A small catalog with the given product ids (title = id).</summary>
    public static ProductCatalog Catalog(params string[] ids) =>
        ProductCatalog.FromProducts(ids.Select(id => new RetailProduct { Id = id, Title = id }));

    public static string Event(string type, string visitor, string time, params string[] productIds)
    {
        string details = string.Join(",", productIds.Select(id => "{\"product\":{\"id\":\"" + id + "\"}}"));
        return "{\"eventType\":\"" + type + "\",\"visitorId\":\"" + visitor + "\",\"eventTime\":\"" + time
            + "\",\"productDetails\":[" + details + "]}";
    }

    public static IngestedData Ingest(string products, string events, EventWeights? weights = null) =>
        RetailIngestion.Ingest(FromText(products), FromText(events), weights ?? new EventWeights());
}
