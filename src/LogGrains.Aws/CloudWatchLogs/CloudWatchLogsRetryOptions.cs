namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>Settings of <see cref="CloudWatchLogsRetry"/>: exponential backoff with full jitter.</summary>
public sealed class CloudWatchLogsRetryOptions
{
    /// <summary>Attempts in total, the first included; 1 means no retry.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The backoff ceiling of the first retry; each further retry doubles it.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest backoff ceiling; the delay is drawn uniformly from zero to the ceiling.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);
}
