using LogGrains.Core.Ports;

namespace LogGrains.Silo.Delivery;

/// <summary>
/// A message being worked on, and who settles it: the delivery when it finishes, or shutdown when the grace period ran
/// out first and the message was released to another silo. Exactly one of the two wins.
/// </summary>
internal sealed class InFlightMessage(SourceMessage message) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _heartbeat = new();
    private Owner _owner;
    private bool _disposed;

    private enum Owner
    {
        Delivery,
        Settling,
        Released,
    }

    public SourceMessage Message { get; } = message;

    /// <summary>Stops the visibility heartbeat (on settling, on release).</summary>
    public CancellationToken Heartbeat => _heartbeat.Token;

    /// <summary>The delivery finished: it may settle the message unless shutdown released it already.</summary>
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

    /// <summary>Shutdown takes the message: its heartbeat stops and the delivery will not settle it; false when it is settling already.</summary>
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

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _heartbeat.Dispose();
        }
    }
}
