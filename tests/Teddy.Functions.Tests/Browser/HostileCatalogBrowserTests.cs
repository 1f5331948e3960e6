using System.Net.Http.Json;
using System.Text.Json;
using Teddy.Functions.Tests.Infrastructure;

namespace Teddy.Functions.Tests.Browser;

/// <summary>
/// Catalog text is data, never markup: a shop whose most viewed products are titled <c>&lt;img src=x onerror=alert(1)&gt;</c>
/// and branded <c>"&gt;&lt;script&gt;alert(2)&lt;/script&gt;</c> shows both as text on the cards, in the overlay and in the
/// product panel, and nothing runs: no dialog, no console error (a Content-Security-Policy violation is one), no element
/// the text would have made.
/// </summary>
public class HostileCatalogBrowserTests(HostileCatalogAppFixture app) : IClassFixture<HostileCatalogAppFixture>, IAsyncLifetime
{
    private BrowserSession _browser = null!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Hostile_titles_and_brands_render_as_text_and_run_nothing()
    {
        // A new shopper's list is the popular products: the hostile ones among them.
        var list = await app.Client.GetFromJsonAsync<JsonElement>("api/recommendations/-?user_id=stranger-1");
        Assert.Contains(list.GetProperty("recommendations").EnumerateArray(), i => i.GetProperty("title").GetString() == HostileCatalogAppFixture.HostileTitle);

        var watched = await _browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(new Uri(app.BaseAddress, "?user=stranger-1").ToString());
        await page.Locator(".card").First.WaitForAsync();

        var titles = await page.Locator(".card .title").AllTextContentsAsync();
        Assert.Contains(HostileCatalogAppFixture.HostileTitle, titles);
        Assert.Contains(HostileCatalogAppFixture.HostileBrand, await page.Locator(".card .brand-chip").AllTextContentsAsync());
        Assert.Contains(HostileCatalogAppFixture.HostileTitle, await page.Locator(".card img").EvaluateAllAsync<string[]>("i => i.map(x => x.alt)"));
        await AssertNothingInjectedAsync(watched);

        var hostile = page.Locator(".card", new() { Has = page.Locator(".title", new() { HasTextString = HostileCatalogAppFixture.HostileTitle }) }).First;
        await hostile.ClickAsync();
        await page.Locator("#panel[open]").WaitForAsync();
        Assert.Equal(HostileCatalogAppFixture.HostileTitle, await page.TextContentAsync("#panel-title"));
        Assert.Contains(HostileCatalogAppFixture.HostileBrand, await page.TextContentAsync("#panel-facts"));
        await page.Locator("#status", new() { HasTextString = "recorded" }).WaitForAsync();
        Assert.Contains(HostileCatalogAppFixture.HostileTitle, await page.TextContentAsync("#status"));
        await AssertNothingInjectedAsync(watched);

        // The dashboard and the brand filter's choices show the same text as text.
        await page.GotoAsync(new Uri(app.BaseAddress, "?view=dashboard").ToString());
        await page.WaitForFunctionAsync("() => document.querySelector('#dashboard').dataset.loaded");
        Assert.Contains(HostileCatalogAppFixture.HostileBrand, await page.Locator("#brands option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)"));
        await AssertNothingInjectedAsync(watched);
    }

    private static async Task AssertNothingInjectedAsync(WatchedPage watched)
    {
        var page = watched.Page;
        await page.WaitForTimeoutAsync(300); // let any injected handler fire, were there one
        Assert.Equal(0, await page.Locator("img[src='x'], img[src$='/x']").CountAsync());
        Assert.Equal(1, await page.EvaluateAsync<int>("() => document.scripts.length"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('body script').length"));
        watched.AssertQuiet();
    }
}
