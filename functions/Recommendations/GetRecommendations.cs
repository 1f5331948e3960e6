using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Teddy.Feedback;
using Teddy.Functions.Http;
using Teddy.Observability;
using Teddy.Serving;

namespace Teddy.Functions.Recommendations;

/// <summary>
/// GET api/recommendations/{userId}?k=&amp;method=&amp;category=&amp;brand=&amp;exclude_brand=&amp;min_price=&amp;max_price=&amp;in_stock=&amp;strict=
/// — or api/recommendations?user_id= for ids a client cannot put in a path (see <see cref="RequestIds"/>). The shopper's
/// events since the last retrain shape the list (real time, <see cref="RecentEventCache"/>); the list is recorded as an
/// impression under the response's attribution token, off the request path (<see cref="ImpressionLog"/>).
/// </summary>
public sealed class GetRecommendations(ServingModelProvider models, IOptions<ServingOptions> options, RecentEventCache recent,
    ImpressionLog impressions, TimeProvider clock, TeddyMetrics? metrics = null)
{
    [Function(nameof(GetRecommendations))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/recommendations/{userId?}")] HttpRequest request,
        string? userId,
        CancellationToken cancellation)
    {
        if (RecommendationQuery.Read(request, "user_id", userId, options.Value, out string user, out var query) is { } problem) return problem;
        if (await models.GetAsync(cancellation) is not { } model) return Problems.NoModelYet();
        if (query.Method is { } method && !model.Supports(method))
            return Problems.InvalidField("method", $"The serving model {model.Version} has no '{method}' recommender.");

        long started = Stopwatch.GetTimestamp();
        var events = await recent.GetAsync(user, model, cancellation);
        var list = model.Recommend(new RecommendationRequest(user, query.Count, query.Method, query.Filter, query.Strict) { Recent = events });
        metrics?.ListServed(ListKinds.Recommendations, list.Method, list.ModelVersion, list.Items.Count, Stopwatch.GetElapsedTime(started));
        var servedAt = clock.GetUtcNow();
        string token = AttributionToken.New(servedAt);
        // A HEAD (an uptime monitor) shows nobody anything: no impression.
        if (!HttpMethods.IsHead(request.Method)) impressions.Record(ServedImpressions.ForRecommendations(list, model, token, servedAt));
        return new OkObjectResult(RecommendationResponse.From(list, token, model));
    }
}
