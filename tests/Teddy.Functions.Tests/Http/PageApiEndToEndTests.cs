using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Artifacts;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Serving;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// The routes the page reads, over HTTP through the development runner: the catalog's facets, the catalog facts on each
/// item, a version's report, the hybrid's beliefs (with simulated shoppers' clicks), and the page's security headers (the simulator itself:
/// <see cref="SimulationQueueEndToEndTests"/>).
/// </summary>
[Collection(AppCollection.Name)]
public class PageApiEndToEndTests(TeddyAppFixture app)
{
    [Fact]
    public async Task Facets_list_the_serving_catalogs_categories_brands_prices_and_stock_and_filter_as_named()
    {
        var model = app.Services.GetRequiredService<ServingModelProvider>().Current!;
        var catalog = model.Model.Catalog;
        var facets = await app.Client.GetFromJsonAsync<JsonElement>("api/catalog/facets");

        Assert.Equal(model.Version, facets.GetProperty("model_version").GetString());
        Assert.Equal(catalog.Count, facets.GetProperty("products").GetInt32());
        Assert.Equal(Enumerable.Range(0, catalog.Count).Count(model.IsInStock), facets.GetProperty("in_stock").GetInt32());
        var brands = facets.GetProperty("brands").EnumerateArray().ToDictionary(b => b.GetProperty("value").GetString()!, b => b.GetProperty("products").GetInt32());
        var expectedBrands = Enumerable.Range(0, catalog.Count).Select(catalog.BrandName).Where(b => b.Length > 0).GroupBy(b => b).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expectedBrands.OrderBy(b => b.Key, StringComparer.Ordinal), brands.OrderBy(b => b.Key, StringComparer.Ordinal));
        var categories = facets.GetProperty("categories").EnumerateArray().ToDictionary(c => c.GetProperty("value").GetString()!, c => c.GetProperty("products").GetInt32());
        Assert.Equal(Enumerable.Range(0, catalog.Count).Count(p => catalog.Category[p] >= 0), categories.Values.Sum());
        var topLevel = facets.GetProperty("top_level_categories").EnumerateArray().ToArray();
        Assert.Equal(categories.Values.Sum(), topLevel.Sum(c => c.GetProperty("products").GetInt32()));
        var prices = Enumerable.Range(0, catalog.Count).Select(p => catalog.Price[p]).Where(p => !float.IsNaN(p)).ToArray();
        Assert.Equal(Math.Round(prices.Min(), 2), facets.GetProperty("price").GetProperty("min").GetDouble(), 6);
        Assert.Equal(Math.Round(prices.Max(), 2), facets.GetProperty("price").GetProperty("max").GetDouble(), 6);

        // Each value the facets name is one the recommendations filter accepts and honours.
        string department = topLevel.OrderByDescending(c => c.GetProperty("products").GetInt32()).First().GetProperty("value").GetString()!;
        var filtered = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/-?user_id=nobody&category={Uri.EscapeDataString(department)}&strict=true");
        Assert.NotEqual(0, filtered.GetProperty("recommendations").GetArrayLength());
        Assert.All(filtered.GetProperty("recommendations").EnumerateArray(),
            i => Assert.Contains(department, i.GetProperty("category").GetString()!.Split('>', StringSplitOptions.TrimEntries)));

        var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/catalog/facets"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Every_item_carries_the_catalogs_original_price_category_age_groups_colours_and_its_brands_learned_rate()
    {
        var examples = await app.Client.GetFromJsonAsync<JsonElement>("api/users/examples");
        string user = examples.GetProperty("user_ids")[0].GetString()!;
        foreach (string url in new[] { $"api/recommendations/-?user_id={user}&k=30", $"api/recommendations/-?user_id={user}&method=hybrid" })
        {
            var list = await app.Client.GetFromJsonAsync<JsonElement>(url);
            foreach (var item in list.GetProperty("recommendations").EnumerateArray())
            {
                var product = await app.Client.GetFromJsonAsync<JsonElement>($"api/products?product_id={Uri.EscapeDataString(item.GetProperty("product_id").GetString()!)}");
                Assert.Equal(product.GetProperty("original_price").ToString(), item.GetProperty("original_price").ToString());
                Assert.Equal(product.GetProperty("category").GetString(), item.GetProperty("category").GetString());
                Assert.Equal(product.GetProperty("age_groups").ToString(), item.GetProperty("age_groups").ToString());
                Assert.Equal(product.GetProperty("colors").ToString(), item.GetProperty("colors").ToString());
                var brandCtr = item.GetProperty("brand_ctr");
                if (brandCtr.ValueKind != JsonValueKind.Null)
                    Assert.InRange(brandCtr.GetProperty("smoothed_ctr").GetDouble(), 0, 1);
            }
        }
        // Similar lists too.
        var anchor = app.Services.GetRequiredService<ServingModelProvider>().Current!.Model.Catalog.Ids[0];
        var similar = await app.Client.GetFromJsonAsync<JsonElement>($"api/products/-/similar?product_id={Uri.EscapeDataString(anchor)}");
        Assert.All(similar.GetProperty("recommendations").EnumerateArray(), i => Assert.True(i.TryGetProperty("colors", out _) && i.TryGetProperty("original_price", out _)));
    }

