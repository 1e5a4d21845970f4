using LogGrains.Core.Ports;

namespace LogGrains.Grains.Polling;

/// <summary>
/// A message the poller holds, from its receive to its settling: its records' results as they come in, and who settles
/// it: the poller once every record has an outcome, or shutdown when it released the message to another silo first
/// (at once for a message whose records were still waiting, after the grace period for one in delivery). Exactly one of
/// the two wins.
/// </summary>
internal sealed class HeldMessage(SourceMessage message) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _heartbeat = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RecordResult?[] _results = [];
    private int _pending;
    private Owner _owner;
    private bool _disposed;
    private string? _fault;

    private enum Owner
    {
        Delivery,
        Settling,
        Released,
    }

    public SourceMessage Message { get; } = message;

    /// <summary>Stops the visibility heartbeat (on settling, on release).</summary>
    public CancellationToken Heartbeat => _heartbeat.Token;

    /// <summary>The heartbeat loop, awaited before the message is settled.</summary>
    public Task Beating { get; set; } = Task.CompletedTask;

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
            if (_owner != Owner.Delivery || _disposed)
            {
                return false;
            }

            _owner = Owner.Released;
            _heartbeat.Cancel();
            return true;
        }
    }

    /// <summary>Stops the heartbeat.</summary>
    public void StopHeartbeat()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _heartbeat.Cancel();
            }
        }
    }

    /// <summary>The poller is done with the message.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _heartbeat.Dispose();
        }

        _done.TrySetResult();
    }
}
