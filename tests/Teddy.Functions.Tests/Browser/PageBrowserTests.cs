using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Browser;

/// <summary>
/// The page in a real browser (Debian's Chromium, driven by Playwright offline) against the whole app: the shop front's
/// pictures, state in the URL, clicks recorded with their attribution token and a list that follows them without a
/// retrain, the product panel, keyboard use, and the dashboard's numbers against the API's JSON. Screenshots of both views
/// at 360 and 1,400 px are written to the test output's artifacts/screenshots (and to $TEDDY_SCREENSHOTS when set).
/// </summary>
[Collection(AppCollection.Name)]
public class PageBrowserTests(TeddyAppFixture app) : IAsyncLifetime
{
    private BrowserSession _browser = null!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    private static readonly string[] PartWords = ["Similar products", "Shoppers like you", "Both", "Popular"];

    [Fact]
    public async Task The_page_shows_pictures_a_broken_picture_falls_back_and_the_strip_says_how_the_list_was_made()
    {
        var watched = await _browser.NewPageAsync();
        var page = watched.Page;
        int images = 0;
        // The first picture the page asks for is missing: it must fall back to the drawn placeholder.
        await page.RouteAsync("**/api/sample-images/**", async route =>
        {
            if (Interlocked.Increment(ref images) == 1) await route.FulfillAsync(new() { Status = 404, Body = "" });
            else await route.ContinueAsync();
        });
        await page.GotoAsync(app.BaseAddress.ToString());
        await page.Locator(".card").First.WaitForAsync();

        Assert.Equal(20, await page.Locator(".card").CountAsync());
        string user = await page.InputValueAsync("#user");
        Assert.False(string.IsNullOrEmpty(user));
        Assert.Contains("user=" + Uri.EscapeDataString(user), page.Url);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.card img:not(.broken)')].slice(0, 4).every(i => i.complete && i.naturalWidth > 0)");
        await page.WaitForFunctionAsync("() => { const b = document.querySelectorAll('.card img.broken'); " +
            "return b.length === 1 && b[0].src.endsWith('/assets/placeholder.svg') && b[0].complete && b[0].naturalWidth > 0; }");

        // Every card: a reason, the part(s) behind it in words, the brand's CTR badge with its tooltip.
        Assert.All(await page.Locator(".card .reason").AllTextContentsAsync(), reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
        Assert.All(await page.Locator(".card .part").AllTextContentsAsync(), part => Assert.Contains(part, PartWords));
        Assert.All(await page.Locator(".card .ctr").EvaluateAllAsync<string[]>("b => b.map(x => x.title)"), tip => Assert.Contains("CTR", tip));
        Assert.All(await page.Locator(".card img").EvaluateAllAsync<string[]>("i => i.map(x => x.alt)"), alt => Assert.False(string.IsNullOrEmpty(alt)));

        var current = await app.Client.GetFromJsonAsync<JsonElement>("api/models/current");
        Assert.Contains(current.GetProperty("version").GetString()!, await page.TextContentAsync("#strip-model"));
        Assert.False(string.IsNullOrWhiteSpace(await page.TextContentAsync("#strip-reason")));
        Assert.False(string.IsNullOrWhiteSpace(await page.TextContentAsync("#strip-weights")));
    }

    [Fact]
    public async Task Choosing_a_shopper_method_and_filter_updates_the_url_and_the_grid_and_a_reload_shows_the_same()
    {
        var examples = await app.Client.GetFromJsonAsync<JsonElement>("api/users/examples");
        string user = examples.GetProperty("user_ids")[1].GetString()!;
        var facets = await app.Client.GetFromJsonAsync<JsonElement>("api/catalog/facets");
        string category = facets.GetProperty("top_level_categories").EnumerateArray()
            .OrderByDescending(c => c.GetProperty("products").GetInt32()).First().GetProperty("value").GetString()!;

        var watched = await _browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(app.BaseAddress.ToString());
        await page.Locator(".card").First.WaitForAsync();
        await page.FillAsync("#user", user);
        await page.SelectOptionAsync("#method", "content");
        await page.SelectOptionAsync("#category", category);
        await page.SelectOptionAsync("#count", "12");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#ask button[type=submit]"),
            r => r.Url.Contains("/api/recommendations/", StringComparison.Ordinal) && r.Url.Contains("method=content", StringComparison.Ordinal));
        var list = await response.JsonAsync();
        await page.WaitForFunctionAsync("n => document.querySelectorAll('#grid .card').length === n", list!.Value.GetProperty("recommendations").GetArrayLength());

        var query = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
        Assert.Equal(user, query["user"]);
        Assert.Equal("content", query["method"]);
        Assert.Equal(category, query["category"]);
        Assert.Equal("12", query["k"]);
        // The grid is the list the API answered, every product in the category.
        var shown = await ProductIdsAsync(page);
        Assert.Equal(list.Value.GetProperty("recommendations").EnumerateArray().Select(i => i.GetProperty("product_id").GetString()!), shown);
        Assert.NotEmpty(shown);
        foreach (string id in shown)
        {
            var product = await app.Client.GetFromJsonAsync<JsonElement>($"api/products?product_id={Uri.EscapeDataString(id)}");
            Assert.Contains(category, product.GetProperty("category").GetString()!.Split('>', StringSplitOptions.TrimEntries));
        }
        Assert.Contains("Content", await page.TextContentAsync("#strip-model"));

        await page.ReloadAsync();
        await page.Locator(".card").First.WaitForAsync();
        Assert.Equal(user, await page.InputValueAsync("#user"));
        Assert.Equal("content", await page.InputValueAsync("#method"));
        Assert.Equal(category, await page.InputValueAsync("#category"));
        Assert.Equal("12", await page.InputValueAsync("#count"));
        Assert.True(await page.IsCheckedAsync("#in-stock"));
        watched.AssertQuiet();
    }

