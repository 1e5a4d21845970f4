using LogGrains.Aws.CloudWatchLogs;
using LogGrains.Core.Ports;

namespace LogGrains.Aws.Destinations;

/// <summary>Creates the CloudWatch Logs <see cref="ILogDestination"/>.</summary>
public static class CloudWatchLogDestinationFactory
{
    /// <summary>A destination sending through <paramref name="client"/>, with tenant credentials per call.</summary>
    public static ILogDestination Create(ICloudWatchLogsClient client) => new CloudWatchLogDestination(client);
}
