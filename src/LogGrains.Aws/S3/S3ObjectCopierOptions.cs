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

    /// <summary>
    /// Objects larger than this are copied in parts (UploadPartCopy); smaller ones with one CopyObject. Between
    /// 5 MiB and 5 GiB (S3's single-copy limit, the default).
    /// </summary>
    public long MultipartThresholdBytes { get; set; } = S3ObjectCopier.MaxSingleCopyBytes;

    /// <summary>
    /// The size of each copied part (the last may be smaller); between 5 MiB and 5 GiB. Grown for an object that
    /// would otherwise need more than S3's 10,000 parts.
    /// </summary>
    public long PartSizeBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>How many parts of one object are copied at once (1 to 32).</summary>
    public int PartParallelism { get; set; } = 4;
}
