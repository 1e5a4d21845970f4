using System.Text.Json;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;

namespace LogGrains.Testing.Tests;

[Collection(MotoTests.Collection)]
public sealed class StagingChainTests(MotoServer moto)
{
    [Fact]
    public async Task PutObject_reaches_the_queue_as_an_SNS_envelope_holding_the_S3_event()
    {
        var chain = await StagingChain.CreateAsync(moto.Endpoint);
        using var s3 = TestAws.S3(moto.Endpoint);
        using var sqs = TestAws.Sqs(moto.Endpoint);
        const string key = "acme-corp/prod-cluster-1/payment-service/payment-service-7d9f8b6c5-x2k4p/1764158400-6f1c.json.gz";

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = chain.Bucket, Key = key, ContentBody = "x" });

        var messages = await ReceiveAllAsync(sqs, chain.QueueUrl, expected: 2);
        Assert.Equal(2, messages.Count);
        var envelopes = messages.Select(m => JsonDocument.Parse(m.Body).RootElement).ToList();
        Assert.All(envelopes, e => Assert.Equal("Notification", e.GetProperty("Type").GetString()));
        Assert.All(envelopes, e => Assert.Equal(chain.TopicArn, e.GetProperty("TopicArn").GetString()));
        var events = envelopes.Select(e => JsonDocument.Parse(e.GetProperty("Message").GetString()!).RootElement).ToList();
        Assert.Single(events, e => e.TryGetProperty("Event", out var name) && name.GetString() == "s3:TestEvent");
        var s3Event = Assert.Single(events, e => e.TryGetProperty("Records", out _));
        var record = Assert.Single(s3Event.GetProperty("Records").EnumerateArray().ToArray());
        Assert.StartsWith("ObjectCreated:", record.GetProperty("eventName").GetString(), StringComparison.Ordinal);
        Assert.Equal(chain.Bucket, record.GetProperty("s3").GetProperty("bucket").GetProperty("name").GetString());
        var encodedKey = record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString();
        Assert.Equal(key, System.Net.WebUtility.UrlDecode(encodedKey));
    }

    private static async Task<List<Message>> ReceiveAllAsync(Amazon.SQS.AmazonSQSClient sqs, string queueUrl, int expected)
    {
        var received = new List<Message>();
        for (var attempt = 0; attempt < 20 && received.Count < expected; attempt++)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
            });
            received.AddRange(response.Messages ?? []);
        }

        return received;
    }
}
