using Microsoft.Extensions.Logging;

namespace Teddy.Simulation;

/// <summary>
/// The queue side of shopper simulations: <c>POST api/simulations</c> records a <c>queued</c> run and sends its message;
/// the queue-triggered function runs it (<see cref="SimulationService"/>). Nothing here is cancelled by the caller: once a
/// request is accepted, its record and message are written whatever the client does.
/// </summary>
public sealed class SimulationRequests(ISimulationRuns runs, ISimulationQueue queue, TimeProvider clock, ILogger<SimulationRequests> logger)
{
    /// <summary>Records and enqueues a simulation; returns its queued record.</summary>
    /// <param name="seed">null: drawn now, so every attempt of this run simulates the same shoppers.</param>
    /// <exception cref="Storage.StorageUnavailableException">The record or the message could not be written in time.</exception>
    public async Task<SimulationRun> SubmitAsync(int sessions, int listSize, string? method, long? seed)
    {
        var request = SimulationRequest.New(clock.GetUtcNow(), sessions, listSize, method, seed ?? Random.Shared.NextInt64());
        var run = SimulationRun.Queued(request);
        await runs.SaveAsync(run, CancellationToken.None);
        try
        {
            await queue.EnqueueAsync(request, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not queue simulation {Id}", run.Id);
            await runs.SaveAsync(run with
            {
                State = SimulationState.Failed, Failure = SimulationFailures.Error, FinishedAt = clock.GetUtcNow(),
                Error = $"{e.GetType().Name}: {e.Message}", Reason = "The simulation could not be queued.",
            }, CancellationToken.None);
            throw;
        }
        logger.LogInformation("Simulation {Id} of {Sessions} sessions queued", run.Id, sessions);
        return run;
    }

    public Task<SimulationRun?> GetAsync(string id, CancellationToken cancellation = default) => runs.GetAsync(id, cancellation);
}
