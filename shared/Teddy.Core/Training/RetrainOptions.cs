namespace Teddy.Training;

/// <summary>
/// How retrains are queued and recorded (settings under <c>Teddy:Retrain</c>, e.g. <c>Teddy__Retrain__KeepRuns</c>).
/// The status records' table is <c>Teddy:Storage:RetrainsTable</c>. The queue's own name is the top-level <see cref="QueueSetting"/>, because the queue trigger's attribute names it
/// as <c>%RETRAIN_QUEUE%</c>; the queue's retry behaviour is the Functions host's (host.json <c>extensions.queues</c>).
/// </summary>
public sealed class RetrainOptions
{
    public const string Section = "Teddy:Retrain";

    /// <summary>The app setting naming the retrain queue (in the trigger attribute and for the sender).</summary>
    public const string QueueSetting = "RETRAIN_QUEUE";
    public const string DefaultQueue = "retrain-requests";

    /// <summary>Status records kept (the oldest finished ones beyond this are deleted after each run).</summary>
    public int KeepRuns { get; set; } = 50;

    /// <summary>
    /// A queued retrain that finds another retrain running (the lock is held, e.g. by the timer's) goes back to
    /// the queue for this many seconds instead of failing or running twice at once.
    /// </summary>
    public int BusyRetrySeconds { get; set; } = 60;
}
