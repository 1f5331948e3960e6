using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.Feedback;
using Teddy.Functions.Health;
using Teddy.Functions.Http;
using Teddy.Functions.Models;
using Teddy.Functions.Recommendations;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Functions;

/// <summary>
/// The function classes called directly, as the worker does, with storage down (a closed port): a storage
/// call fails as <see cref="StorageUnavailableException"/> naming the resource — which both hosts turn into
/// the same 503 (<see cref="StorageUnavailableAnswer"/>) — and nothing reports success.
/// </summary>
public sealed class StorageDownFunctionTests : IAsyncLifetime
{
    private readonly UnreachableStorage _storage = new(UnreachableStorage.Kind.Refused);
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        _services = TeddyServices.Create(_storage.ConnectionString, new Dictionary<string, string?>
        {
            ["Teddy:Storage:ModelsContainer"] = "models",
            ["Teddy:Storage:ClicksTable"] = "clicks",
            ["Teddy:Storage:DataContainer"] = "data",
            ["Teddy:Storage:AnalyticsContainer"] = "analytics",
        }, services => services.AddMvcCore());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _storage.Dispose();
    }

    private T Function<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    private HttpRequest Request(string method = "GET", string? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = method;
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            context.Request.ContentType = "application/json";
        }
        return context.Request;
    }

    /// <summary>Writes <paramref name="result"/> as the hosts do; returns the response.</summary>
    private async Task<HttpResponse> ExecuteAsync(IActionResult result)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Response.Body = new MemoryStream();
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return context.Response;
    }

    private async Task AssertMappedTo503Async(Exception e, string resource)
    {
        var unavailable = Assert.IsType<StorageUnavailableException>(e);
        Assert.Equal(resource, unavailable.Resource);
        var answer = StorageUnavailableAnswer.For(e, CancellationToken.None);
        Assert.NotNull(answer);
        var response = await ExecuteAsync(answer);
        Assert.Equal(503, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter.ToString());
        Assert.StartsWith(Problems.ContentType, response.ContentType);
    }

    [Fact]
    public async Task GetClickThroughRates_with_nothing_read_yet_is_a_503_naming_the_analytics_container()
    {
        var function = Function<Teddy.Functions.Analytics.GetClickThroughRates>();
        var e = await Record.ExceptionAsync(() => function.Run(Request(), CancellationToken.None));
        await AssertMappedTo503Async(e!, "blob container 'analytics'");
    }

    [Fact]
    public async Task RecordClick_cannot_confirm_so_it_acknowledges_nothing()
    {
        string body = """{"click_id":"c-1","user_id":"u","product_id":"p","position":1,"recommendation_type":"content"}""";
        var e = await Record.ExceptionAsync(() => Function<RecordClick>().Run(Request("POST", body), CancellationToken.None));
        await AssertMappedTo503Async(e, "table 'clicks'");
    }

    [Fact]
    public async Task Admin_functions_fail_as_storage_unavailable()
    {
        await AssertMappedTo503Async((await Record.ExceptionAsync(() => Function<ListModels>().Run(Request(), CancellationToken.None)))!,
            "blob container 'models'");
        await AssertMappedTo503Async((await Record.ExceptionAsync(() =>
            Function<PromoteModel>().Run(Request("POST"), "20261126_030000")))!, "blob container 'models'");
        // A retrain request first checks that the data blobs exist, then writes its record and its queue message.
        await AssertMappedTo503Async((await Record.ExceptionAsync(() => Function<RetrainNow>().Run(Request("POST"))))!,
            "blob container 'data'");
    }

    [Fact]
    public async Task GetHealth_answers_503_naming_what_is_down()
    {
        var result = Assert.IsType<ServiceUnavailableResult>(await Function<GetHealth>().Run(Request(), CancellationToken.None));
        var response = await ExecuteAsync(result);
        Assert.Equal(503, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter.ToString());
        response.Body.Position = 0;
        using var json = System.Text.Json.JsonDocument.Parse(response.Body);
        Assert.Equal("unreachable", json.RootElement.GetProperty("storage").GetString());
        Assert.Equal("down", json.RootElement.GetProperty("dependencies").GetProperty("blob:models").GetProperty("status").GetString());
        Assert.Equal("down", json.RootElement.GetProperty("dependencies").GetProperty("table:clicks").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Serving_functions_without_a_model_answer_503_and_never_hang()
    {
        IActionResult? result = null;
        var e = await Record.ExceptionAsync(async () => result = await Function<GetRecommendations>().Run(Request(), "u-1", CancellationToken.None));
        if (e is not null) await AssertMappedTo503Async(e, "blob container 'models'");
        else Assert.Equal(503, Assert.IsType<ServiceUnavailableResult>(result).StatusCode);
    }
}
