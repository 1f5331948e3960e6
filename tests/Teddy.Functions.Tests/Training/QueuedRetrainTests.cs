using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.DevRunner;
using Teddy.Functions.Models;
using Teddy.Functions.Queues;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Training;

namespace Teddy.Functions.Tests.Training;

/// <summary>
/// The queue-triggered retrain: attempts and retries recorded, a busy lock sends the request back to the queue, and a
/// run that keeps crashing ends in the poison queue with its error in the status record (through the development
/// runner's queue listener, as under the Functions host).
/// </summary>
[Collection(StorageCollection.Name)]
public class QueuedRetrainTests(AzuriteFixture storage)
{
    private static QueueMessage Message(RetrainRequest request, long dequeueCount) =>
        QueuesModelFactory.QueueMessage("m1", "receipt", BinaryData.FromString(request.ToJson()), dequeueCount);

    [Fact]
    public async Task A_crashing_run_is_recorded_as_queued_for_retry_and_failed_on_the_last_attempt()
    {
        // An unknown candidate method makes every attempt throw, as a bug would.
        await using var services = TeddyServices.Create(storage.ConnectionString, new Dictionary<string, string?> { ["Teddy:Training:Candidates"] = "bogus" });
        await TeddyServices.UploadShopAsync(services);
        var request = RetrainRequest.New("http", DateTimeOffset.UtcNow);
        var function = ActivatorUtilities.CreateInstance<RetrainFromQueue>(services);
        var runs = services.GetRequiredService<IRetrainRuns>();
        int max = QueuesHostOptions.Current(services.GetRequiredService<IConfiguration>()).MaxDequeueCount;
        Assert.Equal(3, max); // host.json

        await Assert.ThrowsAsync<InvalidOperationException>(() => function.Run(Message(request, 1), CancellationToken.None));
        var retrying = (await runs.GetAsync(request.Id))!;
        Assert.Equal((RetrainState.Queued, 1), (retrying.State, retrying.Attempts));
        Assert.Contains("bogus", retrying.Error);

        await Assert.ThrowsAsync<InvalidOperationException>(() => function.Run(Message(request, max), CancellationToken.None));
        var failed = (await runs.GetAsync(request.Id))!;
        Assert.Equal((RetrainState.Failed, RetrainFailures.Error, max), (failed.State, failed.Failure, failed.Attempts));
        Assert.Contains("unknown methods: bogus", failed.Error);
        Assert.NotNull(failed.FinishedAt);
    }

    [Fact]
    public async Task The_timer_runs_its_retrain_itself_and_its_run_shows_in_the_same_list()
    {
        await using var services = TeddyServices.Create(storage.ConnectionString);
        await TeddyServices.UploadShopAsync(services);
        var submitted = await services.GetRequiredService<RetrainRequests>().SubmitAsync("http");

        await ActivatorUtilities.CreateInstance<RetrainOnSchedule>(services).Run(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);

        var runs = await services.GetRequiredService<RetrainRequests>().ListAsync();
        Assert.Equal(2, runs.Count);
        var scheduled = runs[0];
        Assert.Equal(("schedule", RetrainState.Succeeded, 1), (scheduled.Trigger, scheduled.State, scheduled.Attempts));
        Assert.True(scheduled.Promoted);
        Assert.Equal((submitted.Run!.Id, RetrainState.Queued), (runs[1].Id, runs[1].State)); // still waiting for the queue trigger
    }

