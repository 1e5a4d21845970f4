namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>Settings of the CloudWatch Logs client.</summary>
public sealed class CloudWatchLogsClientOptions
{
    /// <summary>
    /// An explicit endpoint for every region (an emulator, a VPC endpoint). It beats the environment
    /// variables <c>AWS_ENDPOINT_URL_CLOUDWATCH_LOGS</c> and <c>AWS_ENDPOINT_URL</c>, which beat the AWS
    /// endpoint of the target region. Requests are always signed for the target's region.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>How long one HTTP request may take before it fails as <see cref="CloudWatchLogsErrorKind.Transient"/>.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a pooled connection lives, so that DNS changes of the endpoint are picked up.</summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The retry used inside the create and describe calls (not PutLogEvents, whose caller owns backoff).
    /// Kept small: a caller that needs more wraps the call in its own <see cref="CloudWatchLogsRetry"/>.
    /// </summary>
    public CloudWatchLogsRetryOptions ControlPlaneRetry { get; set; } = new()
    {
        MaxAttempts = 3,
        BaseDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(2),
    };
}
