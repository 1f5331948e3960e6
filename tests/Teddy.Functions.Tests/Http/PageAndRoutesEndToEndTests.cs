using System.Net;
using Teddy.Functions.Tests.Infrastructure;

namespace Teddy.Functions.Tests.Http;

[Collection(AppCollection.Name)]
public class PageAndRoutesEndToEndTests(TeddyAppFixture app)
{
    [Fact]
    public async Task The_page_at_the_root_is_html_that_uses_the_api()
    {
        var response = await app.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("/assets/app.js", html);

        string script = await app.Client.GetStringAsync("assets/shop.js");
        Assert.Contains("/api/recommendations/", script);
        Assert.Contains("/api/clicks", script);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("assets/secrets.txt")).StatusCode);
    }

    [Fact]
    public async Task Function_level_routes_need_the_function_key()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.PostAsync("api/models/retrain", null)).StatusCode);
        var wrong = new HttpRequestMessage(HttpMethod.Post, "api/models/20260101_000000/promote");
        wrong.Headers.Add("x-functions-key", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(wrong)).StatusCode);
        var keyed = await app.Client.SendAsync(app.WithKey(HttpMethod.Post, "api/models/20260101_000000/promote"));
        Assert.Equal(HttpStatusCode.NotFound, keyed.StatusCode);
        var badVersion = await app.Client.SendAsync(app.WithKey(HttpMethod.Post, "api/models/latest/promote"));
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_are_not_served()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("api/nothing-here")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await app.Client.DeleteAsync("api/clicks")).StatusCode);
    }
}
