using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Teddy.Functions.Http;
using Teddy.Serving;

namespace Teddy.Functions.Recommendations;

/// <summary>GET api/recommendations/{userId}?k=&amp;method=&amp;category=&amp;brand=&amp;exclude_brand=&amp;min_price=&amp;max_price=&amp;in_stock=&amp;strict=</summary>
public sealed class GetRecommendations(ServingModelProvider models, IOptions<ServingOptions> options)
{
    [Function(nameof(GetRecommendations))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/recommendations/{userId}")] HttpRequest request,
        string userId,
        CancellationToken cancellation)
    {
        if (RecommendationQuery.IdProblem("userId", userId) is { } idProblem) return Problems.InvalidField("userId", idProblem);
        var query = new QueryParameters(request.Query);
        var (count, filter, strict, method) = RecommendationQuery.Read(query, options.Value, allowMethod: true);
        if (query.Errors.Count > 0) return Problems.InvalidFields(query.Errors);

        if (await models.GetAsync(cancellation) is not { } model)
            return Problems.NoModelYet();
        if (method is not null && !model.Supports(method))
            return Problems.InvalidField("method", $"The serving model {model.Version} has no '{method}' recommender.");

        var list = model.Recommend(new RecommendationRequest(userId, count, method, filter, strict));
        return new OkObjectResult(RecommendationResponse.From(list));
    }
}
