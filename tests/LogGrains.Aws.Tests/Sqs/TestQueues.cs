using Amazon.SQS;
using Amazon.SQS.Model;
using LogGrains.Aws.Sqs;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.Sqs;

/// <summary>A fresh work queue and dead-letter queue on moto, and what the tests need to look at them directly.</summary>
internal sealed record TestQueues(string QueueUrl, string DeadLetterQueueUrl)
{
    public static async Task<TestQueues> CreateAsync(Uri motoEndpoint)
    {
        using var sqs = TestAws.Sqs(motoEndpoint);
        var dlq = await sqs.CreateQueueAsync(MotoServer.UniqueName("dlq"));
        var queue = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = MotoServer.UniqueName("objects"),
            Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "30" },
        });
        return new TestQueues(queue.QueueUrl, dlq.QueueUrl);
    }

    public SqsNotificationSource Source(Uri endpoint, int maxErrorRetry = 4) =>
        new(
            new SqsNotificationSourceOptions
            {
                QueueUrl = QueueUrl,
                DeadLetterQueueUrl = DeadLetterQueueUrl,
                ServiceUrl = endpoint,
                Region = MotoServer.Region,
                MaxErrorRetry = maxErrorRetry,
            },
            TestAws.DefaultCredentials,
            logger: null);

    /// <summary>Visible plus in-flight messages: zero only when nothing is left on the queue.</summary>
    public static Task<int> DepthAsync(AmazonSQSClient sqs, string queueUrl) => TestAws.QueueDepthAsync(sqs, queueUrl);

    /// <summary>Receives everything currently visible without hiding it (visibility 0), so tests can look without changing the queue.</summary>
    public static async Task<List<Message>> PeekAsync(AmazonSQSClient sqs, string queueUrl)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            VisibilityTimeout = 0,
            WaitTimeSeconds = 0,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        });
        return response.Messages ?? [];
    }
}
