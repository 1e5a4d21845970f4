using System.Text.Json;
using Amazon.S3.Model;
using LogGrains.Core.Ports;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.Sqs;

[Collection(MotoTests.Collection)]
public sealed class SqsStagingChainTests(MotoServer moto)
{
    [Fact]
    public async Task S3_to_SNS_to_SQS_chain_delivers_the_SNS_envelope_through_ReceiveAsync_unchanged()
    {
        var chain = await StagingChain.CreateAsync(moto.Endpoint);
        var queues = new TestQueues(chain.QueueUrl, chain.DeadLetterQueueUrl);
        using var s3 = TestAws.S3(moto.Endpoint);
        using var sqs = TestAws.Sqs(moto.Endpoint);
        const string key = "acme-corp/prod-cluster-1/payment-service/payment-service-7d9f8b6c5-x2k4p/1764158400-6f1c.json.gz";
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = chain.Bucket, Key = key, ContentBody = "x" });
        using var source = queues.Source(moto.Endpoint);

        var received = new List<SourceMessage>();
        for (var attempt = 0; attempt < 20 && received.Count < 2; attempt++)
        {
            received.AddRange(await source.ReceiveAsync(10, TimeSpan.FromSeconds(1), CancellationToken.None));
        }

        var notification = Assert.Single(received, m => m.Body.Contains("\\\"Records\\\"", StringComparison.Ordinal));
        using var envelope = JsonDocument.Parse(notification.Body);
        Assert.Equal("Notification", envelope.RootElement.GetProperty("Type").GetString());
        Assert.Equal(chain.TopicArn, envelope.RootElement.GetProperty("TopicArn").GetString());
        Assert.Contains("payment-service-7d9f8b6c5-x2k4p", envelope.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, notification.ApproximateReceiveCount);

        await source.ChangeVisibilityAsync(notification, TimeSpan.Zero, CancellationToken.None);
        var direct = Assert.Single(await TestQueues.PeekAsync(sqs, chain.QueueUrl), m => m.MessageId == notification.MessageId);
        Assert.Equal(direct.Body, notification.Body);
    }
}
