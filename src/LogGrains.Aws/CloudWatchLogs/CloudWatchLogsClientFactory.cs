using Microsoft.Extensions.Logging;

namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>Creates <see cref="ICloudWatchLogsClient"/> instances; keep one per process and dispose it at shutdown.</summary>
public static class CloudWatchLogsClientFactory
{
    /// <summary>
    /// Creates a client. Endpoint overrides are read from the environment once, here
    /// (<c>AWS_ENDPOINT_URL_CLOUDWATCH_LOGS</c>, then <c>AWS_ENDPOINT_URL</c>), unless
    /// <see cref="CloudWatchLogsClientOptions.ServiceUrl"/> is set, which wins.
    /// </summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="logger">Where the client logs; nothing when null.</param>
    /// <param name="timeProvider">The clock the internal retry delays run on; the system clock when null.</param>
    public static ICloudWatchLogsClient Create(
        CloudWatchLogsClientOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null) =>
        new CloudWatchLogsClient(options ?? new CloudWatchLogsClientOptions(), logger, timeProvider);
}
