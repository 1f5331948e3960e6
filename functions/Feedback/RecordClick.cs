using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Feedback;
using Teddy.Functions.Http;

namespace Teddy.Functions.Feedback;

/// <summary>
/// POST api/clicks — records a click on a recommendation. 201 when stored; 200 when the same click_id was
/// already stored (the click is idempotent, so clients may retry freely).
/// </summary>
public sealed class RecordClick(IClickStore clicks, TimeProvider clock)
{
    [Function(nameof(RecordClick))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/clicks")] HttpRequest request,
        CancellationToken cancellation)
    {
        var (body, problem) = await JsonBody.ReadAsync<ClickBody>(request, cancellation);
        if (problem is not null) return problem;

        var errors = ClickValidation.Validate(body!.ClickId, body.UserId, body.ProductId, body.Position, body.RecommendationType, body.ModelVersion);
        if (errors.Count > 0) return Problems.InvalidFields(errors);

        var click = new Click(body.ClickId!, body.UserId!, body.ProductId!, body.Position!.Value, body.RecommendationType!,
            body.ModelVersion, clock.GetUtcNow());
        // Once the click is valid it is stored even if the client hangs up (a request never cancels stored work).
        var recorded = await clicks.RecordAsync(click, CancellationToken.None);
        var response = new { click_id = click.ClickId, stored = recorded == ClickRecording.Stored };
        return recorded == ClickRecording.Stored
            ? new ObjectResult(response) { StatusCode = StatusCodes.Status201Created }
            : new OkObjectResult(response);
    }

    public sealed record ClickBody(
        [property: JsonPropertyName("click_id")] string? ClickId,
        [property: JsonPropertyName("user_id")] string? UserId,
        [property: JsonPropertyName("product_id")] string? ProductId,
        [property: JsonPropertyName("position")] int? Position,
        [property: JsonPropertyName("recommendation_type")] string? RecommendationType,
        [property: JsonPropertyName("model_version")] string? ModelVersion);
}
