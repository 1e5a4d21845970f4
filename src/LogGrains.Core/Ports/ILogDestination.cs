using LogGrains.Core.Batching;

namespace LogGrains.Core.Ports;

/// <summary>
/// Where planned batches go: CloudWatch Logs in the tenant's account (or, in the local profile, files).
/// </summary>
/// <remarks>
/// Failures are thrown as <see cref="DeliveryException"/>: <see cref="DeliveryErrorClass.Transient"/> for
/// throttling (with <see cref="DeliveryException.IsThrottling"/> set), 5xx and timeouts;
/// <see cref="DeliveryErrorClass.TenantBlocked"/> for AccessDenied, expired or unrecognized credentials and a
/// missing group or stream that cannot be created; <see cref="DeliveryErrorClass.InvalidRequest"/> for a
/// request the service refuses as malformed.
/// </remarks>
public interface ILogDestination
{
    /// <summary>
    /// Creates the log group and stream when they do not exist (exact names; "already exists" is success).
    /// </summary>
    Task EnsureAsync(LogTarget target, TenantCredentials credentials, CancellationToken cancellationToken);

    /// <summary>
    /// Sends one group of batches with a single request and returns how many of its events the destination rejected.
    /// When the group or stream has disappeared, an implementation recreates it once and sends again.
    /// </summary>
    Task<RejectedEventCounts> PutAsync(
        LogTarget target, TenantCredentials credentials, BatchGroup batch, CancellationToken cancellationToken);

    /// <summary>
    /// Reads back the stream's events with timestamps from <paramref name="fromTimestamp"/> to
    /// <paramref name="toTimestamp"/> (inclusive, Unix epoch milliseconds), oldest first, at most about
    /// <paramref name="maxEvents"/>, to decide whether a request whose outcome is unknown was accepted. Newly accepted
    /// events may take a few seconds to become readable. An implementation that cannot read back returns no events.
    /// </summary>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.TenantBlocked"/> when the role may not read the stream; other classes as for the other calls.</exception>
    Task<IReadOnlyList<StoredLogEvent>> ReadBackAsync(
        LogTarget target, TenantCredentials credentials, long fromTimestamp, long toTimestamp, int maxEvents, CancellationToken cancellationToken);
}
