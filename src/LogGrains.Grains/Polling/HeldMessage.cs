using LogGrains.Core.Ports;

namespace LogGrains.Grains.Polling;

/// <summary>
/// A message the poller holds, from its receive to its settling: its records' results as they come in, and who settles
/// it: the poller once every record has an outcome, or shutdown when it released the message to another silo first
/// (at once for a message whose records were still waiting, after the grace period for one in delivery). Exactly one of
/// the two wins.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="receivedAt">When it was received (<see cref="TimeProvider.GetTimestamp"/>): its visibility runs from then.</param>
internal sealed class HeldMessage(SourceMessage message, long receivedAt)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _beating = Task.CompletedTask;
    private bool _heartbeatStopped;
    private long _lastExtended = receivedAt;
    private RecordResult?[] _results = [];
    private int _pending;
    private Owner _owner;
    private bool _forgotten;
    private string? _fault;

    private enum Owner
    {
        Delivery,
        Settling,
        Released,
    }

    public SourceMessage Message { get; } = message;

    /// <summary>When the message's visibility was last set: at its receipt, then by each heartbeat that included it.</summary>
    public long LastExtended
    {
        get
        {
            lock (_gate)
            {
                return _lastExtended;
            }
        }
    }

    /// <summary>
    /// The last heartbeat call that included the message, awaited before the message is settled: an extension that
    /// lands after a release would hide the message again.
    /// </summary>
    public Task Beating
    {
        get
        {
            lock (_gate)
            {
                return _beating;
            }
        }
    }

    /// <summary>Completes when the poller is done with the message (settled, released or failed).</summary>
    public Task Done => _done.Task;

    /// <summary>Whether any record's delivery has started.</summary>
    public bool Started { get; private set; }

    /// <summary>An unexpected failure of one record's delivery: the message is left to reappear, not settled.</summary>
    public string? Fault
    {
        get
        {
            lock (_gate)
            {
                return _fault;
            }
        }
    }

    /// <summary>The message has <paramref name="records"/> records whose results will come in.</summary>
    public void Expect(int records)
    {
        lock (_gate)
        {
            _results = new RecordResult?[records];
            _pending = records;
        }
    }

    /// <summary>A record's delivery is starting.</summary>
    public void MarkStarted()
    {
        lock (_gate)
        {
            Started = true;
        }
    }

    /// <summary>Stores the result of record <paramref name="index"/>; true when it was the last one outstanding.</summary>
    public bool Complete(int index, RecordResult result, string? fault = null)
    {
        lock (_gate)
        {
            _results[index] = result;
            _fault ??= fault;
            return --_pending == 0;
        }
    }

    /// <summary>The results of every record (call once <see cref="Complete"/> returned true).</summary>
    public IReadOnlyList<RecordResult> Results()
    {
        lock (_gate)
        {
            return [.. _results.Select(r => r!)];
        }
    }

    /// <summary>The poller settles the message unless shutdown released it already.</summary>
    public bool TryBeginSettling()
    {
        lock (_gate)
        {
            if (_owner == Owner.Released)
            {
                return false;
            }

            _owner = Owner.Settling;
            return true;
        }
    }

    /// <summary>Shutdown takes the message: its heartbeat stops and the poller will not settle it; false when it is settling already.</summary>
    public bool TryRelease()
    {
        lock (_gate)
        {
            if (_owner != Owner.Delivery || _forgotten)
            {
                return false;
            }

            _owner = Owner.Released;
            _heartbeatStopped = true;
            return true;
        }
    }

    /// <summary>
    /// Includes the message in a heartbeat call (<paramref name="extension"/>); false when its heartbeat has stopped, and
    /// then it must not be extended.
    /// </summary>
    public bool TryJoinHeartbeat(Task extension)
    {
        lock (_gate)
        {
            if (_heartbeatStopped || _forgotten)
            {
                return false;
            }

            _beating = extension;
            return true;
        }
    }

    /// <summary>A heartbeat call made at <paramref name="at"/> extended the message's visibility.</summary>
    public void Extended(long at)
    {
        lock (_gate)
        {
            _lastExtended = Math.Max(_lastExtended, at);
        }
    }

    /// <summary>Stops the heartbeat: no later heartbeat call includes the message.</summary>
    public void StopHeartbeat()
    {
        lock (_gate)
        {
            _heartbeatStopped = true;
        }
    }

    /// <summary>The poller is done with the message.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _forgotten = true;
        }

        _done.TrySetResult();
    }
}
