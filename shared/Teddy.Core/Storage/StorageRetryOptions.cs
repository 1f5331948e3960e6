using Azure.Core;

namespace Teddy.Storage;

/// <summary>
/// The retry and time budget of one group of storage clients. The first four values are the Azure SDK's own
/// retry options (<see cref="RetryOptions"/>, exponential back-off with jitter); <see cref="TimeoutSeconds"/>
/// bounds one whole storage operation — every try and every back-off together — so the time to an answer is
/// known however the SDK's tries play out (<see cref="StorageBudget"/>).
/// </summary>
public sealed class StorageRetryOptions
{
    /// <summary>Retries after the first try (0–10).</summary>
    public int MaxRetries { get; set; }

    /// <summary>First back-off, in seconds; it doubles per retry (with ±20% jitter) up to <see cref="MaxDelaySeconds"/>.</summary>
    public double DelaySeconds { get; set; }

    public double MaxDelaySeconds { get; set; }

    /// <summary>
    /// The most one try may wait for the service, in seconds: sending the request and receiving the response
    /// headers, and then each read of the body. This is what ends a try against a storage endpoint that
    /// accepts connections but never answers.
    /// </summary>
    public double NetworkTimeoutSeconds { get; set; }

    /// <summary>The most one storage operation may take in total, in seconds, across all its tries.</summary>
    public double TimeoutSeconds { get; set; }

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>Request path: 3 tries, 0.1 s then 0.2 s apart, 1 s each at most, 2 s in all (so the answer comes within 3 s).</summary>
    public static StorageRetryOptions RequestDefaults() => new()
    {
        MaxRetries = 2, DelaySeconds = 0.1, MaxDelaySeconds = 0.5, NetworkTimeoutSeconds = 1, TimeoutSeconds = 2,
    };

    /// <summary>Background: 5 tries, 1 s back-off doubling to 15 s, 30 s per try (per 8 MiB block on uploads), 5 minutes in all.</summary>
    public static StorageRetryOptions BackgroundDefaults() => new()
    {
        MaxRetries = 4, DelaySeconds = 1, MaxDelaySeconds = 15, NetworkTimeoutSeconds = 30, TimeoutSeconds = 300,
    };

    /// <summary>Applies these values to an Azure SDK client's retry options.</summary>
    public void ApplyTo(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = MaxRetries;
        retry.Delay = TimeSpan.FromSeconds(DelaySeconds);
        retry.MaxDelay = TimeSpan.FromSeconds(MaxDelaySeconds);
        retry.NetworkTimeout = TimeSpan.FromSeconds(NetworkTimeoutSeconds);
    }

    /// <summary>What is wrong with these values (for start-up validation), or nothing.</summary>
    public IEnumerable<string> Problems(string name)
    {
        if (MaxRetries is < 0 or > 10) yield return $"{name}:MaxRetries must be from 0 to 10; got {MaxRetries}.";
        if (!(DelaySeconds > 0)) yield return $"{name}:DelaySeconds must be above 0; got {DelaySeconds}.";
        if (!(MaxDelaySeconds >= DelaySeconds)) yield return $"{name}:MaxDelaySeconds must be at least DelaySeconds; got {MaxDelaySeconds}.";
        if (!(NetworkTimeoutSeconds > 0)) yield return $"{name}:NetworkTimeoutSeconds must be above 0; got {NetworkTimeoutSeconds}.";
        if (!(TimeoutSeconds > 0 && TimeoutSeconds <= 3600)) yield return $"{name}:TimeoutSeconds must be above 0 and at most 3600; got {TimeoutSeconds}.";
    }
}