    [Fact]
    public async Task A_queued_run_that_finds_the_lock_held_waits_in_the_queue()
    {
        await using var services = TeddyServices.Create(storage.ConnectionString);
        await TeddyServices.UploadShopAsync(services);
        var submitted = await services.GetRequiredService<RetrainRequests>().SubmitAsync("http");
        var request = new RetrainRequest(submitted.Run!.Id, "http", submitted.Run.RequestedAt);
        var queue = new QueueClient(storage.ConnectionString, services.GetRequiredService<IConfiguration>()["RETRAIN_QUEUE"]);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        await using (var held = await services.GetRequiredService<IRetrainLock>().TryAcquireAsync())
        {
            Assert.NotNull(held);
            await ActivatorUtilities.CreateInstance<RetrainFromQueue>(services).Run(Message(request, 1), CancellationToken.None);
        }

        var waiting = (await services.GetRequiredService<IRetrainRuns>().GetAsync(request.Id))!;
        Assert.Equal(RetrainState.Queued, waiting.State);
        Assert.Contains("Another retrain is running", waiting.Reason);
        Assert.Equal(0, waiting.Attempts);
        // The original (the host deletes it when the function returns; not here) and the deferred copy, still invisible.
        Assert.Equal(2, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Single((await queue.PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task Through_the_development_runner_a_crashing_retrain_ends_in_the_poison_queue_with_its_error()
    {
        string queueName = AzuriteFixture.UniqueName("retrain");
        var settings = new Dictionary<string, string?>
        {
            ["TeddyStorage"] = storage.ConnectionString,
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["RETRAIN_SCHEDULE"] = "0 0 3 * * *",
            ["RETRAIN_QUEUE"] = queueName,
            [DevRunnerHost.FunctionKeySetting] = "key",
            ["Teddy:Bootstrap:SeedSampleData"] = "false",
            ["Teddy:Bootstrap:TrainWhenNoModel"] = "false",
            ["Teddy:Storage:DataContainer"] = AzuriteFixture.UniqueName("data"),
            ["Teddy:Storage:ModelsContainer"] = AzuriteFixture.UniqueName("models"),
            ["Teddy:Storage:RetrainsTable"] = AzuriteFixture.UniqueName("retrains"),
            ["SIMULATION_QUEUE"] = AzuriteFixture.UniqueName("simulation"),
            ["Teddy:Storage:SimulationsTable"] = AzuriteFixture.UniqueName("simulations"),
            ["Teddy:Training:Candidates"] = "bogus",
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00.200",
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
        };
        await using var app = DevRunnerHost.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(settings));
        await app.StartAsync();
        try
        {
            await TeddyServices.UploadAsync(app.Services, "{\"id\":\"p1\",\"title\":\"Teddy bear\"}\n",
                "{\"eventType\":\"detail-page-view\",\"visitorId\":\"v\",\"eventTime\":\"2024-01-01T00:00:00Z\",\"productDetails\":[{\"product\":{\"id\":\"p1\"}}]}\n");
            using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            var post = new HttpRequestMessage(HttpMethod.Post, "api/models/retrain");
            post.Headers.Add("x-functions-key", "key");
            var accepted = await client.SendAsync(post);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

            JsonElement run;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            do
            {
                await Task.Delay(200);
                var get = new HttpRequestMessage(HttpMethod.Get, accepted.Headers.Location);
                get.Headers.Add("x-functions-key", "key");
                run = await (await client.SendAsync(get)).Content.ReadFromJsonAsync<JsonElement>();
            } while (run.GetProperty("state").GetString() != "failed" && DateTime.UtcNow < deadline);

            Assert.Equal("failed", run.GetProperty("state").GetString());
            Assert.Equal(3, run.GetProperty("attempts").GetInt32());
            Assert.Contains("unknown methods: bogus", run.GetProperty("error").GetString());

            // The host's rule: after maxDequeueCount attempts the message moves to <queue>-poison, still base64.
            var poison = new QueueClient(storage.ConnectionString, $"{queueName}-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            QueueMessage[] poisoned = [];
            // The status record may say failed before the host has created the poison queue: until it exists, nothing is there yet.
            for (var until = DateTime.UtcNow.AddSeconds(10); poisoned.Length == 0 && DateTime.UtcNow < until; await Task.Delay(200))
                try { poisoned = (await poison.ReceiveMessagesAsync(1)).Value; }
                catch (Azure.RequestFailedException e) when (e.Status == 404) { }
            Assert.Equal(run.GetProperty("id").GetString(), RetrainRequest.Parse(Assert.Single(poisoned).Body.ToString())!.Id);
            Assert.Equal(0, (await new QueueClient(storage.ConnectionString, queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
