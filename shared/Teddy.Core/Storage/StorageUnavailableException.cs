namespace Teddy.Storage;

/// <summary>
/// Storage could not be reached, refused for a while (throttled, 5xx), or did not answer within the operation's
/// time budget. Whatever the operation was, it is not known to have happened: the HTTP layer answers 503 with
/// Retry-After and acknowledges nothing. <see cref="Exception.InnerException"/> is the SDK's own error.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string resource, string reason, Exception? inner = null)
        : base($"Storage ({resource}) {reason}.", inner)
    {
        Resource = resource;
        Reason = reason;
    }

    /// <summary>What could not be reached, e.g. <c>table 'clicks'</c> or <c>blob container 'models'</c>.</summary>
    public string Resource { get; }

    /// <summary>Why, in a few words: <c>did not answer within 2.5 s</c>, <c>could not be reached</c>, <c>answered 503 ServerBusy</c>.</summary>
    public string Reason { get; }
}
