namespace LogGrains.Core.Ports;

/// <summary>Delivers staged objects to tenants' S3 buckets (the <c>s3</c> delivery type).</summary>
public interface IObjectCopier
{
    /// <summary>
    /// Copies the staged object server-side into the tenant's bucket with ACL <c>bucket-owner-full-control</c>
    /// and the request's metadata (metadata directive REPLACE), signed with the tenant's credentials.
    /// Objects over 5 GiB are copied in parts (UploadPartCopy). Copying the same object again overwrites the
    /// same key with the same bytes, so a retry is harmless.
    /// </summary>
    /// <param name="request">What to copy where.</param>
    /// <param name="credentials">The tenant's credentials; the staging bucket's policy must let the tenant role read the source.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes when the copy is durable in the tenant's bucket.</returns>
    /// <exception cref="DeliveryException">
    /// <see cref="DeliveryErrorClass.TenantBlocked"/> for AccessDenied, NoSuchBucket, ExpiredToken or
    /// InvalidAccessKeyId on the tenant's side;
    /// <see cref="DeliveryErrorClass.Poison"/> when the source object no longer exists or was replaced (NoSuchKey,
    /// PreconditionFailed);
    /// <see cref="DeliveryErrorClass.Transient"/> for throttling (SlowDown), 5xx and timeouts;
    /// <see cref="DeliveryErrorClass.InvalidRequest"/> for a request S3 rejects as malformed (InvalidArgument, KeyTooLongError).
    /// </exception>
    Task CopyAsync(ObjectCopyRequest request, TenantCredentials credentials, CancellationToken cancellationToken);
}
