using LogGrains.Core.Ports;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.Sqs;

[Collection(MotoTests.Collection)]
public sealed class SqsDeadLetterTests(MotoServer moto) : IAsyncLifetime
{
    private const string Body = """{"Type":"Notification","MessageId":"m-1","Message":"{\"Records\":[]}"}""";
    private const string Key = "acme-corp/prod-cluster-1/payment-service/payment-service-7d9f8b6c5-x2k4p/1764158400-6f1c.json.gz";

    private AwsFaultProxy _proxy = null!;
    private TestQueues _queues = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _queues = await TestQueues.CreateAsync(moto.Endpoint);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Poison_message_arrives_in_the_DLQ_with_its_body_and_reason_tenant_and_key_and_leaves_the_source_queue()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        await sqs.SendMessageAsync(_queues.QueueUrl, Body);
        using var source = _queues.Source(_proxy.Endpoint);
        var message = Assert.Single(await source.ReceiveAsync(1, TimeSpan.FromSeconds(2), CancellationToken.None));

        await source.DeadLetterAsync(
            message, new DeadLetter("corrupt gzip: unexpected end of stream", DeliveryErrorClass.Poison, "acme-corp", Key), CancellationToken.None);

        var copy = Assert.Single(await TestQueues.PeekAsync(sqs, _queues.DeadLetterQueueUrl));
        Assert.Equal(Body, copy.Body);
        var attributes = copy.MessageAttributes.ToDictionary(a => a.Key, a => (a.Value.DataType, a.Value.StringValue));
        Assert.Equal(("String", "corrupt gzip: unexpected end of stream"), attributes["loggrains-reason"]);
        Assert.Equal(("String", "Poison"), attributes["loggrains-error-class"]);
        Assert.Equal(("String", "acme-corp"), attributes["loggrains-tenant"]);
        Assert.Equal(("String", Key), attributes["loggrains-object-key"]);
        Assert.Equal(("String", message.MessageId), attributes["loggrains-source-message-id"]);
        Assert.Equal(("Number", "1"), attributes["loggrains-receive-count"]);
        Assert.Equal(0, await TestQueues.DepthAsync(sqs, _queues.QueueUrl));
        Assert.Empty(await TestQueues.PeekAsync(sqs, _queues.QueueUrl));
    }

    [Fact]
    public async Task Empty_tenant_and_key_are_left_out_of_the_attributes_rather_than_sent_empty()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        await sqs.SendMessageAsync(_queues.QueueUrl, "not json at all");
        using var source = _queues.Source(_proxy.Endpoint);
        var message = Assert.Single(await source.ReceiveAsync(1, TimeSpan.FromSeconds(2), CancellationToken.None));

        await source.DeadLetterAsync(message, new DeadLetter("unparsable notification", DeliveryErrorClass.Poison, "", ""), CancellationToken.None);

        var copy = Assert.Single(await TestQueues.PeekAsync(sqs, _queues.DeadLetterQueueUrl));
        Assert.Equal("not json at all", copy.Body);
        Assert.Equal(
            ["loggrains-error-class", "loggrains-reason", "loggrains-receive-count", "loggrains-source-message-id"],
            copy.MessageAttributes.Keys.Order(StringComparer.Ordinal));
        var send = Assert.Single(_proxy.Requests, r => r.Info.Operation == "SendMessage");
        Assert.DoesNotContain("loggrains-tenant", send.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("loggrains-object-key", send.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_characters_and_a_huge_reason_still_reach_the_DLQ_sanitized_and_cut()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        await sqs.SendMessageAsync(_queues.QueueUrl, Body);
        using var source = _queues.Source(_proxy.Endpoint);
        var message = Assert.Single(await source.ReceiveAsync(1, TimeSpan.FromSeconds(2), CancellationToken.None));
        var reason = "key has a control character " + new string('x', 10_000);

        await source.DeadLetterAsync(
            message, new DeadLetter(reason, DeliveryErrorClass.Poison, "acme", "acme/c/app/pod\u0001/f.gz"), CancellationToken.None);

        var copy = Assert.Single(await TestQueues.PeekAsync(sqs, _queues.DeadLetterQueueUrl));
        Assert.Equal("acme/c/app/pod\uFFFD/f.gz", copy.MessageAttributes["loggrains-object-key"].StringValue);
        var storedReason = copy.MessageAttributes["loggrains-reason"].StringValue;
        Assert.Equal(2048, storedReason.Length);
        Assert.StartsWith("key has a control character xxx", storedReason, StringComparison.Ordinal);
        Assert.EndsWith("x…", storedReason, StringComparison.Ordinal);
        Assert.Equal(0, await TestQueues.DepthAsync(sqs, _queues.QueueUrl));
    }

    [Fact]
    public async Task DLQ_send_failure_deletes_nothing_and_leaves_the_message_in_the_source_queue()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        await sqs.SendMessageAsync(_queues.QueueUrl, Body);
        using var source = _queues.Source(_proxy.Endpoint, maxErrorRetry: 1);
        var message = Assert.Single(await source.ReceiveAsync(1, TimeSpan.FromSeconds(2), CancellationToken.None));
        _proxy.Inject(FaultRule.Always("sqs", "SendMessage", new FaultAction.Fail(AwsError.InternalError)));

        var error = await Assert.ThrowsAsync<DeliveryException>(() => source.DeadLetterAsync(
            message, new DeadLetter("corrupt gzip", DeliveryErrorClass.Poison, "acme-corp", Key), CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Transient, error.ErrorClass);
        Assert.Equal("sqs:SendMessage", error.Operation);
        Assert.Equal("acme-corp", error.Tenant);
        Assert.Equal(Key, error.ObjectKey);
        Assert.Contains(_queues.DeadLetterQueueUrl, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _proxy.Count("sqs", "DeleteMessage"));
        Assert.Equal(0, _proxy.Count("sqs", "DeleteMessageBatch"));
        Assert.Equal(1, await TestQueues.DepthAsync(sqs, _queues.QueueUrl));
        Assert.Equal(0, await TestQueues.DepthAsync(sqs, _queues.DeadLetterQueueUrl));
        await source.ChangeVisibilityAsync(message, TimeSpan.Zero, CancellationToken.None);
        var still = Assert.Single(await TestQueues.PeekAsync(sqs, _queues.QueueUrl));
        Assert.Equal(message.MessageId, still.MessageId);
    }

    [Fact]
    public async Task Failed_delete_after_the_DLQ_send_is_transient_and_the_copy_stays_in_the_DLQ()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        await sqs.SendMessageAsync(_queues.QueueUrl, Body);
        using var source = _queues.Source(_proxy.Endpoint, maxErrorRetry: 1);
        var message = Assert.Single(await source.ReceiveAsync(1, TimeSpan.FromSeconds(2), CancellationToken.None));
        _proxy.Inject(FaultRule.Always("sqs", "DeleteMessage", new FaultAction.Fail(AwsError.InternalError)));

        var error = await Assert.ThrowsAsync<DeliveryException>(() => source.DeadLetterAsync(
            message, new DeadLetter("corrupt gzip", DeliveryErrorClass.Poison, "acme-corp", Key), CancellationToken.None));

        Assert.Equal("sqs:DeleteMessage", error.Operation);
        Assert.Equal(DeliveryErrorClass.Transient, error.ErrorClass);
        Assert.Equal(1, await TestQueues.DepthAsync(sqs, _queues.DeadLetterQueueUrl));
        Assert.Equal(1, await TestQueues.DepthAsync(sqs, _queues.QueueUrl));
    }
}
