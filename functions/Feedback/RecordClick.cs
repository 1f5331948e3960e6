using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Feedback;
using Teddy.Functions.Http;
using Teddy.Observability;
using Teddy.Serving;

namespace Teddy.Functions.Feedback;

/// <summary>
/// POST api/clicks — records a click on a recommendation. 201 when stored; 200 when the same click was already stored
/// under its click_id (the click is idempotent, so clients may retry freely); 409 naming the fields when the click_id was
/// used for another click (nothing stored). A click on a product the serving
/// model does not know is stored all the same (it may come from a list an older version served), marked
/// <c>ProductKnown = false</c> with the version it was checked against, so click-through analytics can tell it apart.
/// The optional <c>attribution_token</c> (the list's, from its response) attributes the click to that impression's method,
/// weights and position. The click is also stored as the detail-page-view it stands for (the events table), so the next
/// retrain and this shopper's next list learn from it (<see cref="FeedbackRecorder"/>).
/// </summary>
public sealed class RecordClick(FeedbackRecorder recorder, ServingModelProvider models, TimeProvider clock, TeddyMetrics? metrics = null)
{
    [Function(nameof(RecordClick))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/clicks")] HttpRequest request,
        CancellationToken cancellation)
    {
        var (body, problem) = await JsonBody.ReadAsync<ClickBody>(request, cancellation, Kinds);
        if (problem is not null) return problem;

        var errors = ClickValidation.Validate(body!.ClickId, body.UserId, body.ProductId, body.Position, body.RecommendationType, body.ModelVersion);
        if (body.AttributionToken is { } token && !AttributionToken.IsValid(token))
            errors["attribution_token"] = "attribution_token must be the attribution_token of the list the click was on (44 lower-case hex digits), or left out.";
        if (errors.Count > 0) return Problems.InvalidFields(errors);

        // The model this instance serves now, without waiting for one to load: a click is stored whatever the model.
        var model = models.Current;
        bool? productKnown = model?.Model.Catalog.TryGetIndex(body.ProductId!, out _);
        var click = new Click(body.ClickId!, body.UserId!, body.ProductId!, body.Position!.Value,
            ClickValidation.RecommendationType(body.RecommendationType)!, ClickValidation.ModelVersion(body.ModelVersion), clock.GetUtcNow(),
            productKnown, model?.Version, body.AttributionToken);
        // Once the click is valid it is stored even if the client hangs up (a request never cancels stored work).
        var (recorded, stored) = await recorder.RecordClickAsync(click);
        metrics?.Click(click.RecommendationType, recorded == ClickRecording.Stored);
        // A repeated click_id is a retry when it is the same click (200, the click as first stored); reused for another
        // click it is the client's mistake, said as such (409) rather than acknowledged while the click is dropped.
        if (recorded != ClickRecording.Stored && Differences(stored, click) is { Count: > 0 } differ)
            return Problems.Conflict($"click_id '{click.ClickId}' was already used for another click: its {string.Join(", ", differ)} {(differ.Count == 1 ? "differs" : "differ")}. " +
                "Nothing was stored; a new click needs a new click_id.", new Dictionary<string, object?> { ["field"] = "click_id", ["differ"] = differ });
        var response = new { click_id = stored.ClickId, stored = recorded == ClickRecording.Stored, product_known = stored.ProductKnown };
        return recorded == ClickRecording.Stored
            ? new ObjectResult(response) { StatusCode = StatusCodes.Status201Created }
            : new OkObjectResult(response);
    }

    /// <summary>The fields a client sends in which a repeat of a click differs from the click as first stored (in the body's names).</summary>
    private static List<string> Differences(Click stored, Click repeat)
    {
        var differ = new List<string>();
        if (stored.UserId != repeat.UserId) differ.Add("user_id");
        if (stored.ProductId != repeat.ProductId) differ.Add("product_id");
        if (stored.Position != repeat.Position) differ.Add("position");
        if (stored.RecommendationType != repeat.RecommendationType) differ.Add("recommendation_type");
        if (ClickValidation.ModelVersion(stored.ModelVersion) != repeat.ModelVersion) differ.Add("model_version"); // one stored blank before blanks were absent
        if (stored.AttributionToken != repeat.AttributionToken) differ.Add("attribution_token");
        return differ;
    }

    /// <summary>What a click field must hold where its type says too little (the range of position).</summary>
    private static readonly Dictionary<string, string> Kinds = new()
    {
        ["position"] = $"a whole number from 1 to {ClickValidation.MaxPosition} (the 1-based rank in the list)",
    };

    public sealed record ClickBody(
        [property: JsonPropertyName("click_id")] string? ClickId,
        [property: JsonPropertyName("user_id")] string? UserId,
        [property: JsonPropertyName("product_id")] string? ProductId,
        [property: JsonPropertyName("position")] int? Position,
        [property: JsonPropertyName("recommendation_type")] string? RecommendationType,
        [property: JsonPropertyName("model_version")] string? ModelVersion,
        [property: JsonPropertyName("attribution_token")] string? AttributionToken);
}
