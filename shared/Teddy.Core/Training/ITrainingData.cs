namespace Teddy.Training;

/// <summary>The shop's input data: the catalog and the user events, as Retail API NDJSON.</summary>
public interface ITrainingData
{
    Task<Stream> OpenCatalogAsync(CancellationToken cancellation = default);
    Task<Stream> OpenEventsAsync(CancellationToken cancellation = default);

    /// <summary>The inputs that do not exist (e.g. <c>data/events.ndjson</c>): the cheap check before a retrain is queued.</summary>
    Task<IReadOnlyList<string>> MissingInputsAsync(CancellationToken cancellation = default);
}

/// <summary>One retrain at a time across every instance of the app.</summary>
public interface IRetrainLock
{
    /// <summary>The lock, held until disposed; null when another retrain holds it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellation = default);
}
