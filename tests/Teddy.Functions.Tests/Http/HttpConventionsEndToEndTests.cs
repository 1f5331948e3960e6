using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.DevRunner;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Serving;

namespace Teddy.Functions.Tests.Http;

/// <summary>HTTP as clients expect it: CORS from Host.CORS, HEAD on every GET route, and every error a problem+json.</summary>
[Collection(AppCollection.Name)]
public class HttpConventionsEndToEndTests(TeddyAppFixture app)
{
    private static readonly FunctionTable Table = FunctionTable.Discover(typeof(DevRunnerHost).Assembly);

    /// <summary>A valid path for every route of the table, from what the serving model knows.</summary>
    private string PathOf(HttpFunction function)
    {
        var model = app.Services.GetRequiredService<ServingModelProvider>().Current!;
        return RouteTemplates.Fill(function.Route, name => name switch
        {
            "userId" => Uri.EscapeDataString(model.Model.Users.Ids[0]),
            "productId" => Uri.EscapeDataString(model.Model.Catalog.Ids[0]),
            "version" => model.Version,
            "id" => "20261126-030000-3f9a2c1b",
            "category" => "toys-puzzles",
            "file" => "red.svg",
            "name" => "app.js",
            _ => null,
        });
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_shop_front_on_an_allowed_origin_gets_a_preflight_answer_on_every_route()
    {
        foreach (var function in Table.Http)
        {
            foreach (string method in function.Methods.Where(m => m != "head"))
            {
                var preflight = new HttpRequestMessage(HttpMethod.Options, PathOf(function));
                preflight.Headers.Add("Origin", TeddyAppFixture.AllowedOrigin);
                preflight.Headers.Add("Access-Control-Request-Method", method.ToUpperInvariant());
                preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-functions-key");
                var response = await app.Client.SendAsync(preflight);
                Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{function.Name} {method}: {(int)response.StatusCode}");
                Assert.Equal(TeddyAppFixture.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
                Assert.Contains(method.ToUpperInvariant(), response.Headers.GetValues("Access-Control-Allow-Methods").Single());
                Assert.Contains("content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
            }
        }
    }

    [Fact]
    public async Task Answers_and_errors_carry_the_allowed_origin_and_other_origins_get_none()
    {
        string user = app.Services.GetRequiredService<ServingModelProvider>().Current!.Model.Users.Ids[0];
        foreach (string target in new[] { $"api/recommendations/{user}?k=2", "api/recommendations/u1?k=0", "api/nowhere" })
        {
            var allowed = new HttpRequestMessage(HttpMethod.Get, target);
            allowed.Headers.Add("Origin", TeddyAppFixture.AllowedOrigin);
            var response = await app.Client.SendAsync(allowed);
            Assert.Equal(TeddyAppFixture.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());

            var other = new HttpRequestMessage(HttpMethod.Get, target);
            other.Headers.Add("Origin", "https://elsewhere.example");
            Assert.False((await app.Client.SendAsync(other)).Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task The_sample_settings_allow_any_origin_as_Core_Tools_would()
    {
        var sample = LocalSettings.Read(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json"));
        Assert.Equal("*", sample.Cors);
        Assert.False(sample.CorsCredentials);

        var settings = new Dictionary<string, string?>(sample.HostValues)
        {
            ["TeddyStorage"] = app.Storage.ConnectionString,
            ["RETRAIN_SCHEDULE"] = "0 0 3 * * *",
            ["RETRAIN_QUEUE"] = AzuriteFixture.UniqueName("retrain"),
            ["SIMULATION_QUEUE"] = AzuriteFixture.UniqueName("simulation"),
            ["Teddy:Storage:SimulationsTable"] = AzuriteFixture.UniqueName("simulations"),
            ["Teddy:Storage:ModelsContainer"] = AzuriteFixture.UniqueName("models"),
            ["Teddy:Storage:DataContainer"] = AzuriteFixture.UniqueName("data"),
            ["Teddy:Bootstrap:SeedSampleData"] = "false",
            ["Teddy:Bootstrap:TrainWhenNoModel"] = "false",
        };
        await using var runner = DevRunnerHost.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(settings));
        await runner.StartAsync();
        try
        {
            using var client = new HttpClient
            {
                BaseAddress = new Uri(runner.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
            };
            var preflight = new HttpRequestMessage(HttpMethod.Options, "api/clicks");
            preflight.Headers.Add("Origin", "https://any-shop.example");
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            var response = await client.SendAsync(preflight);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
        finally
        {
            await runner.StopAsync();
        }
    }

    [Fact]
    public void Credentials_from_any_origin_are_refused_at_start_up()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DevRunnerCors.OriginsSetting] = "*",
            [DevRunnerCors.CredentialsSetting] = "true",
        }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => DevRunnerCors.Policy(configuration));
        Assert.Contains(DevRunnerCors.OriginsSetting, error.Message);

        var listed = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DevRunnerCors.OriginsSetting] = " https://a.example , https://b.example ",
            [DevRunnerCors.CredentialsSetting] = "true",
        }).Build();
        var policy = DevRunnerCors.Policy(listed)!;
        Assert.True(policy.SupportsCredentials);
        Assert.Equal(["https://a.example", "https://b.example"], policy.Origins);
        Assert.Null(DevRunnerCors.Policy(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public void Local_settings_read_the_cors_host_settings()
    {
        string path = Path.Combine(Path.GetTempPath(), $"local.settings.{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "Values": {}, "Host": { "LocalHttpPort": 7071, "CORS": "https://a.example,https://b.example", "CORSCredentials": true } }""");
        try
        {
            var local = LocalSettings.Read(path);
            Assert.Equal("https://a.example,https://b.example", local.HostValues[DevRunnerCors.OriginsSetting]);
            Assert.Equal("true", local.HostValues[DevRunnerCors.CredentialsSetting]);
            Assert.Equal(7071, local.LocalHttpPort);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Head_on_every_get_route_answers_like_get_without_a_body()
    {
        var gets = Table.Http.Where(f => f.Methods.Contains("get")).ToArray();
        Assert.All(gets, f => Assert.Contains("head", f.Methods));
        foreach (var function in gets)
        {
            foreach (string path in new[] { PathOf(function), PathOf(function) + "?k=0" })
            {
                var get = await app.Client.GetAsync(path);
                var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
                Assert.True(get.StatusCode == head.StatusCode, $"{function.Name} {path}: GET {(int)get.StatusCode}, HEAD {(int)head.StatusCode}");
                Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
                Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            }
        }
    }

    [Fact]
    public async Task A_missing_or_wrong_function_key_is_a_401_problem_with_a_challenge()
    {
        var missing = await app.Client.PostAsync("api/models/retrain", null);
        Assert.StartsWith("This route needs a function key", await DetailAsync(missing));
        Assert.Contains("x-functions-key", missing.Headers.WwwAuthenticate.Single().ToString());

        var wrong = new HttpRequestMessage(HttpMethod.Post, "api/models/20260101_000000/promote?code=wrong");
        var response = await app.Client.SendAsync(wrong);
        Assert.StartsWith("The function key was not accepted", await DetailAsync(response));
        Assert.NotEmpty(response.Headers.WwwAuthenticate);

        var wrongHeader = new HttpRequestMessage(HttpMethod.Post, "api/models/retrain");
        wrongHeader.Headers.Add("x-functions-key", "not-the-key");
        var byHeader = await app.Client.SendAsync(wrongHeader);
        Assert.StartsWith("The function key was not accepted", await DetailAsync(byHeader));
        Assert.NotEmpty(byHeader.Headers.WwwAuthenticate);

        // The 401 problem's detail, after the checks every problem gets (the body can be read once).
        static async Task<string> DetailAsync(HttpResponseMessage r)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(401, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
            return problem.GetProperty("detail").GetString()!;
        }
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_are_problems()
    {
        await AssertProblemAsync(await app.Client.GetAsync("api/nothing-here"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync("api/recommendations/a/b/c"), HttpStatusCode.NotFound);

        var delete = await app.Client.DeleteAsync("api/clicks");
        await AssertProblemAsync(delete, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("POST", delete.Content.Headers.Allow);
        await AssertProblemAsync(await app.Client.PostAsync("api/health", null), HttpStatusCode.MethodNotAllowed);
        await AssertProblemAsync(await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "api/health")), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_click_that_is_not_json_is_a_415_problem()
    {
        var text = await app.Client.PostAsync("api/clicks", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));
        await AssertProblemAsync(text, HttpStatusCode.UnsupportedMediaType);
        var none = new ByteArrayContent("{}"u8.ToArray());
        await AssertProblemAsync(await app.Client.PostAsync("api/clicks", none), HttpStatusCode.UnsupportedMediaType);
        var form = await app.Client.PostAsync("api/clicks", new FormUrlEncodedContent([new("click_id", "c")]));
        await AssertProblemAsync(form, HttpStatusCode.UnsupportedMediaType);
    }
}
