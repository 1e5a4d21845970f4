using System.Collections.Concurrent;
using LogGrains.Core.Ports;

namespace LogGrains.Testing.Ports;

/// <summary>Checkpoints in memory, with the store's rule that a checkpoint never moves back.</summary>
public sealed class FakeCheckpointStore : ICheckpointStore
{
    private readonly ConcurrentDictionary<(LogTarget Stream, string Key), ObjectCheckpoint> _stored = new();
    private readonly ConcurrentDictionary<LogTarget, int> _failingSaves = new();
    private readonly ConcurrentDictionary<LogTarget, InFlightRequest> _inFlight = new();
    private readonly ConcurrentDictionary<LogTarget, int> _writes = new();

    /// <summary>Store writes for <paramref name="stream"/>: one per checkpoint stored and one per in-flight record.</summary>
    public int Writes(LogTarget stream) => _writes.GetValueOrDefault(stream);

    public InFlightRequest? InFlight(LogTarget stream) => _inFlight.GetValueOrDefault(stream);

    public Task DeclareInFlightAsync(LogTarget stream, InFlightRequest request, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _inFlight[stream] = request;
        _writes.AddOrUpdate(stream, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task<InFlightRequest?> GetInFlightAsync(LogTarget stream, CancellationToken cancellationToken) =>
        Task.FromResult(_inFlight.GetValueOrDefault(stream));

    public ObjectCheckpoint? Find(LogTarget stream, string objectKey) => _stored.GetValueOrDefault((stream, objectKey));

    /// <summary>Stores a checkpoint as an earlier delivery would have left it.</summary>
    public void Seed(LogTarget stream, ObjectCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        _stored[(stream, checkpoint.ObjectKey)] = checkpoint;
    }

    /// <summary>The next <paramref name="times"/> saves for <paramref name="stream"/> fail as transient (the table unavailable).</summary>
    public void FailSaves(LogTarget stream, int times) => _failingSaves[stream] = times;

    public Task<IReadOnlyDictionary<string, ObjectCheckpoint>> GetAsync(LogTarget stream, IReadOnlyCollection<string> objectKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectKeys);
        IReadOnlyDictionary<string, ObjectCheckpoint> found = objectKeys
            .Select(k => _stored.GetValueOrDefault((stream, k)))
            .OfType<ObjectCheckpoint>()
            .ToDictionary(c => c.ObjectKey, StringComparer.Ordinal);
        return Task.FromResult(found);
    }

    public Task SaveAsync(LogTarget stream, IReadOnlyCollection<ObjectCheckpoint> checkpoints, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        if (_failingSaves.TryGetValue(stream, out var failing) && failing > 0 && _failingSaves.TryUpdate(stream, failing - 1, failing))
        {
            throw new DeliveryException(DeliveryErrorClass.Transient, "dynamodb:BatchWriteItem", stream.Tenant, string.Empty, "scripted: table unavailable");
        }

        _writes.AddOrUpdate(stream, checkpoints.Count, (_, n) => n + checkpoints.Count);
        foreach (var checkpoint in checkpoints)
        {
            _stored.AddOrUpdate(
                (stream, checkpoint.ObjectKey),
                checkpoint,
                (_, stored) => checkpoint.Supersedes(stored) ? checkpoint : stored);
        }

        return Task.CompletedTask;
    }
}
