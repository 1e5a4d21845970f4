using System.Collections.Concurrent;
using LogGrains.Core.Ports;

namespace LogGrains.Local;

/// <summary>
/// Checkpoints in memory: the local profile keeps its grain state in memory too, so both are gone together
/// when the silo stops. Records past their retention are dropped as new ones arrive.
/// </summary>
internal sealed class MemoryCheckpointStore(TimeProvider time) : ICheckpointStore
{
    private readonly ConcurrentDictionary<(LogTarget Stream, string ObjectKey), (ObjectCheckpoint Checkpoint, DateTimeOffset KeepUntil)> _records = new();
    private readonly ConcurrentDictionary<LogTarget, InFlightRequest> _inFlight = new();
    private long _writes;

    /// <inheritdoc/>
    public Task DeclareInFlightAsync(LogTarget stream, InFlightRequest request, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(request);
        _inFlight[stream] = request;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<InFlightRequest?> GetInFlightAsync(LogTarget stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Task.FromResult(_inFlight.GetValueOrDefault(stream));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, ObjectCheckpoint>> GetAsync(LogTarget stream, IReadOnlyCollection<string> objectKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(objectKeys);
        var found = new Dictionary<string, ObjectCheckpoint>(StringComparer.Ordinal);
        foreach (var key in objectKeys)
        {
            if (_records.TryGetValue((stream, key), out var record))
            {
                found[key] = record.Checkpoint;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, ObjectCheckpoint>>(found);
    }

    /// <inheritdoc/>
    public Task SaveAsync(LogTarget stream, IReadOnlyCollection<ObjectCheckpoint> checkpoints, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(checkpoints);
        foreach (var checkpoint in checkpoints)
        {
            _records.AddOrUpdate(
                (stream, checkpoint.ObjectKey),
                _ => (checkpoint, keepUntil),
                (_, stored) => checkpoint.Supersedes(stored.Checkpoint) ? (checkpoint, keepUntil) : stored);
        }

        if (Interlocked.Add(ref _writes, checkpoints.Count) % 1024 < checkpoints.Count)
        {
            var now = time.GetUtcNow();
            foreach (var (key, record) in _records)
            {
                if (record.KeepUntil < now)
                {
                    _records.TryRemove(key, out _);
                }
            }
        }

        return Task.CompletedTask;
    }
}
