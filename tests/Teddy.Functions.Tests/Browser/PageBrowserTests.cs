using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Browser;

/// <summary>
/// The page in a real browser (Debian's Chromium, driven by Playwright offline): it shows recommendations
/// with pictures, falls back to the placeholder when a picture fails, escapes catalog text, and records a
/// click. scripts/test.sh installs Chromium.
/// </summary>
[Collection(AppCollection.Name)]
public class PageBrowserTests(TeddyAppFixture app) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        const string chromium = "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), "Chromium is missing: scripts/test.sh installs it (apt-get install chromium).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task The_page_shows_pictures_and_records_a_click()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(app.BaseAddress.ToString());
        await page.Locator(".card").First.WaitForAsync();

        int cards = await page.Locator(".card").CountAsync();
        Assert.Equal(20, cards);
        string user = await page.InputValueAsync("#user");
        Assert.False(string.IsNullOrEmpty(user));
        // Each card says why it is there.
        Assert.All(await page.Locator(".card .reason").AllTextContentsAsync(), reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
        // The generated shop's pictures are drawn by the app and load.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.card img')].slice(0, 4).every(i => i.complete && i.naturalWidth > 0)");

        var card = page.Locator(".card").First;
        string productId = (await card.GetAttributeAsync("data-product-id"))!;
        await card.ClickAsync();
        await page.Locator("#status", new() { HasTextString = "recorded" }).WaitForAsync();
        Assert.Contains("clicked", await card.GetAttributeAsync("class"));

        var table = app.Services.GetRequiredService<TableServiceClient>()
            .GetTableClient(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ClicksTable);
        var stored = table.QueryAsync<TableEntity>(e => e.PartitionKey == TableClickStore.PartitionFor(DateTime.UtcNow));
        var clicks = new List<TableEntity>();
        await foreach (var entity in stored) clicks.Add(entity);
        Assert.Contains(clicks, c => c.GetString("ProductId") == productId && c.GetString("UserId") == user && c.GetInt32("Position") == 1);
    }

    [Fact]
    public async Task A_broken_picture_falls_back_to_the_placeholder_and_catalog_text_is_escaped()
    {
        var page = await _browser.NewPageAsync();
        const string hostile = "<b id=\"injected\">Bold</b> & <img src=x onerror=\"window.owned=1\">";
        await page.RouteAsync("**/api/recommendations/**", async route =>
        {
            var body = JsonSerializer.Serialize(new
            {
                user_id = "shopper",
                recommendations = new[]
                {
                    new { product_id = "p1", title = hostile, brand = hostile, price = 9.5, discount_percent = 10.0,
                          image_url = "/no/such/picture.png", score = 1.0, recommendation_type = "content", sources = new[] { "content" } },
                },
                model_type = "Content-Based", model_version = "20261126_000000", method = "content", known_user = true,
            });
            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = body });
        });
        await page.GotoAsync(new Uri(app.BaseAddress, "?user=shopper").ToString());
        await page.Locator(".card").First.WaitForAsync();

        await page.WaitForFunctionAsync("() => document.querySelector('.card img').src.endsWith('/assets/placeholder.svg')");
        Assert.Equal(hostile, await page.Locator(".card .title").TextContentAsync());
        Assert.Equal(0, await page.Locator("#injected").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.owned === undefined"));
    }
}
