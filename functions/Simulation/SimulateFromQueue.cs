using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Teddy.Functions.Queues;
using Teddy.Simulation;
using Teddy.Storage;
using Teddy.Training;

namespace Teddy.Functions.Simulation;

/// <summary>
/// Runs a shopper simulation accepted by <c>POST api/simulations</c>: one message on the <c>SIMULATION_QUEUE</c> queue of the
/// <c>TeddyStorage</c> account per request (<see cref="SimulationService"/>). One at a time per instance (host.json
/// <c>batchSize</c> 1); simulations and retrains have their own queues, so neither waits for the other. A crash is retried
/// by the queue (host.json <c>maxDequeueCount</c>, <c>visibilityTimeout</c>); after the last attempt the host moves the
/// message to <c>&lt;queue&gt;-poison</c> and the status record says <c>failed</c> with the error. Only the host's token
/// (shutdown) can cancel the run.
/// </summary>
public sealed class SimulateFromQueue(SimulationService simulations, IConfiguration configuration, ILogger<SimulateFromQueue> logger)
{
    [Function(nameof(SimulateFromQueue))]
    public async Task Run(
        [QueueTrigger($"%{SimulationOptions.QueueSetting}%", Connection = StorageOptions.ConnectionSetting)] QueueMessage message,
        CancellationToken cancellation)
    {
        var request = SimulationRequest.Parse(message.Body.ToString())
            ?? throw new InvalidDataException($"Queue message {message.MessageId} is not a simulation request: {Truncated(message.Body.ToString())}");
        int maxDequeueCount = QueuesHostOptions.Current(configuration).MaxDequeueCount;
        var attempt = new RetrainAttempt((int)message.DequeueCount, message.DequeueCount >= maxDequeueCount);
        logger.LogInformation("Simulation {Id} ({Sessions} sessions): attempt {Attempt} of {Max}", request.Id, request.Sessions, attempt.Number, maxDequeueCount);
        await simulations.RunAsync(request, attempt, cancellation);
    }

    private static string Truncated(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
