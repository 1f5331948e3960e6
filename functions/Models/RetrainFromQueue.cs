using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Teddy.Functions.Queues;
using Teddy.Storage;
using Teddy.Training;

namespace Teddy.Functions.Models;

/// <summary>
/// Runs a retrain requested by <c>POST api/models/retrain</c>: one message on the <c>RETRAIN_QUEUE</c> queue of the
/// <c>TeddyStorage</c> account per request, under the same lock as the timer. A run that finds another retrain
/// running goes back to the queue for <c>Teddy__Retrain__BusyRetrySeconds</c>. A crash is retried by the queue
/// (host.json <c>maxDequeueCount</c>, <c>visibilityTimeout</c>); after the last attempt the host moves the message
/// to <c>&lt;queue&gt;-poison</c> and the status record says <c>failed</c> with the error. Only the host's token
/// (shutdown) can cancel the run.
/// </summary>
public sealed class RetrainFromQueue(RetrainService retrain, RetrainRequests requests, IConfiguration configuration, ILogger<RetrainFromQueue> logger)
{
    [Function(nameof(RetrainFromQueue))]
    public async Task Run(
        [QueueTrigger($"%{RetrainOptions.QueueSetting}%", Connection = StorageOptions.ConnectionSetting)] QueueMessage message,
        CancellationToken cancellation)
    {
        var request = RetrainRequest.Parse(message.Body.ToString())
            ?? throw new InvalidDataException($"Queue message {message.MessageId} is not a retrain request: {Truncated(message.Body.ToString())}");
        int maxDequeueCount = QueuesHostOptions.Current(configuration).MaxDequeueCount;
        var attempt = new RetrainAttempt((int)message.DequeueCount, message.DequeueCount >= maxDequeueCount);
        logger.LogInformation("Retrain {Id} ({Trigger}): attempt {Attempt} of {Max}", request.Id, request.Trigger, attempt.Number, maxDequeueCount);

        var result = await retrain.RunAsync(request, attempt, cancellation);
        if (result.Status == RetrainStatus.Busy) await requests.DeferAsync(request, cancellation);
    }

    private static string Truncated(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
