using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Teddy.Feedback;
using Teddy.Functions.Http;
using Teddy.Observability;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Functions.Recommendations;

/// <summary>
/// GET api/products/{productId}/similar?k=&amp;method= — products like this one, for a product page, with the same
/// filters as recommendations (or api/products/-/similar?product_id=, see <see cref="RequestIds"/>). Without
/// <c>method</c>, content similarity blended with co-occurrence; with it, that recommender's own likeness. When that has no
/// products like this one, popular products of its category make the list and the response says so (<c>method</c>
/// <c>popular</c>, <c>requested_method</c>, <c>fallback_reason</c>). The list is recorded as an impression under the
/// response's attribution token (anchor: the product's primary id).
/// </summary>
public sealed class GetSimilarProducts(ServingModelProvider models, IOptions<ServingOptions> options, ImpressionLog impressions, TimeProvider clock,
    TeddyMetrics? metrics = null)
{
    [Function(nameof(GetSimilarProducts))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/products/{productId}/similar")] HttpRequest request,
        string productId,
        CancellationToken cancellation)
    {
        if (RecommendationQuery.Read(request, "product_id", productId, options.Value, out string product, out var query) is { } problem) return problem;
        if (await models.GetAsync(cancellation) is not { } model) return Problems.NoModelYet();
        if (query.Method is { } method && !model.Supports(method))
            return Problems.InvalidField("method", $"The serving model {model.Version} has no '{method}' recommender.");

        long started = Stopwatch.GetTimestamp();
        var similar = model.Similar(new SimilarRequest(product, query.Count, query.Filter, query.Strict, query.Method), options.Value.SimilarContentWeight);
        if (similar is null) return Problems.NotFound($"Product '{product}' is not in the catalog of model {model.Version}.");
        string listMethod = similar.Method; // what made the list: popular when the requested method had nothing like this product
        var servedAt = clock.GetUtcNow();
        string token = AttributionToken.New(servedAt);
        if (!HttpMethods.IsHead(request.Method))
        {
            string anchor = model.Model.Catalog.TryResolve(product, out int index, out _) ? model.Model.Catalog.Ids[index] : product;
            impressions.Record(ServedImpressions.ForSimilar(similar.Items, anchor, listMethod, userId: "", model, token, servedAt));
        }
        metrics?.ListServed(ListKinds.Similar, listMethod, model.Version, similar.Items.Count, Stopwatch.GetElapsedTime(started));
        return new OkObjectResult(new
        {
            product_id = product,
            recommendations = RecommendedItem.ListOf(similar.Items, model),
            method = listMethod,
            requested_method = similar.RequestedMethod,
            fallback_reason = similar.FallbackReason,
            model_version = model.Version,
            attribution_token = token,
        });
    }
}
