using LogGrains.Core.Objects;

namespace LogGrains.Core.Ports;

/// <summary>A server-side copy of one staged object into a tenant's bucket.</summary>
/// <param name="Tenant">The tenant, for error context.</param>
/// <param name="Source">The staged object; when its ETag is not empty, only that version is copied (x-amz-copy-source-if-match).</param>
/// <param name="DestinationBucket">The tenant's bucket (<c>bucket_name</c>).</param>
/// <param name="DestinationKey">The key in the tenant's bucket (usually <c>bucket_prefix</c> + the staged key's meaningful part).</param>
/// <param name="Region">The tenant's bucket region (<c>target_region</c>).</param>
/// <param name="Metadata">User metadata written on the copy (replacing the source's), e.g. tenant, cluster, source key.</param>
public sealed record ObjectCopyRequest(
    string Tenant,
    ObjectRef Source,
    string DestinationBucket,
    string DestinationKey,
    string Region,
    IReadOnlyDictionary<string, string> Metadata);
