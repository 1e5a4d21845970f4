namespace LogGrains.Grains.Polling;

/// <summary>How the poller settled messages since it started.</summary>
public sealed class PollerCounters
{
    private long _deleted;
    private long _retried;
    private long _deadLettered;
    private long _failed;
    private long _released;

    /// <summary>Messages deleted after delivery (or filtering, or a test event).</summary>
    public long DeletedCount => Interlocked.Read(ref _deleted);

    /// <summary>Messages put back with a visibility backoff.</summary>
    public long RetriedCount => Interlocked.Read(ref _retried);

    /// <summary>Messages sent to the dead-letter queue.</summary>
    public long DeadLetteredCount => Interlocked.Read(ref _deadLettered);

    /// <summary>Messages that could not be settled and will reappear.</summary>
    public long FailedCount => Interlocked.Read(ref _failed);

    /// <summary>Messages made visible again at shutdown because their delivery outlasted the grace period.</summary>
    public long ReleasedCount => Interlocked.Read(ref _released);

    internal void Deleted() => Interlocked.Increment(ref _deleted);

    internal void Retried() => Interlocked.Increment(ref _retried);

    internal void DeadLettered() => Interlocked.Increment(ref _deadLettered);

    internal void Failed() => Interlocked.Increment(ref _failed);

    internal void Released() => Interlocked.Increment(ref _released);
}
