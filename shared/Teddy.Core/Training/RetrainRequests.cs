using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Teddy.Training;

/// <summary>
/// The queue side of retraining: <c>POST api/models/retrain</c> records a <c>queued</c> run and sends its
/// message; the queue-triggered function runs it (<see cref="RetrainService"/>); a run that finds the lock held
/// goes back to the queue (<see cref="DeferAsync"/>). Nothing here is ever cancelled by the caller: once a request
/// is accepted, its record and message are written whatever the client does.
/// </summary>
public sealed class RetrainRequests(
    ITrainingData data,
    IRetrainRuns runs,
    IRetrainQueue queue,
    IOptions<RetrainOptions> options,
    TimeProvider clock,
    ILogger<RetrainRequests> logger)
{
    /// <summary>The inputs that are missing, or the queued run (record written, message sent).</summary>
    public sealed record Submission(IReadOnlyList<string> MissingInputs, RetrainRun? Run);

    /// <summary>Validates what can be checked cheaply (the data blobs exist), then records and enqueues the retrain.</summary>
    public async Task<Submission> SubmitAsync(string trigger)
    {
        var missing = await data.MissingInputsAsync(CancellationToken.None);
        if (missing.Count > 0) return new Submission(missing, null);

        var request = RetrainRequest.New(trigger, clock.GetUtcNow());
        var run = RetrainRun.Queued(request);
        await runs.SaveAsync(run, CancellationToken.None);
        try
        {
            await queue.EnqueueAsync(request, TimeSpan.Zero, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not queue retrain {Id}", run.Id);
            await runs.SaveAsync(run with
            {
                State = RetrainState.Failed, Failure = RetrainFailures.Error, FinishedAt = clock.GetUtcNow(),
                Error = $"{e.GetType().Name}: {e.Message}", Reason = "The retrain could not be queued.",
            }, CancellationToken.None);
            throw;
        }
        logger.LogInformation("Retrain {Id} ({Trigger}) queued", run.Id, trigger);
        return new Submission([], run);
    }

    /// <summary>Another retrain is running: send the request again, invisible for <see cref="RetrainOptions.BusyRetrySeconds"/>.</summary>
    public async Task DeferAsync(RetrainRequest request, CancellationToken cancellation = default)
    {
        var delay = TimeSpan.FromSeconds(Math.Max(1, options.Value.BusyRetrySeconds));
        await queue.EnqueueAsync(request, delay, cancellation);
        var run = await runs.GetAsync(request.Id, cancellation) ?? RetrainRun.Queued(request);
        await runs.SaveAsync(run with
        {
            State = RetrainState.Queued,
            Reason = $"Another retrain is running; this one waits in the queue until {clock.GetUtcNow().Add(delay):u}.",
        }, cancellation);
        logger.LogInformation("Retrain {Id} waits {Delay} for the running retrain", request.Id, delay);
    }

    public Task<RetrainRun?> GetAsync(string id, CancellationToken cancellation = default) => runs.GetAsync(id, cancellation);

    public Task<IReadOnlyList<RetrainRun>> ListAsync(CancellationToken cancellation = default) => runs.ListAsync(cancellation);
}
