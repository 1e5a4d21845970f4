namespace LogGrains.Core.Ports;

/// <summary>
/// Per (log stream, object) delivery checkpoints, each its own record kept for the staging retention (DynamoDB
/// with a TTL in AWS, memory in the local profile). A stream's own state stays small however many objects it
/// delivers, and a duplicate notification of a completed object is recognised for as long as the object could
/// be announced again.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Reads the checkpoints of some objects in one stream; objects never checkpointed are absent.</summary>
    /// <param name="stream">The log stream.</param>
    /// <param name="objectKeys">The staged objects' keys (distinct).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoints found, by object key.</returns>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when the store cannot be read.</exception>
    Task<IReadOnlyDictionary<string, ObjectCheckpoint>> GetAsync(LogTarget stream, IReadOnlyCollection<string> objectKeys, CancellationToken cancellationToken);

    /// <summary>
    /// Stores checkpoints durably. A stored checkpoint never moves back: one that <see cref="ObjectCheckpoint.Supersedes"/>
    /// refuses is left as it is (that is not an error), so writing the same checkpoint twice is harmless.
    /// </summary>
    /// <param name="stream">The log stream.</param>
    /// <param name="checkpoints">The checkpoints, one per object.</param>
    /// <param name="keepUntil">When the records may be forgotten (the staging retention from now).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when every checkpoint is durable.</returns>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when some checkpoint could not be stored.</exception>
    Task SaveAsync(LogTarget stream, IReadOnlyCollection<ObjectCheckpoint> checkpoints, DateTimeOffset keepUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Records the request a stream is about to send (one record per stream, replaced by the next request's). Stored
    /// before the request is sent; the request's own checkpoints, stored after it was accepted, confirm it.
    /// </summary>
    /// <param name="stream">The log stream.</param>
    /// <param name="request">What the request carries.</param>
    /// <param name="keepUntil">When the record may be forgotten (the staging retention from now).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when the record could not be stored.</exception>
    Task DeclareInFlightAsync(LogTarget stream, InFlightRequest request, DateTimeOffset keepUntil, CancellationToken cancellationToken);

    /// <summary>Reads the stream's last recorded request, or null when it never recorded one.</summary>
    /// <param name="stream">The log stream.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The last request declared in flight, confirmed or not.</returns>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when the store cannot be read.</exception>
    Task<InFlightRequest?> GetInFlightAsync(LogTarget stream, CancellationToken cancellationToken);
}
