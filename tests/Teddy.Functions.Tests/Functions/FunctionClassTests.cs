using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.Catalog;
using Teddy.Functions.Feedback;
using Teddy.Functions.Recommendations;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Serving;

namespace Teddy.Functions.Tests.Functions;

/// <summary>The function classes called directly, as the worker does, with real HttpRequests on DefaultHttpContext.</summary>
[Collection(AppCollection.Name)]
public class FunctionClassTests(TeddyAppFixture app)
{
    private T Function<T>() => ActivatorUtilities.CreateInstance<T>(app.Services);

    private HttpRequest Request(string method = "GET", string query = "", string? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = app.Services };
        context.Request.Method = method;
        context.Request.QueryString = new QueryString(query);
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            context.Request.ContentType = "application/json";
        }
        return context.Request;
    }

    private string KnownUser() => app.Services.GetRequiredService<ServingModelProvider>().Current!.Model.Users.Ids[0];

    [Fact]
    public async Task GetRecommendations_returns_the_documented_response()
    {
        var result = await Function<GetRecommendations>().Run(Request(query: "?k=7"), KnownUser(), CancellationToken.None);
        var ok = Assert.IsType<OkObjectResult>(result);
        var response = Assert.IsType<RecommendationResponse>(ok.Value);
        Assert.Equal(7, response.Recommendations.Count);
        Assert.Equal(KnownUser(), response.UserId);
    }

    [Fact]
    public async Task GetRecommendations_rejects_a_bad_k_with_a_problem()
    {
        var result = await Function<GetRecommendations>().Run(Request(query: "?k=-3"), "u", CancellationToken.None);
        var problem = Assert.IsType<ObjectResult>(result);
        Assert.Equal(400, problem.StatusCode);
        var details = Assert.IsType<ProblemDetails>(problem.Value);
        Assert.Equal("k", details.Extensions["field"]);
        Assert.Contains("application/problem+json", problem.ContentTypes);
    }

    [Fact]
    public async Task RecordClick_stores_and_is_idempotent()
    {
        string body = $$"""{"click_id":"{{Guid.NewGuid()}}","user_id":"u","product_id":"p","position":1,"recommendation_type":"content"}""";
        var first = await Function<RecordClick>().Run(Request("POST", body: body), CancellationToken.None);
        var again = await Function<RecordClick>().Run(Request("POST", body: body), CancellationToken.None);
        Assert.Equal(201, Assert.IsType<ObjectResult>(first).StatusCode);
        Assert.IsType<OkObjectResult>(again);
    }

    [Fact]
    public async Task RecordClick_without_a_model_stores_the_click_unchecked_not_as_an_unknown_product()
    {
        // Services over empty containers: no model has been trained there.
        await using var services = TeddyServices.Create(app.Storage.ConnectionString);
        string id = Guid.NewGuid().ToString();
        string body = $$"""{"click_id":"{{id}}","user_id":"u","product_id":"p","position":2,"recommendation_type":"popular"}""";
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));

        var result = await ActivatorUtilities.CreateInstance<RecordClick>(services).Run(context.Request, CancellationToken.None);
        Assert.Equal(201, Assert.IsType<ObjectResult>(result).StatusCode);
        var stored = await services.GetRequiredService<Teddy.Feedback.IClickStore>().FindAsync(id, DateTimeOffset.UtcNow);
        Assert.NotNull(stored);
        Assert.Null(stored.ProductKnown);
        Assert.Null(stored.CheckedModelVersion);
    }

    /// <summary>A body the server cannot read as sent (shorter than its Content-Length): reading it throws.</summary>
    private sealed class TruncatedBody : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new BadHttpRequestException("Unexpected end of request content.", StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task RecordClick_answers_a_body_that_cannot_be_read_with_a_400_problem()
    {
        var request = Request("POST", body: "{}");
        request.Body = new TruncatedBody();
        var result = await Function<RecordClick>().Run(request, CancellationToken.None);
        var problem = Assert.IsType<ObjectResult>(result);
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal("body", Assert.IsType<ProblemDetails>(problem.Value).Extensions["field"]);
    }

    [Fact]
    public async Task GetProduct_is_404_for_an_unknown_product()
    {
        var result = await Function<GetProduct>().Run(Request(), "missing-product", CancellationToken.None);
        Assert.Equal(404, Assert.IsType<ObjectResult>(result).StatusCode);
    }
}
