using LogGrains.Core.Objects;

namespace LogGrains.Core.Ports;

/// <summary>Reads staged objects from the central bucket (or the local profile's directory).</summary>
public interface IObjectReader
{
    /// <summary>
    /// Opens a streaming read of a staged object. The content is streamed from the store as it is read,
    /// never buffered whole in memory (defect 17).
    /// </summary>
    /// <param name="tenant">The tenant the object belongs to, for error context.</param>
    /// <param name="obj">The object; when <see cref="ObjectRef.ETag"/> is not empty, that exact version is read (If-Match).</param>
    /// <param name="cancellationToken">Cancels opening; reading honours the token given to the stream's read calls.</param>
    /// <returns>The open handle; the caller disposes it.</returns>
    /// <exception cref="DeliveryException">
    /// <see cref="DeliveryErrorClass.Poison"/> when the object does not exist (NoSuchKey, e.g. past the staging
    /// retention) or was replaced by another version (PreconditionFailed: the new version has its own notification);
    /// <see cref="DeliveryErrorClass.Transient"/> for throttling (SlowDown), 5xx, timeouts, and AccessDenied on the
    /// staging bucket (our own infrastructure, fixed by an operator, not the tenant's fault).
    /// Exceptions thrown later by reads of <see cref="ObjectReadHandle.Content"/> (IO errors, resets) are to be
    /// treated by the caller as <see cref="DeliveryErrorClass.Transient"/>.
    /// </exception>
    Task<ObjectReadHandle> OpenReadAsync(string tenant, ObjectRef obj, CancellationToken cancellationToken);
}
