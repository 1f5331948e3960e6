using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Teddy.Feedback;
using Teddy.Functions.Simulation;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Functions.Queues;
using Teddy.Hosting;
using Teddy.Simulation;

namespace Teddy.Functions.Tests.Functions;

/// <summary>
/// The queue-triggered simulation called as the host calls it, with a queue message, on the shared app's trained demo shop
/// (its request recorded as POST api/simulations records it, but not sent to the queue, which the app's own listener reads):
/// the run's progress and result in its status record, a crash recorded for the queue's retry and failed on the last
/// attempt, and the runs that cannot simulate here failed at once and answered as 409 problems.
/// </summary>
[Collection(AppCollection.Name)]
public class SimulateFromQueueTests(TeddyAppFixture app)
{
    private static QueueMessage Message(string body, long dequeueCount) =>
        QueuesModelFactory.QueueMessage("m1", "receipt", BinaryData.FromString(body), dequeueCount);

    private async Task<SimulationRequest> RecordedAsync(int sessions, int k, string? method = null, long seed = 7)
    {
        var request = SimulationRequest.New(DateTimeOffset.UtcNow, sessions, k, method, seed);
        await app.Services.GetRequiredService<ISimulationRuns>().SaveAsync(SimulationRun.Queued(request));
        return request;
    }

    /// <summary>The function over the app's services, with a store, simulator or progress interval of the test's own where given.</summary>
    private SimulateFromQueue Function(ISimulationRuns? runs = null, LiveShopperSimulation? simulation = null, TimeSpan? progressInterval = null)
    {
        var service = ActivatorUtilities.CreateInstance<SimulationService>(app.Services,
            [.. new object?[] { runs, simulation, progressInterval }.Where(a => a is not null).Cast<object>()]);
        return ActivatorUtilities.CreateInstance<SimulateFromQueue>(app.Services, service);
    }

    private Task<SimulationRun?> RecordAsync(string id) => app.Services.GetRequiredService<ISimulationRuns>().GetAsync(id);

