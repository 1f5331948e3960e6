using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Feedback;
using Teddy.Functions.Tests.Infrastructure;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// Every id the Retail API allows can be addressed, with one rule on every route: a path segment is
/// percent-decoded once (including %2F), and the id may instead be a query parameter (user_id, product_id)
/// with the path's id left out or written as '-'. The shop's model knows every id used here.
/// </summary>
[Collection(OddIdCollection.Name)]
public class IdAddressingEndToEndTests(OddIdAppFixture app)
{
    public static TheoryData<string> Users => new(OddIdShop.Users);
    public static TheoryData<string> Products => new(OddIdShop.Products);

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task The_issues_example_is_the_known_user_with_a_slash_and_a_plus()
    {
        var body = await OkJsonAsync(await app.GetExactAsync("/api/recommendations/hX3%2FpQ%2B9zA%3D%3D?k=5"));
        Assert.Equal("hX3/pQ+9zA==", body.GetProperty("user_id").GetString());
        Assert.True(body.GetProperty("known_user").GetBoolean());
        Assert.NotEqual("popular", body.GetProperty("method").GetString());

        // The same user with the '+' and '=' left raw (a path takes them literally), and by query, unencoded.
        foreach (string target in new[] { "/api/recommendations/hX3%2FpQ+9zA==?k=5", "/api/recommendations?user_id=hX3/pQ+9zA==&k=5",
                     "/api/recommendations/-?user_id=hX3%2FpQ%2B9zA%3D%3D&k=5" })
        {
            var same = await OkJsonAsync(await app.GetExactAsync(target));
            Assert.Equal("hX3/pQ+9zA==", same.GetProperty("user_id").GetString());
            Assert.True(same.GetProperty("known_user").GetBoolean(), target);
        }
    }

    [Theory]
    [MemberData(nameof(Users))]
    public async Task Every_known_user_is_known_by_path_and_by_query(string user)
    {
        var byQuery = await OkJsonAsync(await app.GetExactAsync($"/api/recommendations?user_id={Uri.EscapeDataString(user)}&k=4"));
        Assert.Equal(user, byQuery.GetProperty("user_id").GetString());
        Assert.True(byQuery.GetProperty("known_user").GetBoolean());

        if (!OddIdShop.PathAddressable(user)) return;
        var byPath = await OkJsonAsync(await app.GetExactAsync($"/api/recommendations/{Uri.EscapeDataString(user)}?k=4"));
        Assert.Equal(user, byPath.GetProperty("user_id").GetString());
        Assert.True(byPath.GetProperty("known_user").GetBoolean());
        Assert.Equal(Ids(byQuery), Ids(byPath));
    }

    [Theory]
    [MemberData(nameof(Products))]
    public async Task Every_known_product_and_its_similar_products_by_path_and_by_query(string product)
    {
        string encoded = Uri.EscapeDataString(product);
        var byQuery = await OkJsonAsync(await app.GetExactAsync($"/api/products?product_id={encoded}"));
        Assert.Equal(product, byQuery.GetProperty("product_id").GetString());
        var similarByQuery = await OkJsonAsync(await app.GetExactAsync($"/api/products/-/similar?product_id={encoded}&k=5"));
        Assert.Equal(product, similarByQuery.GetProperty("product_id").GetString());
        Assert.Equal(5, similarByQuery.GetProperty("recommendations").GetArrayLength());

        if (!OddIdShop.PathAddressable(product)) return;
        var byPath = await OkJsonAsync(await app.GetExactAsync($"/api/products/{encoded}"));
        Assert.Equal(product, byPath.GetProperty("product_id").GetString());
        var similarByPath = await OkJsonAsync(await app.GetExactAsync($"/api/products/{encoded}/similar?k=5"));
        Assert.Equal(Ids(similarByQuery), Ids(similarByPath));
    }

    [Fact]
    public async Task Odd_product_ids_come_back_in_lists_exactly_as_the_catalog_has_them()
    {
        // The odd ids are the shop's most clicked products, so a newcomer's popular list shows them.
        var body = await OkJsonAsync(await app.GetExactAsync("/api/recommendations/a-newcomer?k=100&in_stock=false"));
        var listed = Ids(body).ToHashSet(StringComparer.Ordinal);
        Assert.True(OddIdShop.Products.Count(listed.Contains) >= 3, string.Join(", ", listed));
    }

    [Fact]
    public async Task A_percent_in_an_id_is_decoded_exactly_once()
    {
        // "a%41b" sent as a%2541b is the user "a%41b", never "aAb".
        var body = await OkJsonAsync(await app.GetExactAsync("/api/recommendations/a%2541b?k=3"));
        Assert.Equal("a%41b", body.GetProperty("user_id").GetString());
        Assert.True(body.GetProperty("known_user").GetBoolean());
        var other = await OkJsonAsync(await app.GetExactAsync("/api/recommendations/a%41b?k=3"));
        Assert.Equal("aAb", other.GetProperty("user_id").GetString());
        Assert.False(other.GetProperty("known_user").GetBoolean());

        // The one documented limit: the text "%2F" cannot travel in a path (the host has decoded %25 already),
        // so a%252Fb is "a/b"; by query it is exact.
        Assert.Equal("a/b", (await OkJsonAsync(await app.GetExactAsync("/api/recommendations/a%252Fb?k=1"))).GetProperty("user_id").GetString());
        var byQuery = await OkJsonAsync(await app.GetExactAsync("/api/recommendations?user_id=a%252Fb&k=1"));
        Assert.Equal("a%2Fb", byQuery.GetProperty("user_id").GetString());
        Assert.True(byQuery.GetProperty("known_user").GetBoolean());
    }

