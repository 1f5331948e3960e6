namespace Teddy.Feedback;

/// <summary>
/// Settings under <c>Teddy:Feedback</c>: the impression buffer (<c>Teddy__Feedback__ImpressionBuffer</c>, …) and
/// the limits of <c>POST api/events</c>.
/// </summary>
public sealed class FeedbackOptions
{
    public const string Section = "Teddy:Feedback";

    /// <summary>
    /// Impressions held in memory while they wait to be written (each a few KB). When full, a new impression is
    /// dropped and counted (the response is never slowed or failed for it).
    /// </summary>
    public int ImpressionBuffer { get; set; } = 20_000;

    /// <summary>How often buffered impressions are written to the impressions table, in seconds.</summary>
    public double FlushSeconds { get; set; } = 1;

    /// <summary>
    /// How long a stopping instance may spend writing what is still buffered, in seconds (the host's own shutdown
    /// timeout also bounds it). What is not written by then is counted as failed and logged.
    /// </summary>
    public double ShutdownFlushSeconds { get; set; } = 5;

    /// <summary>The most events one <c>POST api/events</c> may carry (an array of up to this many UserEvents).</summary>
    public int MaxEventsPerRequest { get; set; } = 100;

    /// <summary>The largest <c>POST api/events</c> body, in bytes (413 beyond it): room for 100 events of ~10 KB each.</summary>
    public int MaxEventsBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>What is wrong with these values (for start-up validation), or nothing.</summary>
    public IEnumerable<string> Problems()
    {
        if (ImpressionBuffer is < 1 or > 10_000_000) yield return $"{Section}:ImpressionBuffer must be from 1 to 10000000; got {ImpressionBuffer}.";
        if (!(FlushSeconds > 0 && FlushSeconds <= 3600)) yield return $"{Section}:FlushSeconds must be above 0 and at most 3600; got {FlushSeconds}.";
        if (!(ShutdownFlushSeconds >= 0 && ShutdownFlushSeconds <= 3600))
            yield return $"{Section}:ShutdownFlushSeconds must be from 0 to 3600; got {ShutdownFlushSeconds}.";
        if (MaxEventsPerRequest is < 1 or > 10_000) yield return $"{Section}:MaxEventsPerRequest must be from 1 to 10000; got {MaxEventsPerRequest}.";
        if (MaxEventsBodyBytes is < 1024 or > 100 * 1024 * 1024)
            yield return $"{Section}:MaxEventsBodyBytes must be from 1024 to 104857600; got {MaxEventsBodyBytes}.";
    }
}

/// <summary>Checks <see cref="FeedbackOptions"/> at start-up.</summary>
public sealed class FeedbackOptionsValidation : Microsoft.Extensions.Options.IValidateOptions<FeedbackOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, FeedbackOptions options) =>
        options.Problems().ToArray() is { Length: > 0 } problems
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