    [Fact]
    public async Task A_queued_simulation_runs_to_succeeded_with_its_result_writing_its_progress_on_the_way()
    {
        var request = await RecordedAsync(sessions: 120, k: 10, seed: 21);
        var saves = new RecordingRuns(app.Services.GetRequiredService<ISimulationRuns>());

        // Progress every 50 ms, so a run of a second or two writes it several times on any machine.
        await Function(saves, progressInterval: TimeSpan.FromMilliseconds(50)).Run(Message(request.ToJson(), 1), CancellationToken.None);

        var run = (await RecordAsync(request.Id))!;
        Assert.Equal((SimulationState.Succeeded, 120, 1), (run.State, run.SessionsDone, run.Attempts));
        var result = run.Result!;
        Assert.Equal((120, 1200L, "hybrid"), (result.Sessions, result.Impressions, result.Method));
        Assert.Equal(Math.Round((double)result.Clicks / 1200, 6), result.Ctr);
        Assert.NotNull(result.WeightsBefore);
        Assert.NotNull(result.WeightsAfter);
        Assert.Null(run.Error);

        // running at 0, then progress while it ran, then the result — never backwards.
        var states = saves.Saved.Where(s => s.Id == request.Id).ToArray();
        Assert.Equal((SimulationState.Running, 0), (states[0].State, states[0].SessionsDone));
        Assert.Contains(states, s => s.State == SimulationState.Running && s.SessionsDone is > 0 and < 120);
        Assert.Equal(SimulationState.Succeeded, states[^1].State);
        Assert.Equal(states.Select(s => s.SessionsDone).Order(), states.Select(s => s.SessionsDone));

        // What the status route answers.
        var status = await app.Client.SendAsync(app.WithKey(HttpMethod.Get, $"api/simulations/{request.Id}"));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var body = await status.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(result.Clicks, body.GetProperty("result").GetProperty("clicks").GetInt64());
        Assert.Null(status.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_crash_is_recorded_as_queued_for_the_retry_and_failed_with_its_error_on_the_last_attempt()
    {
        // Storage refuses the clicks: every attempt crashes, as it would with a table that is down.
        var recorder = ActivatorUtilities.CreateInstance<FeedbackRecorder>(app.Services, new FailingClickStore());
        var simulation = ActivatorUtilities.CreateInstance<LiveShopperSimulation>(app.Services, recorder);
        var request = await RecordedAsync(sessions: 60, k: 10, seed: 3);
        int max = QueuesHostOptions.Current(app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()).MaxDequeueCount;

        await Assert.ThrowsAnyAsync<Exception>(() => Function(simulation: simulation).Run(Message(request.ToJson(), 1), CancellationToken.None));
        var retrying = (await RecordAsync(request.Id))!;
        Assert.Equal((SimulationState.Queued, 1), (retrying.State, retrying.Attempts));
        Assert.Contains(FailingClickStore.Message, retrying.Error);
        Assert.Contains("retries", retrying.Reason);

        // While it waits for the retry, the status route says so.
        var pending = await app.Client.SendAsync(app.WithKey(HttpMethod.Get, $"api/simulations/{request.Id}"));
        Assert.Equal(HttpStatusCode.OK, pending.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(GetSimulation.PollSeconds), pending.Headers.RetryAfter?.Delta);

        await Assert.ThrowsAnyAsync<Exception>(() => Function(simulation: simulation).Run(Message(request.ToJson(), max), CancellationToken.None));
        var failed = (await RecordAsync(request.Id))!;
        Assert.Equal((SimulationState.Failed, SimulationFailures.Error, max), (failed.State, failed.Failure, failed.Attempts));
        Assert.Contains(FailingClickStore.Message, failed.Error);
        Assert.NotNull(failed.FinishedAt);
        Assert.Null(failed.Result);

        var status = await app.Client.SendAsync(app.WithKey(HttpMethod.Get, $"api/simulations/{request.Id}"));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var body = await status.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("failed", body.GetProperty("state").GetString());
        Assert.Contains(FailingClickStore.Message, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Runs_that_cannot_simulate_here_fail_at_once_without_a_retry_and_answer_409()
    {
        // The simulator's generated shop at another scale: not the serving catalog.
        var otherShop = ActivatorUtilities.CreateInstance<LiveShopperSimulation>(app.Services, Options.Create(new BootstrapOptions { SampleScale = 0.02 }));
        var notDemo = await RecordedAsync(sessions: 5, k: 5);
        await Function(simulation: otherShop).Run(Message(notDemo.ToJson(), 1), CancellationToken.None);
        // A method the serving model has no recommender for (the POST refuses it; a model promoted in between could lack it).
        var noMethod = await RecordedAsync(sessions: 5, k: 5, method: "als");
        await Function().Run(Message(noMethod.ToJson(), 1), CancellationToken.None);

        foreach (var (request, failure) in new[] { (notDemo, SimulationFailures.NotDemoShop), (noMethod, SimulationFailures.MethodUnavailable) })
        {
            var run = (await RecordAsync(request.Id))!;
            Assert.Equal((SimulationState.Failed, failure, 1, 0), (run.State, run.Failure, run.Attempts, run.SessionsDone));
            var status = await app.Client.SendAsync(app.WithKey(HttpMethod.Get, $"api/simulations/{request.Id}"));
            Assert.Equal(HttpStatusCode.Conflict, status.StatusCode);
            Assert.Equal("application/problem+json", status.Content.Headers.ContentType?.MediaType);
            var problem = await status.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((409, "failed", failure), (problem.GetProperty("status").GetInt32(), problem.GetProperty("state").GetString(),
                problem.GetProperty("failure").GetString()));
            Assert.Equal(run.Reason, problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task A_message_that_is_not_a_simulation_request_fails_so_the_host_moves_it_to_the_poison_queue()
    {
        foreach (string body in new[] { "not json", "{}", """{"id":"x","sessions":5,"k":5,"seed":1}""", """{"id":"20261126-030000-3f9a2c1b","sessions":0,"k":5,"seed":1}""" })
            await Assert.ThrowsAsync<InvalidDataException>(() => Function().Run(Message(body, 1), CancellationToken.None));
    }

    /// <summary>Every record saved, in order, passed on to the real store.</summary>
    private sealed class RecordingRuns(ISimulationRuns inner) : ISimulationRuns
    {
        public ConcurrentQueue<SimulationRun> Saved { get; } = new();

        public Task SaveAsync(SimulationRun run, CancellationToken cancellation = default)
        {
            Saved.Enqueue(run);
            return inner.SaveAsync(run, cancellation);
        }

        public Task<SimulationRun?> GetAsync(string id, CancellationToken cancellation = default) => inner.GetAsync(id, cancellation);
        public Task<IReadOnlyList<SimulationRun>> ListAsync(CancellationToken cancellation = default) => inner.ListAsync(cancellation);
        public Task DeleteAsync(string id, CancellationToken cancellation = default) => inner.DeleteAsync(id, cancellation);
    }

    private sealed class FailingClickStore : IClickStore
    {
        public const string Message = "The clicks table refused the write.";

        public Task<ClickRecording> RecordAsync(Click click, CancellationToken cancellation = default) => throw new InvalidOperationException(Message);
        public Task<Click?> FindAsync(string clickId, DateTimeOffset receivedAround, CancellationToken cancellation = default) => throw new InvalidOperationException(Message);
    }
}
