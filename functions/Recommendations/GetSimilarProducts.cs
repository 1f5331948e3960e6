using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Teddy.Functions.Http;
using Teddy.Serving;

namespace Teddy.Functions.Recommendations;

/// <summary>GET api/products/{productId}/similar?k= — products like this one, for a product page (same filters as recommendations).</summary>
public sealed class GetSimilarProducts(ServingModelProvider models, IOptions<ServingOptions> options)
{
    [Function(nameof(GetSimilarProducts))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/products/{productId}/similar")] HttpRequest request,
        string productId,
        CancellationToken cancellation)
    {
        if (RecommendationQuery.Read(request, "productId", productId, options.Value, allowMethod: false, out var query) is { } problem) return problem;
        if (await models.GetAsync(cancellation) is not { } model) return Problems.NoModelYet();

        var similar = model.Similar(new SimilarRequest(productId, query.Count, query.Filter, query.Strict), options.Value.SimilarContentWeight);
        if (similar is null) return Problems.NotFound($"Product '{productId}' is not in the catalog of model {model.Version}.");
        return new OkObjectResult(new
        {
            product_id = productId,
            recommendations = similar.Select(RecommendedItem.From).ToArray(),
            model_version = model.Version,
        });
    }
}
