using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Serving;

namespace Teddy.Functions.Tests.Browser;

/// <summary>
/// Rolling back through the dashboard in a real browser: the version history's Promote needs the function key, which the
/// page keeps in this tab's session storage only (never local storage or the URL); without a key or with a wrong one the
/// page says so plainly (the API's 401 problem) and nothing changes; with the key the older version serves, as the API and
/// the page both say. The shared app's serving version is put back afterwards.
/// </summary>
[Collection(AppCollection.Name)]
public class DashboardPromotionBrowserTests(TeddyAppFixture app) : IAsyncLifetime
{
    private BrowserSession _browser = null!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Rolling_back_needs_the_key_kept_in_this_tab_only_refuses_a_wrong_one_plainly_and_then_serves_the_older_version()
    {
        var (original, older) = await TwoVersionsAsync();
        try
        {
            var watched = await _browser.NewPageAsync();
            var page = watched.Page;
            var promotions = new List<IRequest>();
            var urls = new List<string>();
            page.Request += (_, request) =>
            {
                urls.Add(request.Url);
                if (request.Url.Contains("/promote", StringComparison.Ordinal)) promotions.Add(request);
            };
            await page.GotoAsync(new Uri(app.BaseAddress, "?view=dashboard").ToString());
            await page.WaitForFunctionAsync("() => document.querySelector('#dashboard').dataset.loaded");
            Assert.Equal(original, await page.TextContentAsync("#serving [data-key=version]"));
            Assert.Equal(original, await page.GetAttributeAsync("#versions tr.is-current", "data-version"));
            var promote = page.GetByRole(AriaRole.Button, new() { Name = $"Promote version {older}", Exact = true });

            // No key: the page asks for it and sends nothing.
            await promote.ClickAsync();
            await page.Locator("#promote-status.error", new() { HasTextString = "Enter the function key" }).WaitForAsync();
            Assert.Equal("function-key", await page.EvaluateAsync<string>("() => document.activeElement.id"));
            Assert.Empty(promotions);

            // A wrong key: the API's 401 problem, shown plainly; the serving version does not change.
            await page.FillAsync("#function-key", "not-the-key");
            var refused = await page.RunAndWaitForResponseAsync(() => promote.ClickAsync(),
                r => r.Url.EndsWith($"/api/models/{older}/promote", StringComparison.Ordinal));
            Assert.Equal(401, refused.Status);
            string detail = (await refused.JsonAsync())!.Value.GetProperty("detail").GetString()!;
            var shown = page.Locator("#promote-status.error", new() { HasTextString = "401" });
            await shown.WaitForAsync();
            string message = (await shown.TextContentAsync())!;
            Assert.Contains("function key was refused", message);
            Assert.Contains(detail, message);
            Assert.Equal(original, await CurrentVersionAsync());
            Assert.Equal(original, await page.TextContentAsync("#serving [data-key=version]"));
            Assert.Equal(original, await page.GetAttributeAsync("#versions tr.is-current", "data-version"));

            // The key: the older version serves, as the API and the page say.
            await page.FillAsync("#function-key", TeddyAppFixture.FunctionKey);
            var accepted = await page.RunAndWaitForResponseAsync(() => promote.ClickAsync(),
                r => r.Url.EndsWith($"/api/models/{older}/promote", StringComparison.Ordinal));
            Assert.Equal(200, accepted.Status);
            await page.Locator("#promote-status:not(.error)", new() { HasTextString = $"Version {older} now serves." }).WaitForAsync(new() { Timeout = 60_000 });
            await page.WaitForFunctionAsync("v => document.querySelector('#serving [data-key=version]').textContent === v", older);
            Assert.Equal(older, await CurrentVersionAsync());
            var listed = (await app.Client.GetFromJsonAsync<JsonElement>("api/models")).GetProperty("models").EnumerateArray().ToArray();
            Assert.Equal(older, listed.Single(m => m.GetProperty("current").GetBoolean()).GetProperty("version").GetString());
            Assert.Equal(older, await page.GetAttributeAsync("#versions tr.is-current", "data-version"));
            Assert.Equal("Serving", await page.TextContentAsync($"#versions tr[data-version='{older}'] strong"));
            Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = $"Promote version {original}", Exact = true }).IsVisibleAsync());

            // The key went as a header, is kept in this tab's session storage, and nowhere else.
            Assert.Equal(["not-the-key", TeddyAppFixture.FunctionKey], promotions.Select(r => r.Headers["x-functions-key"]));
            Assert.Equal(TeddyAppFixture.FunctionKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('teddy.functionKey')"));
            Assert.DoesNotContain(TeddyAppFixture.FunctionKey,
                await page.EvaluateAsync<string[]>("() => Object.keys(localStorage).map(k => k + '=' + localStorage.getItem(k))"), StringComparer.Ordinal);
            Assert.DoesNotContain(TeddyAppFixture.FunctionKey, page.Url);
            Assert.DoesNotContain(urls, u => u.Contains(TeddyAppFixture.FunctionKey, StringComparison.Ordinal) || u.Contains("code=", StringComparison.Ordinal));
            await page.ReloadAsync();
            await page.WaitForFunctionAsync("() => document.querySelector('#dashboard').dataset.loaded");
            Assert.Equal(TeddyAppFixture.FunctionKey, await page.InputValueAsync("#function-key")); // the same tab remembers it
            var otherTab = await page.Context.NewPageAsync(); // same browser profile, another tab: its own session storage
            await otherTab.GotoAsync(new Uri(app.BaseAddress, "?view=dashboard").ToString());
            await otherTab.WaitForFunctionAsync("() => document.querySelector('#dashboard').dataset.loaded");
            Assert.Equal("", await otherTab.InputValueAsync("#function-key"));

            // The only console errors are the browser's own notes of the refused request.
            Assert.Empty(watched.Dialogs);
            Assert.All(watched.ConsoleErrors, e => Assert.Contains("status of 401", e));
        }
        finally
        {
            await RestoreAsync(original);
        }
    }

    /// <summary>The serving version and an older kept one; retrains once (through the API) when only one is kept.</summary>
    private async Task<(string Current, string Older)> TwoVersionsAsync()
    {
        var models = (await app.Client.GetFromJsonAsync<JsonElement>("api/models")).GetProperty("models").EnumerateArray().ToArray();
        if (models.Length < 2)
        {
            var accepted = await app.Client.SendAsync(app.WithKey(HttpMethod.Post, "api/models/retrain"));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var done = await app.WaitForRetrainAsync(accepted.Headers.Location!.OriginalString);
            Assert.Contains((await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString(), new[] { "succeeded", "refused" });
            await WaitForServingAsync((await app.Client.GetFromJsonAsync<JsonElement>("api/models")).GetProperty("models").EnumerateArray()
                .Single(m => m.GetProperty("current").GetBoolean()).GetProperty("version").GetString()!);
            models = (await app.Client.GetFromJsonAsync<JsonElement>("api/models")).GetProperty("models").EnumerateArray().ToArray();
        }
        string current = models.Single(m => m.GetProperty("current").GetBoolean()).GetProperty("version").GetString()!;
        string older = models.Select(m => m.GetProperty("version").GetString()!).Where(v => string.CompareOrdinal(v, current) < 0).Max(StringComparer.Ordinal)
            ?? models.Select(m => m.GetProperty("version").GetString()!).First(v => v != current);
        Assert.Equal(current, await CurrentVersionAsync());
        return (current, older);
    }

    private async Task<string> CurrentVersionAsync() =>
        (await app.Client.GetFromJsonAsync<JsonElement>("api/models/current")).GetProperty("version").GetString()!;

    /// <summary>Serves <paramref name="version"/> again (through the API) for the tests that follow.</summary>
    private async Task RestoreAsync(string version)
    {
        var response = await app.Client.SendAsync(app.WithKey(HttpMethod.Post, $"api/models/{version}/promote"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForServingAsync(version);
    }

    private async Task WaitForServingAsync(string version)
    {
        var provider = app.Services.GetRequiredService<ServingModelProvider>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (provider.Current?.Version != version || await CurrentVersionAsync() != version)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The app does not serve {version} a minute after its promotion.");
            await Task.Delay(250);
        }
    }
}