    [Fact]
    public async Task A_click_is_stored_with_its_attribution_token_and_the_next_list_follows_it_without_a_retrain()
    {
        string versionBefore = (await app.Client.GetFromJsonAsync<JsonElement>("api/models/current")).GetProperty("version").GetString()!;
        var watched = await _browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(app.BaseAddress.ToString());
        await page.Locator(".card").First.WaitForAsync();

        var first = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#new-visitor"),
            r => r.Url.Contains("/api/recommendations/", StringComparison.Ordinal) && r.Url.Contains("visitor-", StringComparison.Ordinal));
        var before = (await first.JsonAsync())!.Value;
        string visitor = before.GetProperty("user_id").GetString()!;
        Assert.StartsWith("visitor-", visitor);
        Assert.Equal(visitor, await page.EvaluateAsync<string>("() => localStorage.getItem('teddy.visitor')"));
        Assert.Contains("user=" + visitor, page.Url);
        await page.WaitForFunctionAsync("u => document.querySelector('#status').textContent.includes(u)", visitor);
        Assert.True(await page.Locator("#strip-recent").IsHiddenAsync());
        var firstIds = await ProductIdsAsync(page);

        var card = page.Locator(".card").Nth(2);
        string product = (await card.GetAttributeAsync("data-product-id"))!;
        var next = await page.RunAndWaitForResponseAsync(() => card.ClickAsync(),
            r => r.Url.Contains("/api/recommendations/", StringComparison.Ordinal) && r.Url.Contains(visitor, StringComparison.Ordinal));
        var after = (await next.JsonAsync())!.Value;
        await page.Locator("#panel[open]").WaitForAsync();
        await page.Locator("#status", new() { HasTextString = "recorded" }).WaitForAsync();

        // Stored in Table Storage with the list's attribution token and position; the view event's click is the same click.
        string token = before.GetProperty("attribution_token").GetString()!;
        var clicks = await ClicksOfAsync(visitor);
        Assert.Contains(clicks, c => c.GetString("ProductId") == product && c.GetString("AttributionToken") == token && c.GetInt32("Position") == 3);
        Assert.All(clicks, c => Assert.Equal((product, token), (c.GetString("ProductId"), c.GetString("AttributionToken"))));