    [Fact]
    public async Task A_raw_slash_in_a_path_id_is_a_helpful_404_problem()
    {
        var response = await app.GetExactAsync("/api/recommendations/hX3/pQ+9zA==");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("%2F", detail);
        Assert.Contains("user_id", detail);
    }

    [Theory]
    [InlineData("/api/recommendations/someone?user_id=other", "user_id")]
    [InlineData("/api/recommendations?user_id=a&user_id=b", "user_id")]
    [InlineData("/api/recommendations", "user_id")]
    [InlineData("/api/recommendations?user_id=", "user_id")]
    [InlineData("/api/recommendations?user_id=%20%20", "user_id")]
    [InlineData("/api/products", "product_id")]
    [InlineData("/api/products/p1?product_id=p2", "product_id")]
    [InlineData("/api/products/p1/similar?product_id=p2", "product_id")]
    [InlineData("/api/products/-/similar?product_id=", "product_id")]
    [InlineData("/api/products/-/similar", "product_id")] // '-' is "id left out", never a product id
    [InlineData("/api/products/-", "product_id")]
    [InlineData("/api/products/%2D", "product_id")]
    [InlineData("/api/products/-/similar?k=5", "product_id")]
    [InlineData("/api/recommendations/-", "user_id")]
    [InlineData("/api/recommendations/-?k=3", "user_id")]
    [InlineData("/api/recommendations/%FF%FE", "user_id")] // escapes that are not UTF-8
    [InlineData("/api/recommendations/%zz", "user_id")] // '%' not starting an escape
    [InlineData("/api/recommendations/a%", "user_id")]
    [InlineData("/api/recommendations/%", "user_id")]
    [InlineData("/api/recommendations/ab%2", "user_id")]
    [InlineData("/api/products/%C3%28", "product_id")]
    [InlineData("/api/products/%zz/similar", "product_id")]
    public async Task An_id_given_twice_or_not_at_all_is_a_400_naming_it(string target, string field)
    {
        var response = await app.GetExactAsync(target);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_id_longer_than_the_limit_is_a_400_by_path_and_by_query()
    {
        string id = new('x', 257);
        foreach (string target in new[] { $"/api/recommendations/{id}", $"/api/recommendations?user_id={id}", $"/api/products/{id}/similar" })
        {
            var response = await app.GetExactAsync(target);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task Clicks_and_recommendations_agree_on_who_the_user_is()
    {
        var list = await OkJsonAsync(await app.GetExactAsync("/api/recommendations/hX3%2FpQ%2B9zA%3D%3D?k=1"));
        string user = list.GetProperty("user_id").GetString()!;
        string product = OddIdShop.Products[0];
        string clickId = "click/" + Guid.NewGuid();
        var posted = await app.Client.PostAsJsonAsync("api/clicks", new
        {
            click_id = clickId, user_id = user, product_id = product, position = 1,
            recommendation_type = list.GetProperty("recommendations")[0].GetProperty("recommendation_type").GetString(),
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var stored = await app.Services.GetRequiredService<IClickStore>().FindAsync(clickId, DateTimeOffset.UtcNow);
        Assert.NotNull(stored);
        Assert.Equal(OddIdShop.HashedUser, stored.UserId);
        Assert.Equal(product, stored.ProductId);
        Assert.True(stored.ProductKnown);
    }

    [Theory]
    [InlineData("/api/models/2026%2F0101_000000/promote", "version")]
    [InlineData("/api/sample-images/toys%2Fpuzzles/red.svg", "category")]
    [InlineData("/api/sample-images/toys-puzzles/red%2F.svg", "file")]
    public async Task Other_route_values_follow_the_same_rule(string target, string field)
    {
        // %2F decodes to '/', which these values may not hold: a 400 naming the value, not a value with "%2F" in it.
        var request = new HttpRequestMessage(target.Contains("promote") ? HttpMethod.Post : HttpMethod.Get, RouteTemplates.Exact(app.Client.BaseAddress!, target));
        request.Headers.Add("x-functions-key", TeddyAppFixture.FunctionKey);
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_asset_name_is_decoded_like_any_route_value()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.GetExactAsync("/assets/app%2Ejs")).StatusCode);
        var slash = await app.GetExactAsync("/assets/x%2Fapp.js");
        Assert.Equal(HttpStatusCode.NotFound, slash.StatusCode);
        Assert.Contains("'x/app.js'", (await slash.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    private static string[] Ids(JsonElement list) =>
        list.GetProperty("recommendations").EnumerateArray().Select(i => i.GetProperty("product_id").GetString()!).ToArray();
}
