using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.DevRunner;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>
/// The whole app as a user runs it without Core Tools: Azurite, the development runner on a free port, and
/// the start-up bootstrap seeding a small generated shop and training the first model. Shared by the
/// HTTP, function-level and browser tests (one collection, so they run one after another).
/// </summary>
public sealed class TeddyAppFixture : IAsyncLifetime
{
    public const string FunctionKey = "test-function-key";

    public AzuriteFixture Storage { get; } = new();
    public WebApplication App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => App.Services;

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["RETRAIN_SCHEDULE"] = "0 0 3 * * *",
        ["RETRAIN_QUEUE"] = "retrain-requests",
        ["SIMULATION_QUEUE"] = "simulation-requests",
        // The fuzz test reads back every simulation it got queued (about a hundred): none may be pruned before it does.
        ["Teddy:Simulation:KeepRuns"] = "1000",
        // host.json's queue settings, with a quicker poll and retry (the Functions host reads these app settings too).
        ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.500",
        ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:01",
        [DevRunnerHost.FunctionKeySetting] = FunctionKey,
        ["Teddy:Bootstrap:SeedSampleData"] = "true",
        ["Teddy:Bootstrap:TrainWhenNoModel"] = "true",
        ["Teddy:Bootstrap:SampleScale"] = "0.1",
        ["Teddy:Serving:ExampleUsers"] = "5",
        ["Teddy:Serving:RefreshSeconds"] = "2",
        ["Teddy:Training:Evaluation:MaxUsers"] = "300",
        // The shared app's tests exercise adaptive weights, which need a hybrid of two parts: the weight search may give
        // content weight 0 on this small shop (and its retrains also learn from the events other tests record, so the data
        // differs from run to run), so the shared app keeps the original 0.65/0.35. The search itself is tested by
        // HybridWeightSearchTests, HybridSearchDeterminismTests (the same data gives the same choice) and the retrain tests.
        ["Teddy:Training:Hybrid:Tuning"] = "Fixed",
        // A loaded test machine's Azurite can take longer than the 50 ms a request waits for a shopper's recent events in
        // production; the tests check what is read, not how fast.
        ["Teddy:Serving:RecentReadTimeoutSeconds"] = "10",
        [DevRunnerCors.OriginsSetting] = AllowedOrigin + ",http://localhost:3000",
    };

    /// <summary>An origin the app's CORS setting (Host:CORS) allows; others are not allowed.</summary>
    public const string AllowedOrigin = "https://shop.example";

    public async Task InitializeAsync()
    {
        await Storage.InitializeAsync();
        Settings["TeddyStorage"] = Storage.ConnectionString;
        Settings["AzureWebJobsStorage"] = Storage.ConnectionString;
        App = DevRunnerHost.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(Settings));
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        await WaitForModelAsync();
    }

    private async Task WaitForModelAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            var response = await Client.GetAsync("api/health");
            if (response.IsSuccessStatusCode) return;
            last = await response.Content.ReadAsStringAsync();
            await Task.Delay(500);
        }
        throw new TimeoutException($"The app did not become healthy (bootstrap training): {last}");
    }

    /// <summary>Polls a retrain's status URL until it is finished (anything but queued or running); returns the last response.</summary>
    /// <summary>
    /// Waits until no retrain of the shared app is queued or running (one an earlier test queued may still be in the
    /// queue), so a test can compare the stored versions before and after itself.
    /// </summary>
    public async Task WaitForNoRetrainAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));
        while (true)
        {
            using var response = await Client.SendAsync(WithKey(HttpMethod.Get, "api/models/retrain"));
            var list = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            bool busy = list.GetProperty("runs").EnumerateArray()
                .Any(run => run.GetProperty("state").GetString() is "queued" or "running");
            if (!busy) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("A retrain of the shared app is still queued or running.");
            await Task.Delay(500);
        }
    }

    public async Task<HttpResponseMessage> WaitForRetrainAsync(string statusUrl, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var response = await Client.SendAsync(WithKey(HttpMethod.Get, statusUrl));
            string body = await response.Content.ReadAsStringAsync();
            string? state = System.Text.Json.JsonDocument.Parse(body).RootElement.TryGetProperty("state", out var s) ? s.GetString() : null;
            if (state is not ("queued" or "running")) return response;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Retrain {statusUrl} did not finish: {body}");
            await Task.Delay(250);
        }
    }

    /// <summary>Polls a simulation's status URL until it is finished (anything but queued or running); returns the last response.</summary>
    public async Task<HttpResponseMessage> WaitForSimulationAsync(string statusUrl, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var response = await Client.SendAsync(WithKey(HttpMethod.Get, statusUrl));
            string body = await response.Content.ReadAsStringAsync();
            string? state = System.Text.Json.JsonDocument.Parse(body).RootElement.TryGetProperty("state", out var s) ? s.GetString() : null;
            if (state is not ("queued" or "running")) return response;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Simulation {statusUrl} did not finish: {body}");
            await Task.Delay(250);
        }
    }

    /// <summary>POST api/simulations with <paramref name="body"/> (it must be accepted: 202), then its finished status record.</summary>
    public async Task<System.Text.Json.JsonElement> SimulateAsync(object body)
    {
        var post = WithKey(HttpMethod.Post, "api/simulations");
        post.Content = JsonContent.Create(body, body.GetType());
        var accepted = await Client.SendAsync(post);
        if (accepted.StatusCode != System.Net.HttpStatusCode.Accepted)
            throw new InvalidOperationException($"POST api/simulations answered {(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        var done = await WaitForSimulationAsync(accepted.Headers.Location!.OriginalString);
        return await done.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }

    public HttpRequestMessage WithKey(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", FunctionKey);
        return request;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        await Storage.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<TeddyAppFixture>
{
    public const string Name = "App";
}
