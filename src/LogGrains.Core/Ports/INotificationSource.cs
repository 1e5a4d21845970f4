namespace LogGrains.Core.Ports;

/// <summary>
/// The queue of S3 object notifications (SQS in AWS, a directory watcher in the local profile).
/// Delivery is at least once: a message may arrive twice, or again after its visibility timeout.
/// </summary>
public interface INotificationSource
{
    /// <summary>Receives up to <paramref name="maxMessages"/> messages, long-polling up to <paramref name="wait"/>.</summary>
    /// <param name="maxMessages">1-10.</param>
    /// <param name="wait">0-20 seconds.</param>
    /// <param name="cancellationToken">Cancels the poll; messages received but not returned become visible again.</param>
    /// <returns>The messages, possibly none.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when the queue is unreachable or throttled.</exception>
    Task<IReadOnlyList<SourceMessage>> ReceiveAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Deletes finished messages (in batches of up to 10). Deleting an already deleted message succeeds.</summary>
    /// <param name="messages">The messages to delete.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>The messages that could not be deleted (e.g. expired receipt handle); empty when all were deleted.
    /// Those will be received again and must be handled idempotently.</returns>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when the queue is unreachable.</exception>
    Task<IReadOnlyList<SourceMessage>> DeleteAsync(IReadOnlyList<SourceMessage> messages, CancellationToken cancellationToken);

    /// <summary>Hides a message for <paramref name="visibility"/> from now, to retry it later (transient or tenant-blocked failure).</summary>
    /// <param name="message">The message.</param>
    /// <param name="visibility">0 to 12 hours.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the change is made.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="visibility"/> is out of range.</exception>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when the queue is unreachable or the receipt handle expired.</exception>
    Task ChangeVisibilityAsync(SourceMessage message, TimeSpan visibility, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps messages that are being worked on hidden for <paramref name="visibility"/> more from now: the heartbeat of
    /// the messages a silo holds, in batches of up to 10 per call.
    /// </summary>
    /// <param name="messages">The messages to extend.</param>
    /// <param name="visibility">0 to 12 hours.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The messages whose visibility could not be changed (their receipt handle is no longer current: they are
    /// visible again, received elsewhere or deleted); empty when all were extended.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="visibility"/> is out of range.</exception>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when the queue is unreachable or throttled.</exception>
    Task<IReadOnlyList<SourceMessage>> ExtendVisibilityAsync(IReadOnlyList<SourceMessage> messages, TimeSpan visibility, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a message to the dead-letter queue: sends its body unchanged with the <paramref name="deadLetter"/>
    /// attributes, then deletes the original. If the send fails nothing is deleted, so a message can reach the
    /// dead-letter queue twice but is never lost.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="deadLetter">Why, for whom, and which object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the copy is in the dead-letter queue and the original is deleted.</returns>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when either queue is unreachable.</exception>
    Task DeadLetterAsync(SourceMessage message, DeadLetter deadLetter, CancellationToken cancellationToken);
}
