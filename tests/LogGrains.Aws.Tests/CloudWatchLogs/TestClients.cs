using Amazon.Runtime;
using LogGrains.Aws.CloudWatchLogs;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.CloudWatchLogs;

/// <summary>Clients and targets for the tests: an explicit endpoint and an empty environment, so the machine's variables never interfere.</summary>
internal static class TestClients
{
    public static CloudWatchLogsTarget Target(AWSCredentials? credentials = null, string region = MotoServer.Region) =>
        new(region, credentials ?? TestAws.DefaultCredentials);

    public static CloudWatchLogsClient Through(
        Uri endpoint,
        Func<HttpMessageHandler>? transport = null,
        TimeProvider? timeProvider = null,
        TimeSpan? requestTimeout = null) =>
        new(
            new CloudWatchLogsClientOptions
            {
                ServiceUrl = endpoint,
                RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30),
            },
            logger: null,
            timeProvider ?? new ImmediateTimeProvider(),
            static _ => null,
            transport);

    public static string GroupName(string prefix = "group") => "/loggrains/" + MotoServer.UniqueName(prefix);
}
