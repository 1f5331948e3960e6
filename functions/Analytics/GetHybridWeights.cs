using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Analytics;
using Teddy.Functions.Http;
using Teddy.Serving;

namespace Teddy.Functions.Analytics;

/// <summary>
/// GET api/analytics/weights — the adaptive hybrid weights as this instance's serving model sees them now: each part's
/// Beta posterior (α, β, mean, 95% interval, the prior), P(content leads), the expected weights, and the same replayed
/// hour by hour over the kept click-through history (<see cref="HybridWeightsReport"/>). Anonymous, like
/// <c>GET api/analytics/ctr</c>: shop-level numbers only. 503 until a model is loaded.
/// </summary>
public sealed class GetHybridWeights(ServingModelProvider models, SharedLearningState state)
{
    [Function(nameof(GetHybridWeights))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/analytics/weights")] HttpRequest request,
        CancellationToken cancellation)
    {
        if (await models.GetAsync(cancellation) is not { } model) return Problems.NoModelYet();
        // The aggregates as read (null before the first read); the model's learning view follows the same copy.
        var loaded = await state.GetAsync(cancellation);
        return new OkObjectResult(HybridWeightsReport.For(model, loaded?.Document));
    }
}
