using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Artifacts;
using Teddy.Serving;
using Teddy.Training;

namespace Teddy.Functions.Health;

/// <summary>
/// GET api/health — 200 when storage answers and a model is loaded; 503 (same body) otherwise. <c>warnings</c> lists
/// conditions that do not stop serving, such as the last retrain refused by the data-quality gates.
/// </summary>
public sealed class GetHealth(ServingModelProvider models, IModelStore store, TimeProvider clock, RetrainWarnings retrainWarnings)
{
    [Function(nameof(GetHealth))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/health")] HttpRequest request,
        CancellationToken cancellation)
    {
        string storage, storageDetail = "";
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await store.GetPointerETagAsync(timeout.Token);
            storage = "reachable";
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            storage = "unreachable";
            storageDetail = e.Message;
        }

        ServingModel? model = null;
        if (storage == "reachable")
        {
            try { model = await models.GetAsync(cancellation); }
            catch (Exception e) when (e is not OperationCanceledException) { storageDetail = e.Message; }
        }
        model ??= models.Current;

        bool healthy = storage == "reachable" && model is not null;
        // The last retrain refused or failed: still serving (200), but the model is older than the data.
        var warnings = await retrainWarnings.GetAsync(model?.Version, refresh: storage == "reachable", cancellation);
        var body = new
        {
            status = healthy ? "ok" : "degraded",
            model_loaded = model is not null,
            model_version = model?.Version,
            model_type = model?.Metadata.ModelType,
            storage,
            detail = storageDetail.Length > 0 ? storageDetail : null,
            checked_at = clock.GetUtcNow(),
            warnings,
        };
        return new ObjectResult(body) { StatusCode = healthy ? 200 : 503 };
    }
}
