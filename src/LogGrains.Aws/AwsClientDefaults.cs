namespace LogGrains.Aws;

/// <summary>What every AWS SDK client of LogGrains is configured with beyond its adapter's own options.</summary>
internal static class AwsClientDefaults
{
    /// <summary>
    /// Immediate retries of a request whose connection was reset or closed, outside <c>MaxErrorRetry</c> and without
    /// backoff. One covers a pooled connection the server closed while idle. AWSSDK.Core 4.1's default of 10 turned every
    /// DynamoDB call during an outage that drops connections into 14 requests (1 + 10 at once, then the 3 backed-off
    /// retries), the "unattributed" factor of the chaos run's DynamoDB outage (docs/RELIABILITY.md); with 1 it is 5.
    /// </summary>
    public const int MaxStaleConnectionRetries = 1;
}
