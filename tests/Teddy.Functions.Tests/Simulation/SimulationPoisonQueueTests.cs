using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.DevRunner;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Simulation;

namespace Teddy.Functions.Tests.Simulation;

/// <summary>
/// Through the development runner, as under the Functions host: a simulation whose every attempt crashes (here: an instance
/// with no model to serve) is retried by the queue, its record says failed with the error after the last attempt, and the
/// message ends in <c>&lt;queue&gt;-poison</c>, still base64.
/// </summary>
[Collection(StorageCollection.Name)]
public class SimulationPoisonQueueTests(AzuriteFixture storage)
{
    [Fact]
    public async Task A_simulation_that_keeps_crashing_is_failed_with_its_error_and_ends_in_the_poison_queue()
    {
        string queueName = AzuriteFixture.UniqueName("simulation");
        var settings = new Dictionary<string, string?>
        {
            ["TeddyStorage"] = storage.ConnectionString,
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["RETRAIN_SCHEDULE"] = "0 0 3 * * *",
            ["RETRAIN_QUEUE"] = AzuriteFixture.UniqueName("retrain"),
            ["SIMULATION_QUEUE"] = queueName,
            [DevRunnerHost.FunctionKeySetting] = "key",
            ["Teddy:Bootstrap:SeedSampleData"] = "false",
            ["Teddy:Bootstrap:TrainWhenNoModel"] = "false",
            ["Teddy:Storage:DataContainer"] = AzuriteFixture.UniqueName("data"),
            ["Teddy:Storage:ModelsContainer"] = AzuriteFixture.UniqueName("models"),
            ["Teddy:Storage:RetrainsTable"] = AzuriteFixture.UniqueName("retrains"),
            ["Teddy:Storage:SimulationsTable"] = AzuriteFixture.UniqueName("simulations"),
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00.200",
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
        };
        await using var app = DevRunnerHost.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(settings));
        await app.StartAsync();
        try
        {
            // A request accepted by another instance (which had a model), picked up by this one (which has none).
            var request = SimulationRequest.New(DateTimeOffset.UtcNow, 10, 5, null, 1);
            await app.Services.GetRequiredService<ISimulationRuns>().SaveAsync(SimulationRun.Queued(request));
            var queue = new QueueClient(storage.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            await queue.CreateIfNotExistsAsync();
            await queue.SendMessageAsync(request.ToJson());

            using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            JsonElement run;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            do
            {
                await Task.Delay(200);
                var get = new HttpRequestMessage(HttpMethod.Get, $"api/simulations/{request.Id}");
                get.Headers.Add("x-functions-key", "key");
                run = await (await client.SendAsync(get)).Content.ReadFromJsonAsync<JsonElement>();
            } while (run.GetProperty("state").GetString() != "failed" && DateTime.UtcNow < deadline);

            Assert.Equal("failed", run.GetProperty("state").GetString());
            Assert.Equal(3, run.GetProperty("attempts").GetInt32());
            Assert.Equal(SimulationFailures.Error, run.GetProperty("failure").GetString());
            Assert.Contains("No model is loaded", run.GetProperty("error").GetString());

            var poison = new QueueClient(storage.ConnectionString, $"{queueName}-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            QueueMessage[] poisoned = [];
            // The record may say failed before the runner has created the poison queue: until it exists, nothing is there yet.
            for (var until = DateTime.UtcNow.AddSeconds(10); poisoned.Length == 0 && DateTime.UtcNow < until; await Task.Delay(200))
                try { poisoned = (await poison.ReceiveMessagesAsync(1)).Value; }
                catch (Azure.RequestFailedException e) when (e.Status == 404) { }
            Assert.Equal(request.Id, SimulationRequest.Parse(Assert.Single(poisoned).Body.ToString())!.Id);
            Assert.Equal(0, (await new QueueClient(storage.ConnectionString, queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
