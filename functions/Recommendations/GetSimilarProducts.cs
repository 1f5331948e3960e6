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
        if (RecommendationQuery.IdProblem("productId", productId) is { } idProblem) return Problems.InvalidField("productId", idProblem);
        var query = new QueryParameters(request.Query);
        var (count, filter, strict, _) = RecommendationQuery.Read(query, options.Value, allowMethod: false);
        if (query.Errors.Count > 0) return Problems.InvalidFields(query.Errors);

        if (await models.GetAsync(cancellation) is not { } model)
            return Problems.NoModelYet();
        var similar = model.Similar(new SimilarRequest(productId, count, filter, strict), options.Value.SimilarContentWeight);
        if (similar is null) return Problems.NotFound($"Product '{productId}' is not in the catalog of model {model.Version}.");
        return new OkObjectResult(new
        {
            product_id = productId,
            recommendations = similar.Select(RecommendedItem.From).ToArray(),
            model_version = model.Version,
        });
    }
}
