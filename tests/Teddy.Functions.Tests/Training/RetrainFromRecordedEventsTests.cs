using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Artifacts;
using Teddy.Feedback;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Retail;
using Teddy.SampleData;
using Teddy.Serving;
using Teddy.Training;

namespace Teddy.Functions.Tests.Training;

/// <summary>The next retrain learns from the events and clicks recorded through the API together with the data container's files, each event once.</summary>
[Collection(StorageCollection.Name)]
public class RetrainFromRecordedEventsTests(AzuriteFixture storage)
{
    [Fact]
    public async Task A_retrain_learns_from_recorded_events_and_clicks_each_event_once()
    {
        await using var services = TeddyServices.Create(storage.ConnectionString);
        using var catalog = new MemoryStream();
        using var events = new MemoryStream();
        SampleShopGenerator.Write(TeddyServices.SmallShop, catalog, events);
        string firstFileLine = Encoding.UTF8.GetString(events.ToArray()).Split('\n')[0];
        await TeddyServices.UploadAsync(services, Encoding.UTF8.GetString(catalog.ToArray()), Encoding.UTF8.GetString(events.ToArray()));
        var retrain = services.GetRequiredService<RetrainService>();
        var first = await retrain.RunAsync("test");
        Assert.True(first.Promoted, first.Reason);
        var store = services.GetRequiredService<IModelStore>();
        Assert.Equal(0, (await store.GetMetadataAsync(first.Version!))!.RecordedEvents!.Rows);

        var model = services.GetRequiredService<ServingModelProvider>().Current!;
        var products = model.Model.Catalog.Ids.Take(5).ToArray();
        var recorder = services.GetRequiredService<FeedbackRecorder>();
        var now = DateTimeOffset.UtcNow;
        string token = AttributionToken.New(now);
        string body = "[" + string.Join(",", products.Select((p, i) =>
            $$$"""{"eventType":"detail-page-view","visitorId":"api-visitor","eventTime":"2026-11-26T10:0{{{i}}}:00Z","productDetails":[{"product":{"id":"{{{p}}}"}}]}"""))
            + $$$""",{"eventType":"detail-page-view","visitorId":"api-visitor","eventTime":"2026-11-26T11:00:00Z","productDetails":[{"product":{"id":"{{{products[0]}}}"}}],"attributionToken":"{{{token}}}"}"""
            + "," + firstFileLine + "]";
        var batch = UserEventValidation.Validate(Encoding.UTF8.GetBytes(body), [], 100, DateTimeOffset.MaxValue);
        Assert.Null(batch.Problem);
        var recorded = await recorder.RecordEventsAsync(batch.Events.Select(e => UserEventRecord.FromApi(e, now)).ToArray(), model);
        Assert.Equal(1, recorded.ClicksStored);
        // The click on that item, as POST api/clicks records it: the same event as the view with its token.
        await recorder.RecordClickAsync(new Click("click-1", "api-visitor", products[0], 1, "hybrid", model.Version, now, true, model.Version, token));
        await recorder.RecordClickAsync(new Click("click-2", "api-visitor", products[1], 2, "hybrid", model.Version, now)); // no token: its own event

        var second = await retrain.RunAsync("test");
        Assert.Equal(RetrainStatus.Completed, second.Status);
        var metadata = (await store.GetMetadataAsync(second.Version!))!;
        var read = metadata.RecordedEvents!;
        // 5 views + the view with a token (the click coincides with it) + the click without one + the file's own line.
        Assert.Equal((8L, 7L, 1L), (read.Rows, read.Accepted, read.Duplicates));
        Assert.Equal(read, second.Report!.RecordedEvents);
        Assert.True(read.ReadAt >= now);
        Assert.Contains("recorded_events", metadata.Ingestion!.ToJsonString());

        var retrained = (await services.GetRequiredService<ServingModelProvider>().LoadAsync(second.Version!)).Model;
        var visitor = retrained.Users.Find("api-visitor");
        Assert.True(visitor.IsKnown);
        Assert.Equal(products.Select(p => Array.IndexOf(retrained.Catalog.Ids, p)).Order(), visitor.Products.ToArray());
    }
}
