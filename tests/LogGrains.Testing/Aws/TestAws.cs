using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SQS;

namespace LogGrains.Testing.Aws;

/// <summary>
/// AWS SDK v4 clients pointed at a loopback endpoint (moto, or the fault proxy in front of it).
/// </summary>
public static class TestAws
{
    /// <summary>The credentials moto maps to its default account 123456789012.</summary>
    public static AWSCredentials DefaultCredentials { get; } = new BasicAWSCredentials("testing", "testing");

    /// <summary>An S3 client (path style, checksums only when required).</summary>
    public static AmazonS3Client S3(Uri endpoint, AWSCredentials? credentials = null, string? accountId = null) =>
        new(credentials ?? DefaultCredentials, Configure(new AmazonS3Config { ForcePathStyle = true }, endpoint, accountId));

    /// <summary>An SQS client.</summary>
    public static AmazonSQSClient Sqs(Uri endpoint, AWSCredentials? credentials = null, string? accountId = null) =>
        new(credentials ?? DefaultCredentials, Configure(new AmazonSQSConfig(), endpoint, accountId));

    /// <summary>An STS client.</summary>
    public static AmazonSecurityTokenServiceClient Sts(Uri endpoint, AWSCredentials? credentials = null, string? accountId = null) =>
        new(credentials ?? DefaultCredentials, Configure(new AmazonSecurityTokenServiceConfig(), endpoint, accountId));

    /// <summary>A DynamoDB client.</summary>
    public static AmazonDynamoDBClient DynamoDb(Uri endpoint, AWSCredentials? credentials = null, string? accountId = null) =>
        new(credentials ?? DefaultCredentials, Configure(new AmazonDynamoDBConfig(), endpoint, accountId));

    /// <summary>Visible plus in-flight messages of a queue: zero only when nothing is left on it.</summary>
    public static async Task<int> QueueDepthAsync(IAmazonSQS sqs, string queueUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        var attributes = await sqs.GetQueueAttributesAsync(
            queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], cancellationToken).ConfigureAwait(false);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    /// <summary>
    /// Points a client configuration at <paramref name="endpoint"/> with a fixed signing region and
    /// checksums only where the service requires them. With <paramref name="accountId"/>, every request
    /// carries <c>x-moto-account-id</c> so that moto serves that account's data.
    /// </summary>
    public static T Configure<T>(T config, Uri endpoint, string? accountId = null)
        where T : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(endpoint);
        config.ServiceURL = endpoint.ToString();
        config.AuthenticationRegion = Moto.MotoServer.Region;
        config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
        config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        config.Timeout = TimeSpan.FromSeconds(30);
        if (accountId is not null)
        {
            config.HttpClientFactory = new HeaderHttpClientFactory("x-moto-account-id", accountId);
        }

        return config;
    }
}
