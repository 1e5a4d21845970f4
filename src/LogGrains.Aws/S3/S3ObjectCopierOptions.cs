namespace LogGrains.Aws.S3;

/// <summary>
/// Settings of the copier into tenants' buckets (configuration section <c>LogGrains:S3Copy</c>). The region and the
/// credentials come with each copy (the tenant's <c>target_region</c> and role), not from here.
/// </summary>
public sealed class S3ObjectCopierOptions
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public const string SectionName = "LogGrains:S3Copy";

    /// <summary>
    /// An explicit S3 endpoint for every region (an emulator, a VPC endpoint); when null the SDK resolves the
    /// endpoint of the tenant's region (and honours <c>AWS_ENDPOINT_URL_S3</c>). Requests are always signed for the
    /// tenant's region.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Address buckets as <c>endpoint/bucket</c> rather than <c>bucket.endpoint</c> (emulators need this).</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>How many times the SDK retries a throttled (SlowDown), failed (5xx) or timed-out copy before it surfaces.</summary>
    public int MaxErrorRetry { get; set; } = 4;
}
