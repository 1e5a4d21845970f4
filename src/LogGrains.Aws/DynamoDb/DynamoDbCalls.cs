using System.Net.Sockets;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace LogGrains.Aws.DynamoDb;

/// <summary>What the DynamoDB adapters (tenant store, checkpoint store, usage ledger) share: client set-up and how a failed call is recognised and named.</summary>
internal static class DynamoDbCalls
{
    /// <summary>A client configuration signed for <paramref name="region"/>, at <paramref name="serviceUrl"/> when given (an emulator).</summary>
    public static AmazonDynamoDBConfig Config(string region, Uri? serviceUrl, TimeSpan requestTimeout, int maxErrorRetry)
    {
        var config = new AmazonDynamoDBConfig
        {
            AuthenticationRegion = region,
            Timeout = requestTimeout,
            MaxErrorRetry = maxErrorRetry,
            MaxStaleConnectionRetries = AwsClientDefaults.MaxStaleConnectionRetries,
        };
        if (serviceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }

    /// <summary>Whether <paramref name="e"/> is a failed call (service error, transport, timeout) rather than our own cancellation or a bug.</summary>
    public static bool IsCallFailure(Exception e, CancellationToken cancellationToken) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or SocketException or TimeoutException ||
        (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>The service's error code and HTTP status of a failed call (the exception's type and 0 for transport failures).</summary>
    public static (string Code, int Status) ErrorOf(Exception e) => e is AmazonServiceException service
        ? (string.IsNullOrEmpty(service.ErrorCode) ? "(no error code)" : service.ErrorCode, (int)service.StatusCode)
        : (e is OperationCanceledException ? "Timeout" : e.GetType().Name, 0);
}
