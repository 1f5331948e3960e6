using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Teddy.Feedback;
using Teddy.Functions.Http;
using Teddy.Interactions;
using Teddy.Retail;
using Teddy.Serving;

namespace Teddy.Functions.Feedback;

/// <summary>
/// POST api/events — user events from web clients, as Google Retail API <c>UserEvent</c> JSON: one object, or an array
/// of up to <c>Teddy__Feedback__MaxEventsPerRequest</c>. Validated by the ingestion's own parser
/// (<see cref="UserEventValidation"/>): the first bad event is a 400 problem naming its field (<c>eventType</c>, or
/// <c>[3].eventType</c> in an array) and nothing of the request is stored. Stored in the events table, each event once
/// (idempotent: an event sent again is not stored again). A <c>detail-page-view</c> with an <c>attributionToken</c> is
/// also a click on that impression's item. 201 when something new was stored, 200 when every event was stored before;
/// 503 with Retry-After when storage could not confirm every write (then repeat the request: nothing is stored twice).
/// The next retrain learns from the events and this shopper's next list folds them in at once.
/// </summary>
public sealed class RecordEvents(FeedbackRecorder recorder, ServingModelProvider models, IOptions<FeedbackOptions> options,
    IOptions<EventWeights> weights, TimeProvider clock)
{
    [Function(nameof(RecordEvents))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events")] HttpRequest request,
        CancellationToken cancellation)
    {
        var (body, problem) = await JsonBody.ReadUtf8Async(request, options.Value.MaxEventsBodyBytes,
            "a Retail API UserEvent object or an array of them", cancellation);
        if (body is not { } utf8) return problem!;

        var receivedAt = clock.GetUtcNow();
        var batch = UserEventValidation.Validate(utf8, weights.Value.Weights.Keys, options.Value.MaxEventsPerRequest,
            weights.Value.LatestEventTime(receivedAt));
        if (batch.Problem is { } bad) return Problems.InvalidField(bad.Field, bad.Detail, bad.Reason);

        var records = batch.Events.Select(e => UserEventRecord.FromApi(e, receivedAt)).ToArray();
        var model = models.Current; // never wait for a model: events are stored whatever serves
        // Once the events are valid they are stored even if the client hangs up.
        var recorded = await recorder.RecordEventsAsync(records, model);

        int stored = recorded.Stored.Count(s => s);
        var catalog = model?.Model.Catalog;
        var response = new
        {
            received = records.Length,
            stored,
            already_stored = records.Length - stored,
            clicks = recorded.ClicksStored,
            // Products the serving model does not know: stored anyway (the next retrain's catalog may have them).
            unknown_products = catalog is null ? (int?)null
                : records.SelectMany(r => r.ProductIds).Distinct(StringComparer.Ordinal).Count(id => !catalog.TryResolve(id, out _, out _)),
            model_version = model?.Version,
            events = records.Select((r, i) => new { event_id = r.EventId, stored = recorded.Stored[i] }).ToArray(),
        };
        return stored > 0 ? new ObjectResult(response) { StatusCode = StatusCodes.Status201Created } : new OkObjectResult(response);
    }
}