    [Fact]
    public async Task A_versions_report_is_served_as_stored_and_bad_or_unknown_versions_are_named()
    {
        string version = app.Services.GetRequiredService<ServingModelProvider>().Current!.Version;
        string stored = (await app.Services.GetRequiredService<IModelStore>().GetReportAsync(version))!;
        var response = await app.Client.GetAsync($"api/models/{version}/report");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(stored, await response.Content.ReadAsStringAsync());
        var report = JsonDocument.Parse(stored).RootElement;
        Assert.Equal(version, report.GetProperty("version").GetString());
        Assert.True(report.GetProperty("candidates").GetArrayLength() > 0);

        var bad = await app.Client.GetAsync("api/models/latest/report");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("version", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("api/models/20200101_000000/report")).StatusCode);
        var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"api/models/{version}/report"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task The_hybrids_beliefs_are_the_serving_models_and_the_replayed_series_ends_at_them()
    {
        // Hybrid lists with clicks on them, through the simulator, so the beliefs hold evidence.
        var run = await app.SimulateAsync(new { sessions = 40, method = "hybrid", seed = 5 });
        Assert.Equal("succeeded", run.GetProperty("state").GetString());
        var state = app.Services.GetRequiredService<Teddy.Analytics.SharedLearningState>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        JsonElement weights;
        while (true)
        {
            await state.RefreshAsync();
            weights = await app.Client.GetFromJsonAsync<JsonElement>("api/analytics/weights");
            if (weights.GetProperty("series").GetArrayLength() > 0 && weights.GetProperty("content").GetProperty("impressions").GetDouble() > 0) break;
            Assert.True(DateTime.UtcNow < deadline, "No hybrid evidence was aggregated: " + weights);
            await Task.Delay(1000);
        }
        var model = app.Services.GetRequiredService<ServingModelProvider>().Current!;
        var bandit = model.Learning!.Bandit!;
        if (weights.GetProperty("evidence_computed_at").GetDateTimeOffset() != model.Learning.Snapshot.ComputedAt) return; // refreshed in between: nothing to compare
        Assert.Equal("active", weights.GetProperty("adaptive_weights").GetString());
        // The API rounds to 6 decimals: compared within 1e-5, not by rounding both to 5 places (which can differ by 1e-5 at a boundary).
        Assert.Equal(bandit.ContentBelief.Alpha, weights.GetProperty("content").GetProperty("alpha").GetDouble(), tolerance: 1e-5);
        Assert.Equal(bandit.ContentBelief.Beta, weights.GetProperty("content").GetProperty("beta").GetDouble(), tolerance: 1e-5);
        Assert.Equal(bandit.CollaborativeBelief.Alpha, weights.GetProperty("collaborative").GetProperty("alpha").GetDouble(), tolerance: 1e-5);
        Assert.Equal(bandit.CollaborativeBelief.Mean, weights.GetProperty("collaborative").GetProperty("mean").GetDouble(), tolerance: 1e-5);
        var (low, high) = bandit.ContentBelief.Interval();
        Assert.Equal(low, weights.GetProperty("content").GetProperty("ci_low").GetDouble(), tolerance: 1e-5);
        Assert.Equal(high, weights.GetProperty("content").GetProperty("ci_high").GetDouble(), tolerance: 1e-5);
        Assert.Equal(bandit.Expected().Content, weights.GetProperty("expected").GetProperty("content").GetDouble(), tolerance: 1e-5);
        var last = weights.GetProperty("series").EnumerateArray().Last();
        Assert.Equal(weights.GetProperty("expected").GetProperty("content").GetDouble(), last.GetProperty("content_weight").GetDouble(), 4);
        Assert.Equal(weights.GetProperty("content").GetProperty("mean").GetDouble(), last.GetProperty("content_mean").GetDouble(), 6);
    }

    [Fact]
    public async Task The_page_and_its_assets_forbid_inline_script_and_other_origins_and_sniffing()
    {
        foreach (string path in new[] { "/", "/assets/app.js", "/assets/shop.js", "/assets/dashboard.js", "/assets/charts.js", "/assets/dom.js", "/assets/styles.css", "/assets/placeholder.svg" })
        {
            var response = await app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            string csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self';", csp);
            Assert.Contains("default-src 'none'", csp);
            Assert.Contains("img-src 'self' data:;", csp);
            Assert.DoesNotContain("unsafe", csp);
            Assert.DoesNotContain("*", csp);
        }
        string html = await app.Client.GetStringAsync("/");
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain(" style=", html);
        Assert.DoesNotContain("onclick", html);
    }
}
