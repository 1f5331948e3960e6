using System.Globalization;
using Microsoft.Extensions.Options;
using Teddy.Serving;
using Teddy.Storage;

namespace Teddy.Feedback;

/// <summary>
/// Records what shoppers do, must-not-lose: nothing is acknowledged until every row it needs is stored, and every
/// write is idempotent, so a client may repeat a request that got a 503.
/// <list type="bullet">
/// <item>A click: its row in the clicks table, then the detail-page-view it stands for in the events table (the
/// retrain learns from it and real time folds it in). A repeated click id derives its event from the click as first
/// stored, so a repeat never adds anything.</item>
/// <item>Events from <c>POST api/events</c>: their rows in the events table; a detail-page-view with an attribution
/// token is also a click on that impression's item (click id <c>evt:</c> + its event id).</item>
/// </list>
/// The writes of one request share one deadline (the request budget, <c>Teddy:Storage:Requests:TimeoutSeconds</c>, plus
/// half a second), so the answer or a 503 comes within it however the writes split it. What is stored is added to this instance's
/// real-time cache at once.
/// </summary>
public sealed class FeedbackRecorder(IClickStore clicks, IUserEventStore events, RecentEventCache recent, IOptions<StorageOptions>? storage = null)
{
    /// <summary>
    /// The request budget plus a moment: a single write that runs out of its own budget reports its own table, and a
    /// request of several writes ends within this however they share it.
    /// </summary>
    private readonly TimeSpan _deadline = (storage?.Value.Requests ?? StorageRetryOptions.RequestDefaults()).Timeout + TimeSpan.FromSeconds(0.5);
    private readonly string _tables = $"tables '{storage?.Value.ClicksTable ?? "clicks"}' and '{storage?.Value.EventsTable ?? "events"}'";

    /// <summary>Stores the click and its detail-page-view; returns whether the click is new, and the click as stored.</summary>
    /// <exception cref="StorageUnavailableException">Storage could not confirm both writes in time: nothing is acknowledged.</exception>
    public Task<(ClickRecording Recording, Click Stored)> RecordClickAsync(Click click) =>
        WithinDeadlineAsync(async deadline =>
        {
            var recording = await clicks.RecordAsync(click, deadline);
            var stored = recording == ClickRecording.Stored ? click : await clicks.FindAsync(click.ClickId, click.ReceivedAt, deadline) ?? click;
            var view = UserEventRecord.FromClick(stored);
            await events.RecordAsync([view], deadline);
            recent.Observe([view]);
            return (recording, stored);
        });

    /// <summary>
    /// Stores the events (each once) and the clicks the attributed views among them stand for. The clicks are checked
    /// against <paramref name="model"/>'s catalog as <c>POST api/clicks</c> checks them (unchecked without a model).
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage could not confirm every write in time: nothing is acknowledged.</exception>
    public Task<EventsRecorded> RecordEventsAsync(IReadOnlyList<UserEventRecord> records, ServingModel? model) =>
        WithinDeadlineAsync(async deadline =>
        {
            var stored = await events.RecordAsync(records, deadline);
            int clicksStored = 0;
            // Every attributed view, stored now or before: a retry must still store the click a failed try did not.
            foreach (var view in records.Where(r => r.IsAttributedView).DistinctBy(r => r.EventId))
            {
                string product = view.ProductIds[0];
                var click = new Click(Click.FromEventPrefix + view.EventId, view.UserKey, product, Position: 0, RecommendationType: "",
                    ModelVersion: null, view.ReceivedAt, model?.Model.Catalog.TryGetIndex(product, out _), model?.Version, view.AttributionToken);
                if (await clicks.RecordAsync(click, deadline) == ClickRecording.Stored) clicksStored++;
            }
            recent.Observe(records);
            return new EventsRecorded(stored, clicksStored);
        });

    private async Task<T> WithinDeadlineAsync<T>(Func<CancellationToken, Task<T>> record)
    {
        // Not the request's token: once the input is valid it is stored even if the client hangs up.
        using var deadline = new CancellationTokenSource(_deadline);
        try
        {
            return await record(deadline.Token);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested)
        {
            throw new StorageUnavailableException(_tables,
                $"did not answer within {_deadline.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s", e);
        }
    }
}
