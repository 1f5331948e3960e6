using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Serving;

namespace Teddy.Functions.Tests.Http;

/// <summary>The recommendation API over HTTP against the development runner, with a model the app trained at start-up.</summary>
[Collection(AppCollection.Name)]
public class RecommendationsEndToEndTests(TeddyAppFixture app)
{
    private async Task<string> KnownUserAsync()
    {
        var examples = await app.Client.GetFromJsonAsync<JsonElement>("api/users/examples");
        return examples.GetProperty("user_ids")[0].GetString()!;
    }

    [Fact]
    public async Task A_known_user_gets_personal_recommendations_in_the_documented_shape()
    {
        string user = await KnownUserAsync();
        var response = await app.Client.GetAsync($"api/recommendations/{user}?k=12");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(user, body.GetProperty("user_id").GetString());
        Assert.True(body.GetProperty("known_user").GetBoolean());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("model_type").GetString()));
        Assert.Matches(@"^\d{8}_\d{6}$", body.GetProperty("model_version").GetString());
        var items = body.GetProperty("recommendations").EnumerateArray().ToArray();
        Assert.Equal(12, items.Length);
        foreach (var item in items)
        {
            foreach (string field in new[] { "product_id", "title", "brand", "price", "discount_percent", "image_url", "score", "recommendation_type" })
                Assert.True(item.TryGetProperty(field, out _), $"missing {field}");
        }
        Assert.Equal(items.Length, items.Select(i => i.GetProperty("product_id").GetString()).Distinct().Count());
        Assert.NotEqual("popular", body.GetProperty("method").GetString());
    }

    [Fact]
    public async Task An_unknown_user_gets_the_cold_start_list()
    {
        var body = await app.Client.GetFromJsonAsync<JsonElement>("api/recommendations/someone-new-42?k=5");
        Assert.False(body.GetProperty("known_user").GetBoolean());
        Assert.Equal("popular", body.GetProperty("method").GetString());
        Assert.NotEqual("popular", body.GetProperty("requested_method").GetString()); // the promoted model was asked
        Assert.Contains("popular products make the list", body.GetProperty("fallback_reason").GetString());
        Assert.Equal(5, body.GetProperty("recommendations").GetArrayLength());
        Assert.All(body.GetProperty("recommendations").EnumerateArray(), i => Assert.Equal("popular", i.GetProperty("recommendation_type").GetString()));
    }

    [Theory]
    [InlineData("k=0", "k")]
    [InlineData("k=101", "k")]
    [InlineData("k=abc", "k")]
    [InlineData("k=1&k=2", "k")]
    [InlineData("method=magic", "method")]
    [InlineData("min_price=-1", "min_price")]
    [InlineData("max_price=cheap", "max_price")]
    [InlineData("min_price=10&max_price=5", "min_price")]
    [InlineData("in_stock=maybe", "in_stock")]
    [InlineData("strict=yes", "strict")]
    [InlineData("k=", "k")]
    [InlineData("brand=", "brand")]
    [InlineData("brand=Lego&brand=", "brand")]
    [InlineData("exclude_brand=%20", "exclude_brand")]
    [InlineData("category=", "category")]
    [InlineData("method=", "method")]
    [InlineData("min_price=NaN", "min_price")]
    [InlineData("max_price=1e999", "max_price")]
    [InlineData("k=99999999999999999999", "k")]
    [InlineData("strict=1", "strict")] // exactly true or false
    [InlineData("in_stock=1", "in_stock")]
    [InlineData("in_stock=0", "in_stock")]
    [InlineData("strict=TRUE", "strict")]
    [InlineData("strict=%20true", "strict")]
    [InlineData("k=+5", "k")] // plain digits: no sign, no spaces
    [InlineData("k=%2B5", "k")]
    [InlineData("k=%201", "k")]
    [InlineData("k=1%20", "k")]
    [InlineData("k=-0", "k")]
    [InlineData("k=1e1", "k")]
    [InlineData("k=0x10", "k")]
    [InlineData("min_price=%2B1", "min_price")]
    [InlineData("max_price=1e3", "max_price")]
    [InlineData("max_price=%2010", "max_price")]
    public async Task Bad_parameters_are_a_400_problem_naming_the_parameter(string query, string field)
    {
        await AssertBadParameterAsync("api/recommendations/u1", query, field);
    }

    [Theory]
    [InlineData("method=magic", "method")]
    [InlineData("method=", "method")]
    [InlineData("method=hybrid&method=content", "method")]
    [InlineData("k=0", "k")]
    [InlineData("brand=", "brand")]
    [InlineData("in_stock=maybe", "in_stock")]
    [InlineData("strict=1", "strict")]
    [InlineData("k=+5", "k")]
    public async Task Similar_products_validate_their_parameters_like_recommendations(string query, string field)
    {
        string product = await KnownProductAsync();
        await AssertBadParameterAsync($"api/products/{Uri.EscapeDataString(product)}/similar", query, field);
    }

    [Fact]
    public async Task Similar_products_can_ask_for_one_method()
    {
        string product = await KnownProductAsync();
        var blend = await app.Client.GetFromJsonAsync<JsonElement>($"api/products/{product}/similar?k=6");
        Assert.Equal("similar", blend.GetProperty("requested_method").GetString());
        foreach (string method in new[] { "content", "itemknn", "ease", "collaborative", "hybrid", "popular" })
        {
            var body = await app.Client.GetFromJsonAsync<JsonElement>($"api/products/{product}/similar?k=6&method={method}");
            Assert.Equal(method, body.GetProperty("requested_method").GetString());
            var items = body.GetProperty("recommendations").EnumerateArray().ToArray();
            Assert.Equal(6, items.Length);
            var types = items.Select(i => i.GetProperty("recommendation_type").GetString()).ToArray();
            Assert.All(types, t => Assert.Contains(t, new[] { method, "popular" }));
            Assert.DoesNotContain(items, i => i.GetProperty("product_id").GetString() == product);
            // The list names what made it: the method asked for when any item is its own, else popular; and says why when
            // popular products made or filled it.
            Assert.Equal(types.Contains(method) ? method : "popular", body.GetProperty("method").GetString());
            Assert.Equal(method != "popular" && types.Contains("popular"), body.GetProperty("fallback_reason").ValueKind == JsonValueKind.String);
        }
    }

    [Fact]
    public async Task Similar_products_of_a_product_EASE_does_not_model_say_that_popular_products_made_the_list()
    {
        // EASE models the most-interacted products only: for any other it has no neighbours, and the list must not pass
        // popular products off as EASE's.
        var model = app.Services.GetRequiredService<ServingModelProvider>().Current!;
        var ease = model.Model.Ease!;
        int product = Enumerable.Range(0, model.Model.Catalog.Count).First(p => !ease.Models(p) && model.IsInStock(p));
        string id = Uri.EscapeDataString(model.Model.Catalog.Ids[product]);

        var body = await app.Client.GetFromJsonAsync<JsonElement>($"api/products/{id}/similar?k=5&method=ease");
        Assert.Equal("popular", body.GetProperty("method").GetString());
        Assert.Equal("ease", body.GetProperty("requested_method").GetString());
        Assert.Contains($"EASE models only the {ease.ItemCount:N0} most-interacted products", body.GetProperty("fallback_reason").GetString());
        Assert.All(body.GetProperty("recommendations").EnumerateArray(), i => Assert.Equal("popular", i.GetProperty("recommendation_type").GetString()));

        // A modelled product's list is EASE's own.
        string modelled = Uri.EscapeDataString(model.Model.Catalog.Ids[ease.Items[0]]);
        var own = await app.Client.GetFromJsonAsync<JsonElement>($"api/products/{modelled}/similar?k=3&method=ease");
        Assert.Equal("ease", own.GetProperty("method").GetString());
        Assert.Contains(own.GetProperty("recommendations").EnumerateArray(), i => i.GetProperty("recommendation_type").GetString() == "ease");
    }

    private async Task<string> KnownProductAsync()
    {
        var list = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{await KnownUserAsync()}?k=1");
        return list.GetProperty("recommendations")[0].GetProperty("product_id").GetString()!;
    }

    private async Task AssertBadParameterAsync(string path, string query, string field)
    {
        var response = await app.Client.GetAsync($"{path}?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Filters_restrict_the_list_and_strict_returns_fewer()
    {
        string user = await KnownUserAsync();
        var all = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{user}?k=20");
        string brand = all.GetProperty("recommendations")[0].GetProperty("brand").GetString()!;

        var branded = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{user}?k=20&brand={Uri.EscapeDataString(brand)}&strict=true");
        var items = branded.GetProperty("recommendations").EnumerateArray().ToArray();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal(brand, i.GetProperty("brand").GetString()));

        var excluded = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{user}?k=20&exclude_brand={Uri.EscapeDataString(brand)}");
        Assert.All(excluded.GetProperty("recommendations").EnumerateArray(), i => Assert.NotEqual(brand, i.GetProperty("brand").GetString()));

        var cheap = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{user}?k=20&max_price=15");
        Assert.All(cheap.GetProperty("recommendations").EnumerateArray(), i => Assert.True(i.GetProperty("price").GetDouble() <= 15));

        var nothing = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{user}?k=20&brand=no-such-brand&strict=true");
        Assert.Equal(0, nothing.GetProperty("recommendations").GetArrayLength());
    }

    [Fact]
    public async Task Lists_filtered_to_a_small_brand_name_each_product_once_with_scores_that_never_increase()
    {
        // Issue 6 §1: with a small brand, the popular fill used to repeat the model's products.
        var catalog = app.Services.GetRequiredService<ServingModelProvider>().Current!.Model.Catalog;
        var perBrand = catalog.ProductsPerBrand();
        string brand = catalog.BrandNames[Enumerable.Range(0, perBrand.Length).Where(b => perBrand[b] is >= 2 and <= 4).First()];
        var examples = await app.Client.GetFromJsonAsync<JsonElement>("api/users/examples");
        var users = examples.GetProperty("user_ids").EnumerateArray().Select(u => u.GetString()!).Append("someone-new").ToArray();

        foreach (string user in users)
        foreach (string method in new[] { "hybrid", "content", "collaborative", "itemknn", "ease", "popular" })
        {
            var body = await app.Client.GetFromJsonAsync<JsonElement>(
                $"api/recommendations/{user}?k=20&method={method}&brand={Uri.EscapeDataString(brand)}&in_stock=false");
            AssertOnceEachAndNonIncreasing(body.GetProperty("recommendations"), $"{user} {method}");
        }
        for (int p = 0; p < catalog.Count; p += catalog.Count / 7)
        {
            var similar = await app.Client.GetFromJsonAsync<JsonElement>($"api/products/{Uri.EscapeDataString(catalog.Ids[p])}/similar?k=20");
            AssertOnceEachAndNonIncreasing(similar.GetProperty("recommendations"), $"similar {catalog.Ids[p]}");
        }
    }

    private static void AssertOnceEachAndNonIncreasing(JsonElement list, string what)
    {
        var items = list.EnumerateArray().ToArray();
        Assert.True(items.Length > 0, what);
        Assert.Equal(items.Length, items.Select(i => i.GetProperty("product_id").GetString()).Distinct().Count());
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToArray();
        for (int i = 1; i < scores.Length; i++) Assert.True(scores[i] <= scores[i - 1], $"{what}: score rises at {i}: {string.Join(", ", scores)}");
    }

    [Fact]
    public async Task Every_method_can_be_asked_for()
    {
        string user = await KnownUserAsync();
        foreach (string method in new[] { "hybrid", "content", "collaborative", "itemknn", "ease", "popular" })
        {
            var body = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{user}?k=10&method={method}");
            Assert.Equal(method, body.GetProperty("method").GetString());
            Assert.Equal(10, body.GetProperty("recommendations").GetArrayLength());
        }
    }

    [Fact]
    public async Task Products_similar_products_and_unknown_products()
    {
        string user = await KnownUserAsync();
        var list = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{user}?k=1");
        string productId = list.GetProperty("recommendations")[0].GetProperty("product_id").GetString()!;

        var product = await app.Client.GetFromJsonAsync<JsonElement>($"api/products/{productId}");
        Assert.Equal(productId, product.GetProperty("product_id").GetString());
        Assert.True(product.GetProperty("in_stock").GetBoolean());

        var similar = await app.Client.GetFromJsonAsync<JsonElement>($"api/products/{productId}/similar?k=8");
        var items = similar.GetProperty("recommendations").EnumerateArray().ToArray();
        Assert.Equal(8, items.Length);
        Assert.DoesNotContain(items, i => i.GetProperty("product_id").GetString() == productId);

        var missing = await app.Client.GetAsync("api/products/no-such-product");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("api/products/no-such-product/similar")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.GetAsync($"api/products/{productId}/similar?k=0")).StatusCode);
    }

    [Fact]
    public async Task Health_and_current_model_describe_the_serving_model()
    {
        var health = await app.Client.GetFromJsonAsync<JsonElement>("api/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("reachable", health.GetProperty("storage").GetString());
        string version = health.GetProperty("model_version").GetString()!;

        var metadata = await app.Client.GetFromJsonAsync<JsonElement>("api/models/current");
        Assert.Equal(version, metadata.GetProperty("version").GetString());
        Assert.Equal(64, metadata.GetProperty("sha256").GetString()!.Length);
        Assert.True(metadata.GetProperty("data").GetProperty("products").GetInt32() > 1000);
        Assert.True(metadata.GetProperty("ingestion").GetProperty("events").GetProperty("accepted").GetInt64() > 0);
        Assert.True(metadata.GetProperty("evaluation").GetProperty("candidates").GetArrayLength() >= 5);
    }

    [Fact]
    public async Task Sample_images_are_svg_and_bad_slugs_are_rejected()
    {
        var response = await app.Client.GetAsync("api/sample-images/toys-puzzles/red.svg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.GetAsync("api/sample-images/Toys%20%3E%20X/red.svg")).StatusCode);
    }

    [Theory]
    // The tryout's example: a slug of 5,000 characters was told it is not a slug.
    [InlineData("api/sample-images/{0}/red.svg", 5000, "category", "category may be at most 80 characters; got 5000.")]
    [InlineData("api/sample-images/{0}/red.svg", 81, "category", "category may be at most 80 characters; got 81.")]
    [InlineData("api/sample-images/toys-puzzles/{0}.svg", 5000, "file", "file's colour slug (before .svg) may be at most 80 characters; got 5000.")]
    [InlineData("api/sample-images/toys-puzzles/{0}.svg", 81, "file", "file's colour slug (before .svg) may be at most 80 characters; got 81.")]
    public async Task A_sample_image_slug_that_is_too_long_is_a_400_that_says_so(string template, int length, string field, string detail)
    {
        var response = await app.Client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, new string('a', length)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());

        // At the limit the slug is fine; a short slug of the wrong characters is told so.
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, new string('a', 80)))).StatusCode);
        var wrong = await (await app.Client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "Red_Box"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, wrong.GetProperty("field").GetString());
        Assert.Contains("lower-case letters, digits and '-'", wrong.GetProperty("detail").GetString());
    }
}
