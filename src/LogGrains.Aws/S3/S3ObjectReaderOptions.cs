namespace LogGrains.Aws.S3;

/// <summary>Settings of the staging-bucket reader (configuration section <c>LogGrains:S3</c>); it uses the cluster's own credentials.</summary>
public sealed class S3ObjectReaderOptions
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public const string SectionName = "LogGrains:S3";

    /// <summary>
    /// An explicit S3 endpoint (an emulator, a VPC endpoint); when null the SDK resolves it from the region and the
    /// standard <c>AWS_ENDPOINT_URL_S3</c>/<c>AWS_ENDPOINT_URL</c> variables.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// The staging bucket's region; requests are signed for it even when an endpoint override is in force.
    /// When null the SDK's default region resolution applies.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>Address buckets as <c>endpoint/bucket</c> rather than <c>bucket.endpoint</c> (emulators need this).</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>How many times the SDK retries a throttled (SlowDown), failed (5xx) or timed-out call before it surfaces.</summary>
    public int MaxErrorRetry { get; set; } = 4;
}
