using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace LogGrains.Orleans.DynamoDB.Shared;

/// <summary>Builds a DynamoDB client from provider options.</summary>
internal static class DynamoDbClientFactory
{
    public static AmazonDynamoDBClient Create(DynamoDbProviderOptions options, string owner)
    {
        try
        {
            return CreateClient(options);
        }
        catch (AmazonClientException ex)
        {
            throw new InvalidOperationException(
                $"Cannot create the DynamoDB client for {owner} from {options.GetType().Name} ({nameof(options.Region)}, {nameof(options.ServiceUrl)}, credentials): {ex.Message}",
                ex);
        }
    }

    private static AmazonDynamoDBClient CreateClient(DynamoDbProviderOptions options)
    {
        // One immediate retry after a reset or closed connection, not the SDK's 10: during an outage that drops
        // connections each membership or grain-state call would otherwise send 14 requests (LogGrains.Aws'
        // AwsClientDefaults says why).
        var config = new AmazonDynamoDBConfig { MaxStaleConnectionRetries = 1 };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
        }
        else if (!string.IsNullOrWhiteSpace(options.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        // SDK v4: an AWS_ENDPOINT_URL_* variable overrides the endpoint and, without this, signs for us-east-1.
        if (!string.IsNullOrWhiteSpace(options.Region))
        {
            config.AuthenticationRegion = options.Region;
        }

        if (string.IsNullOrEmpty(options.AccessKey))
        {
            return new AmazonDynamoDBClient(config);
        }

        AWSCredentials credentials = string.IsNullOrEmpty(options.SessionToken)
            ? new BasicAWSCredentials(options.AccessKey, options.SecretKey)
            : new SessionAWSCredentials(options.AccessKey, options.SecretKey, options.SessionToken);
        return new AmazonDynamoDBClient(credentials, config);
    }
}
