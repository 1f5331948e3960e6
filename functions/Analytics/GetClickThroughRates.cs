using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Teddy.Analytics;
using Teddy.Functions.Http;
using Teddy.Learning;
using Teddy.Storage;

namespace Teddy.Functions.Analytics;

/// <summary>
/// GET api/analytics/ctr — click-through over a range of UTC days: overall, per method, list kind and position,
/// top and bottom brands with their category, product metadata with a test of association, the bandit's
/// evidence, and hourly and daily series, each with impressions, clicks, the smoothed rate and a 95% interval
/// (<see cref="CtrReport"/>). Answered from this instance's copy of the shared <c>ctr.json</c>, never from the
/// tables. Query: <c>from</c>, <c>to</c> (UTC days <c>yyyy-MM-dd</c>, inclusive; default the whole kept history),
/// <c>top</c> (brands in each list, 1–100, default 10). 503 when nothing could be read yet (storage down at start).
/// <para>
/// Anonymous, like <c>GET api/models</c>: shop-level aggregates, no shopper's data (no user ids, no per-user
/// numbers), and the demo page and dashboards read it without a key.
/// </para>
/// </summary>
public sealed class GetClickThroughRates(SharedLearningState state, IOptions<CtrOptions> ctr, IOptions<AggregationOptions> aggregation)
{
    public const int DefaultTop = 10;
    public const int MaxTop = 100;

    [Function(nameof(GetClickThroughRates))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/analytics/ctr")] HttpRequest request,
        CancellationToken cancellation)
    {
        var query = new QueryParameters(request.Query);
        var from = query.Day("from");
        var to = query.Day("to");
        int top = query.Integer("top", 1, MaxTop) ?? DefaultTop;
        if (from is not null && to is not null && from > to)
            query.Errors["to"] = $"to ({to:yyyy-MM-dd}) may not be before from ({from:yyyy-MM-dd}).";
        if (query.Errors.Count > 0) return Problems.InvalidFields(query.Errors);

        var loaded = await state.GetAsync(cancellation);
        if (loaded is null) return Problems.AggregatesNotReady();
        string? refreshError = state.LastFailure is { } failure
            ? StorageFaults.IsUnavailable(failure, CancellationToken.None) ? "storage " + StorageFaults.Reason(failure) : "ctr.json could not be read"
            : null;
        return new OkObjectResult(loaded.Report(from, to, top, ctr.Value, aggregation.Value.ClickWindowHours) with { RefreshError = refreshError });
    }
}