        // The next list folds the view in: no retrain, a different list, and the page says so.
        Assert.Equal(1, after.GetProperty("recent_events").GetInt32());
        await page.Locator("#strip-recent", new() { HasTextString = "Updated from your last 1 view" }).WaitForAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForFunctionAsync("() => !document.querySelector('#panel').open");
        var secondIds = await ProductIdsAsync(page);
        Assert.NotEqual(firstIds, secondIds);
        Assert.Equal(after.GetProperty("recommendations").EnumerateArray().Select(i => i.GetProperty("product_id").GetString()!), secondIds);
        Assert.Equal(versionBefore, (await app.Client.GetFromJsonAsync<JsonElement>("api/models/current")).GetProperty("version").GetString());
        watched.AssertQuiet();
    }

    [Fact]
    public async Task The_product_panel_shows_details_variants_and_similar_items_and_closes_back_to_the_card()
    {
        var watched = await _browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(app.BaseAddress.ToString());
        var card = page.Locator(".card").First;
        await card.WaitForAsync();
        string product = (await card.GetAttributeAsync("data-product-id"))!;
        string title = (await card.Locator(".title").TextContentAsync())!;
        await card.ClickAsync();
        await page.Locator("#panel[open]").WaitForAsync();

        Assert.Equal(title, await page.TextContentAsync("#panel-title"));
        var details = await app.Client.GetFromJsonAsync<JsonElement>($"api/products?product_id={Uri.EscapeDataString(product)}");
        Assert.Contains(details.GetProperty("brand").GetString()!, await page.TextContentAsync("#panel-facts"));
        int variants = details.GetProperty("variants").GetArrayLength();
        Assert.Equal(Math.Max(variants, 1), await page.Locator("#panel-variants tbody tr").CountAsync());
        await page.Locator("#panel-similar .card").First.WaitForAsync();
        var similar = await page.Locator("#panel-similar .card").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.productId)");
        Assert.NotEmpty(similar);
        Assert.DoesNotContain(product, similar);

        await page.Keyboard.PressAsync("Escape");
        await page.WaitForFunctionAsync("() => !document.querySelector('#panel').open && document.activeElement.classList.contains('card')");
        watched.AssertQuiet();
    }

    [Fact]
    public async Task Keyboard_alone_reaches_a_card_with_a_visible_focus_and_opens_it()
    {
        var watched = await _browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(app.BaseAddress.ToString());
        await page.Locator(".card").First.WaitForAsync();
        bool onCard = false;
        for (int i = 0; i < 60 && !onCard; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            onCard = await page.EvaluateAsync<bool>("() => document.activeElement.classList.contains('card')");
        }
        Assert.True(onCard, "Tab never reached a product card.");
        string outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth");
        Assert.StartsWith("solid", outline);
        Assert.DoesNotContain(" 0px", outline);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#panel[open]").WaitForAsync();
        await page.WaitForFunctionAsync("() => document.activeElement.id === 'panel-close'");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => !document.querySelector('#panel').open");
        watched.AssertQuiet();
    }

    [Fact]
    public async Task The_dashboard_shows_the_live_numbers_its_simulation_moves_and_both_views_fit_360_and_1400_px()
    {
        var watched = await _browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(new Uri(app.BaseAddress, "?view=dashboard").ToString());
        await page.WaitForFunctionAsync("() => document.querySelector('#dashboard').dataset.loaded");

        // The simulator, through the page: queued (202 with its status URL), followed to its result; the key is kept for this tab only.
        await page.FillAsync("#function-key", TeddyAppFixture.FunctionKey);
        await page.FillAsync("#sessions", "80");
        var polled = new List<string>();
        page.Request += (_, request) => { if (request.Method == "GET" && request.Url.Contains("/api/simulations/", StringComparison.Ordinal)) polled.Add(request.Url); };
        var accepted = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#simulate button[type=submit]"),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/api/simulations", StringComparison.Ordinal));
        Assert.Equal(202, accepted.Status);
        var queued = (await accepted.JsonAsync())!.Value;
        string statusUrl = queued.GetProperty("status_url").GetString()!;
        Assert.Equal(statusUrl, await accepted.HeaderValueAsync("location"));
        Assert.Equal("queued", queued.GetProperty("state").GetString());
        await page.Locator("#simulate-status", new() { HasTextString = "clicks on" }).WaitForAsync(new() { Timeout = 120_000 });
        var run = await (await app.Client.SendAsync(app.WithKey(HttpMethod.Get, statusUrl))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("succeeded", 80), (run.GetProperty("state").GetString(), run.GetProperty("sessions_done").GetInt32()));
        string shownResult = (await page.TextContentAsync("#simulate-status"))!;
        Assert.StartsWith($"80 sessions ({run.GetProperty("result").GetProperty("shoppers").GetInt32():N0} shoppers, hybrid): " +
            $"{run.GetProperty("result").GetProperty("clicks").GetInt64():N0} clicks on {run.GetProperty("result").GetProperty("impressions").GetInt64():N0} impressions",
            shownResult);
        Assert.Contains(new Uri(app.BaseAddress, statusUrl).ToString(), polled);
        Assert.True(await page.Locator("#simulate-progress").IsHiddenAsync());
        Assert.True(await page.Locator("#simulate button[type=submit]").IsEnabledAsync());
        Assert.Equal(TeddyAppFixture.FunctionKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('teddy.functionKey')"));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('teddy.functionKey')"));

        // Wait until the aggregation has counted hybrid lists and clicks, then show the dashboard of that copy.
        JsonElement ctr = default, weights = default;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            ctr = await app.Client.GetFromJsonAsync<JsonElement>("api/analytics/ctr");
            weights = await app.Client.GetFromJsonAsync<JsonElement>("api/analytics/weights");
            bool ready = ctr.GetProperty("by_method").EnumerateArray().Any(m => m.GetProperty("value").GetString() == "hybrid" && m.GetProperty("clicks").GetInt64() > 0)
                && weights.GetProperty("evidence_computed_at").GetString() == ctr.GetProperty("computed_at").GetString()
                && weights.GetProperty("series").GetArrayLength() > 0;
            if (ready)
            {
                await page.ClickAsync("#refresh");
                await page.WaitForFunctionAsync("() => document.querySelector('#dash-status').textContent.startsWith('Updated')");
                string shownAt = await page.EvaluateAsync<string>("() => document.querySelector('#dashboard').dataset.ctrComputedAt");
                // The page and the test read the same copy when their computed_at agree (ctr.json is refreshed every few seconds).
                var again = await app.Client.GetFromJsonAsync<JsonElement>("api/analytics/ctr");
                if (shownAt == ctr.GetProperty("computed_at").GetString() && again.GetProperty("computed_at").GetString() == shownAt) break;
            }
            Assert.True(DateTime.UtcNow < deadline, "The simulated clicks were not aggregated in time.");
            await Task.Delay(1000);
        }

        var current = await app.Client.GetFromJsonAsync<JsonElement>("api/models/current");
        Assert.Equal(current.GetProperty("version").GetString(), await page.TextContentAsync("#serving [data-key=version]"));
        var candidates = current.GetProperty("evaluation").GetProperty("candidates").EnumerateArray().ToArray();
        Assert.Equal(candidates.Length, await page.Locator("#candidates tbody tr").CountAsync());
        Assert.Equal(current.GetProperty("evaluation").GetProperty("winner").GetProperty("method").GetString(),
            await page.GetAttributeAsync("#candidates tr.is-winner", "data-method"));
        foreach (var candidate in candidates)
        {
            string method = candidate.GetProperty("method").GetString()!;
            var cells = page.Locator($"#candidates tr[data-method='{method}'] td[data-value]");
            Assert.Equal(candidate.GetProperty("accuracy").GetProperty("ndcg_at_k").GetDouble(), Number(await cells.Nth(0).GetAttributeAsync("data-value")), 9);
            Assert.Equal(candidate.GetProperty("coverage").GetProperty("coverage_score").GetDouble(), Number(await cells.Nth(1).GetAttributeAsync("data-value")), 9);
        }
        var versions = (await app.Client.GetFromJsonAsync<JsonElement>("api/models")).GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal(versions.Length, await page.Locator("#versions tbody tr").CountAsync());
        Assert.Equal(versions.Count(v => !v.GetProperty("current").GetBoolean()), await page.Locator("#versions button", new() { HasTextString = "Promote" }).CountAsync());

        // The Beta posterior of each part and the weights over time, as GET api/analytics/weights says.
        foreach (string part in new[] { "content", "collaborative" })
        {
            var belief = weights.GetProperty(part);
            foreach (string field in new[] { "alpha", "beta", "mean" })
                Assert.Equal(belief.GetProperty(field).GetDouble(), Number(await page.GetAttributeAsync($"#posterior tr[data-part={part}] [data-key={field}]", "data-value")), 9);
            var interval = (await page.GetAttributeAsync($"#posterior tr[data-part={part}] [data-key=interval]", "data-value"))!.Split(',');
            Assert.Equal(belief.GetProperty("ci_low").GetDouble(), Number(interval[0]), 9);
            Assert.Equal(belief.GetProperty("ci_high").GetDouble(), Number(interval[1]), 9);
            Assert.Equal(belief.GetProperty("mean").GetDouble(), Number(await page.GetAttributeAsync($"#chart-posterior rect[data-label={part}]", "data-value")), 9);
        }
        var series = weights.GetProperty("series").EnumerateArray().ToArray();
        Assert.Equal(series.Length, await page.Locator("#chart-weights circle[data-series=content]").CountAsync());
        Assert.Equal(series[^1].GetProperty("content_weight").GetDouble(),
            Number(await page.Locator("#chart-weights circle[data-series=content]").Last.GetAttributeAsync("data-value")), 9);

        // CTR per method and per position (bars: the smoothed rate), and over time.
        await AssertBarsAsync(page, "#chart-method", ctr.GetProperty("by_method").EnumerateArray().Select(g => (g.GetProperty("value").GetString()!, g.GetProperty("smoothed_ctr").GetDouble())));
        await AssertBarsAsync(page, "#chart-position", ctr.GetProperty("by_position").EnumerateArray().Take(20)
            .Select(g => ("#" + g.GetProperty("value").GetInt32().ToString(CultureInfo.InvariantCulture), g.GetProperty("smoothed_ctr").GetDouble())));
        Assert.True(await page.Locator("#chart-method-time circle[data-series=hybrid]").CountAsync() > 0);
        Assert.True(await page.Locator("#chart-position-time circle[data-series='#1']").CountAsync() > 0);

        // Brands and metadata.
        var top = ctr.GetProperty("brands").GetProperty("top").EnumerateArray().Select(b => b.GetProperty("brand").GetString()!).ToArray();
        Assert.Equal(top, await page.Locator("#brands-top tbody tr[data-brand]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.brand)"));
        foreach (var attribute in ctr.GetProperty("metadata").EnumerateObject())
        {
            var values = attribute.Value.GetProperty("values").EnumerateArray().Take(12)
                .Select(v => (v.GetProperty("value").ValueKind == JsonValueKind.Null ? "(none)" : v.GetProperty("value").GetString()!, v.GetProperty("smoothed_ctr").GetDouble()));
            await AssertBarsAsync(page, $"#chart-metadata-{attribute.Name}", values);
        }

        // Data health: with the key, the last finished retrain's ingestion report and gate decision (else the serving version's).
        var runs = await (await app.Client.SendAsync(app.WithKey(HttpMethod.Get, "api/models/retrain"))).Content.ReadFromJsonAsync<JsonElement>();
        var last = runs.GetProperty("runs").EnumerateArray().First(r => r.GetProperty("state").GetString() is not ("queued" or "running"));
        Assert.Contains(last.GetProperty("id").GetString()!, await page.TextContentAsync("#health-source"));
        bool fromRun = last.TryGetProperty("ingestion", out var runIngestion) && runIngestion.ValueKind == JsonValueKind.Object;
        var ingestion = fromRun ? runIngestion : current.GetProperty("ingestion");
        var products = ingestion.GetProperty("products");
        Assert.Contains($"{products.GetProperty("accepted").GetInt32():N0} accepted", await page.TextContentAsync("#ingestion p[data-stream=products]"));
        var gates = fromRun ? last.GetProperty("gates") : current.GetProperty("evaluation").GetProperty("decision").GetProperty("gates");
        if (gates.ValueKind == JsonValueKind.Object)
            Assert.Equal(gates.GetProperty("checks").GetArrayLength(), await page.Locator("#gates tbody tr[data-check]").CountAsync());
        Assert.Equal(0, await page.Locator(".chart:not(:has(svg))").CountAsync());
        watched.AssertQuiet();

        await ScreenshotsAsync();
    }

    /// <summary>Both views at 360 and 1,400 px: nothing wider than the window, and a full-page screenshot of each.</summary>
    private async Task ScreenshotsAsync()
    {
        string user = (await app.Client.GetFromJsonAsync<JsonElement>("api/users/examples")).GetProperty("user_ids")[0].GetString()!;
        foreach (int width in new[] { 360, 1400 })
        {
            foreach (var (view, url) in new[] { ("shop", $"?user={Uri.EscapeDataString(user)}&method=hybrid"), ("dashboard", "?view=dashboard") })
            {
                var watched = await _browser.NewPageAsync(width, 900);
                var page = watched.Page;
                await page.GotoAsync(new Uri(app.BaseAddress, url).ToString());
                if (view == "shop")
                {
                    await page.Locator(".card").First.WaitForAsync();
                    // A full-page picture shows every card: load the lazy pictures below the fold too.
                    await page.EvaluateAsync("() => document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })");
                    await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.card img')].every(i => i.complete && i.naturalWidth > 0)");
                }
                else await page.WaitForFunctionAsync("() => document.querySelector('#dashboard').dataset.loaded");
                int overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                Assert.True(overflow <= 0, $"The {view} at {width} px is {overflow} px wider than the window.");
                byte[] png = await page.ScreenshotAsync(new() { FullPage = true });
                Save($"{view}-{width}.png", png);
                watched.AssertQuiet();
                await page.Context.CloseAsync();
            }
        }
    }

    private static void Save(string name, byte[] png)
    {
        foreach (string? folder in new[] { Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots"), Environment.GetEnvironmentVariable("TEDDY_SCREENSHOTS") })
        {
            if (string.IsNullOrEmpty(folder)) continue;
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, name), png);
        }
    }

    private static async Task AssertBarsAsync(IPage page, string chart, IEnumerable<(string Label, double Value)> expected)
    {
        var bars = await page.Locator($"{chart} rect[data-label]").EvaluateAllAsync<string[][]>("bars => bars.map(b => [b.dataset.label, b.dataset.value])");
        var want = expected.ToArray();
        Assert.True(want.Length == bars.Length, $"{chart}: {bars.Length} bars, the API has {want.Length} values.");
        for (int i = 0; i < want.Length; i++)
        {
            Assert.Equal(want[i].Label, bars[i][0]);
            Assert.Equal(want[i].Value, Number(bars[i][1]), 9);
        }
    }

    private static double Number(string? text) => double.Parse(text!, CultureInfo.InvariantCulture);

    private static Task<string[]> ProductIdsAsync(IPage page) =>
        page.Locator("#grid .card").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.productId)");

    private async Task<List<TableEntity>> ClicksOfAsync(string user)
    {
        var table = app.Services.GetRequiredService<TableServiceClient>()
            .GetTableClient(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ClicksTable);
        var clicks = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == TableClickStore.PartitionFor(DateTime.UtcNow)))
            if (entity.GetString("UserId") == user) clicks.Add(entity);
        return clicks;
    }
}
