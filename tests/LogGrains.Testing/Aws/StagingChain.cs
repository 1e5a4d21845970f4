using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using LogGrains.Testing.Moto;

namespace LogGrains.Testing.Aws;

/// <summary>
/// The staging side of the product, built on moto with fresh names: a bucket whose <c>.gz</c> object
/// creations are published to an SNS topic, subscribed by an SQS queue with a dead-letter queue.
/// </summary>
/// <param name="Bucket">The staging bucket.</param>
/// <param name="TopicArn">The hub topic.</param>
/// <param name="QueueUrl">The work queue.</param>
/// <param name="QueueArn">The work queue's ARN.</param>
/// <param name="DeadLetterQueueUrl">The DLQ.</param>
public sealed record StagingChain(string Bucket, string TopicArn, string QueueUrl, string QueueArn, string DeadLetterQueueUrl)
{
    /// <summary>Creates the chain against <paramref name="endpoint"/> (moto, or the proxy in front of it).</summary>
    public static async Task<StagingChain> CreateAsync(Uri endpoint, int maxReceiveCount = 5, AWSCredentials? credentials = null)
    {
        using var s3 = TestAws.S3(endpoint, credentials);
        using var sqs = TestAws.Sqs(endpoint, credentials);
        using var sns = new SnsQueryClient(endpoint, credentials);

        var bucket = MotoServer.UniqueName("staging");
        await s3.PutBucketAsync(bucket).ConfigureAwait(false);

        var dlq = await sqs.CreateQueueAsync(MotoServer.UniqueName("dlq")).ConfigureAwait(false);
        var dlqArn = await QueueArnAsync(sqs, dlq.QueueUrl).ConfigureAwait(false);
        var queue = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = MotoServer.UniqueName("objects"),
            Attributes = new Dictionary<string, string>
            {
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"{{maxReceiveCount}}"}""",
                ["VisibilityTimeout"] = "30",
            },
        }).ConfigureAwait(false);
        var queueArn = await QueueArnAsync(sqs, queue.QueueUrl).ConfigureAwait(false);

        var topicArn = await sns.CreateTopicAsync(MotoServer.UniqueName("hub")).ConfigureAwait(false);
        await sns.SubscribeAsync(topicArn, "sqs", queueArn).ConfigureAwait(false);

        await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = bucket,
            TopicConfigurations =
            [
                new TopicConfiguration
                {
                    Topic = topicArn,
                    Events = [EventType.ObjectCreatedAll],
                    Filter = new Filter
                    {
                        S3KeyFilter = new S3KeyFilter { FilterRules = [new FilterRule("suffix", ".gz")] },
                    },
                },
            ],
        }).ConfigureAwait(false);

        return new StagingChain(bucket, topicArn, queue.QueueUrl, queueArn, dlq.QueueUrl);
    }

    private static async Task<string> QueueArnAsync(AmazonSQSClient sqs, string queueUrl)
    {
        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"]).ConfigureAwait(false);
        return attributes.QueueARN;
    }
}
