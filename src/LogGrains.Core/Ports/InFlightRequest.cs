namespace LogGrains.Core.Ports;

/// <summary>
/// What one PutLogEvents request of a stream carries, recorded in the <see cref="ICheckpointStore"/> before the request
/// is sent. If the sender dies (or cannot tell whether the request was accepted) before the request's checkpoints are
/// stored, the stream's next activation reads the stream's tail back and decides from this record whether CloudWatch
/// holds the request's events: if it does, <see cref="Checkpoints"/> are stored as if the put had been confirmed; if
/// not, the request is sent again.
/// </summary>
/// <param name="Checkpoints">The checkpoint each object of the request reaches once the request is accepted.</param>
/// <param name="Events">How many events the request carries.</param>
/// <param name="FirstTimestamp">The first event's time as sent, Unix epoch milliseconds (the request is in timestamp order).</param>
/// <param name="LastTimestamp">The last event's time as sent, Unix epoch milliseconds.</param>
/// <param name="Fingerprint">The <see cref="RequestFingerprint"/> of the request's events in send order.</param>
/// <param name="DeclaredAt">When the request was recorded, just before it was sent.</param>
public sealed record InFlightRequest(
    IReadOnlyList<ObjectCheckpoint> Checkpoints,
    int Events,
    long FirstTimestamp,
    long LastTimestamp,
    string Fingerprint,
    DateTimeOffset DeclaredAt)
{
    /// <summary>
    /// Whether the stored checkpoints already show the request as accepted: every object's checkpoint is at least the one
    /// the request would have stored (the sender stored them before it died), so there is nothing to read back.
    /// </summary>
    /// <param name="stored">The stored checkpoints of the request's objects, by object key.</param>
    public bool IsConfirmedBy(IReadOnlyDictionary<string, ObjectCheckpoint> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return Checkpoints.All(c => stored.GetValueOrDefault(c.ObjectKey) is { } s && (s.Complete || (!c.Complete && s.EndPiece >= c.EndPiece)));
    }
}
