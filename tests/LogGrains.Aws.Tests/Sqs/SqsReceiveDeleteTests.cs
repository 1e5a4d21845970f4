using Amazon.SQS.Model;
using LogGrains.Core.Ports;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.Sqs;

[Collection(MotoTests.Collection)]
public sealed class SqsReceiveDeleteTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;
    private TestQueues _queues = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _queues = await TestQueues.CreateAsync(moto.Endpoint);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task ApproximateReceiveCount_is_returned_and_grows_with_each_receipt()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        await sqs.SendMessageAsync(_queues.QueueUrl, "once");
        using var source = _queues.Source(_proxy.Endpoint);

        var first = Assert.Single(await source.ReceiveAsync(10, TimeSpan.FromSeconds(2), CancellationToken.None));
        await source.ChangeVisibilityAsync(first, TimeSpan.Zero, CancellationToken.None);
        var second = Assert.Single(await source.ReceiveAsync(10, TimeSpan.FromSeconds(2), CancellationToken.None));
        await source.ChangeVisibilityAsync(second, TimeSpan.Zero, CancellationToken.None);
        var third = Assert.Single(await source.ReceiveAsync(10, TimeSpan.FromSeconds(2), CancellationToken.None));

        Assert.Equal([1, 2, 3], new[] { first, second, third }.Select(m => m.ApproximateReceiveCount));
        Assert.Equal(first.MessageId, third.MessageId);
        Assert.Equal("once", third.Body);
        Assert.NotEqual(first.ReceiptHandle, third.ReceiptHandle);
    }

    [Fact]
    public async Task Receive_from_an_empty_queue_returns_an_empty_list()
    {
        using var source = _queues.Source(_proxy.Endpoint);

        var messages = await source.ReceiveAsync(10, TimeSpan.Zero, CancellationToken.None);

        Assert.Empty(messages);
    }

    [Fact]
    public async Task Receive_long_polls_and_asks_for_the_receive_count()
    {
        using var source = _queues.Source(_proxy.Endpoint);

        await source.ReceiveAsync(7, TimeSpan.FromSeconds(1), CancellationToken.None);

        var request = Assert.Single(_proxy.Requests, r => r.Info.Operation == "ReceiveMessage");
        using var body = System.Text.Json.JsonDocument.Parse(request.BodyText);
        Assert.Equal(7, body.RootElement.GetProperty("MaxNumberOfMessages").GetInt32());
        Assert.Equal(1, body.RootElement.GetProperty("WaitTimeSeconds").GetInt32());
        Assert.Contains(
            "ApproximateReceiveCount",
            body.RootElement.GetProperty("MessageSystemAttributeNames").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ChangeVisibility_to_zero_makes_the_message_visible_again_at_once()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        await sqs.SendMessageAsync(_queues.QueueUrl, "retry me");
        using var source = _queues.Source(_proxy.Endpoint);
        var received = Assert.Single(await source.ReceiveAsync(1, TimeSpan.FromSeconds(2), CancellationToken.None));
        Assert.Empty(await source.ReceiveAsync(1, TimeSpan.Zero, CancellationToken.None));

        await source.ChangeVisibilityAsync(received, TimeSpan.Zero, CancellationToken.None);

        var again = Assert.Single(await source.ReceiveAsync(1, TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(received.MessageId, again.MessageId);
    }

    [Fact]
    public async Task ChangeVisibility_hides_the_message_for_the_given_time()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        await sqs.SendMessageAsync(_queues.QueueUrl, "later");
        using var source = _queues.Source(_proxy.Endpoint);
        var received = Assert.Single(await source.ReceiveAsync(1, TimeSpan.FromSeconds(2), CancellationToken.None));

        await source.ChangeVisibilityAsync(received, TimeSpan.FromHours(6), CancellationToken.None);

        var request = Assert.Single(_proxy.Requests, r => r.Info.Operation == "ChangeMessageVisibility");
        using var body = System.Text.Json.JsonDocument.Parse(request.BodyText);
        Assert.Equal(21600, body.RootElement.GetProperty("VisibilityTimeout").GetInt32());
        Assert.Empty(await TestQueues.PeekAsync(sqs, _queues.QueueUrl));
        Assert.Equal(1, await TestQueues.DepthAsync(sqs, _queues.QueueUrl));
    }

    [Fact]
    public async Task ExtendVisibility_hides_the_messages_ten_to_a_call_and_returns_those_whose_receipt_is_no_longer_current()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        for (var i = 0; i < 12; i++)
        {
            await sqs.SendMessageAsync(_queues.QueueUrl, $"held {i}");
        }

        using var source = _queues.Source(_proxy.Endpoint);
        var held = new List<SourceMessage>();
        while (held.Count < 12)
        {
            held.AddRange(await source.ReceiveAsync(10, TimeSpan.FromSeconds(1), CancellationToken.None));
        }

        var gone = held[5];
        await sqs.DeleteMessageAsync(_queues.QueueUrl, gone.ReceiptHandle);

        var refused = await source.ExtendVisibilityAsync(held, TimeSpan.FromHours(6), CancellationToken.None);

        Assert.Equal(gone.MessageId, Assert.Single(refused).MessageId);
        var calls = _proxy.Requests.Where(r => r.Info.Operation == "ChangeMessageVisibilityBatch").ToList();
        Assert.Equal(2, calls.Count);
        var entries = calls.Select(c => System.Text.Json.JsonDocument.Parse(c.BodyText).RootElement.GetProperty("Entries")).ToList();
        Assert.Equal([10, 2], entries.Select(e => e.GetArrayLength()));
        Assert.All(entries.SelectMany(e => e.EnumerateArray()), e => Assert.Equal(21600, e.GetProperty("VisibilityTimeout").GetInt32()));
        Assert.DoesNotContain(_proxy.Requests, r => r.Info.Operation == "ChangeMessageVisibility");
        Assert.Empty(await TestQueues.PeekAsync(sqs, _queues.QueueUrl));
        Assert.Equal(11, await TestQueues.DepthAsync(sqs, _queues.QueueUrl));
    }

    [Fact]
    public async Task ChangeVisibility_past_12_hours_since_the_receipt_is_refused_by_SQS_as_transient_and_the_message_stays()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        await sqs.SendMessageAsync(_queues.QueueUrl, "too long");
        using var source = _queues.Source(_proxy.Endpoint);
        var received = Assert.Single(await source.ReceiveAsync(1, TimeSpan.FromSeconds(2), CancellationToken.None));

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            source.ChangeVisibilityAsync(received, TimeSpan.FromHours(12), CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Transient, error.ErrorClass);
        Assert.Equal("sqs:ChangeMessageVisibility", error.Operation);
        Assert.Contains("VisibilityTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await TestQueues.DepthAsync(sqs, _queues.QueueUrl));
    }

    [Fact]
    public async Task ChangeVisibility_outside_0_to_12_hours_is_refused_before_any_call()
    {
        using var source = _queues.Source(_proxy.Endpoint);
        var message = new SourceMessage("id", "handle", "body", 1);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            source.ChangeVisibilityAsync(message, TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            source.ChangeVisibilityAsync(message, TimeSpan.FromSeconds(-1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => source.ReceiveAsync(11, TimeSpan.Zero, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => source.ReceiveAsync(0, TimeSpan.Zero, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => source.ReceiveAsync(1, TimeSpan.FromSeconds(21), CancellationToken.None));
        Assert.Equal(0, _proxy.Count("sqs"));
    }

    [Fact]
    public async Task ChangeVisibility_with_a_receipt_handle_no_longer_valid_is_transient_and_names_the_queue()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        await sqs.SendMessageAsync(_queues.QueueUrl, "gone");
        using var source = _queues.Source(_proxy.Endpoint);
        var received = Assert.Single(await source.ReceiveAsync(1, TimeSpan.FromSeconds(2), CancellationToken.None));
        Assert.Empty(await source.DeleteAsync([received], CancellationToken.None));

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            source.ChangeVisibilityAsync(received, TimeSpan.FromMinutes(1), CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Transient, error.ErrorClass);
        Assert.Equal("sqs:ChangeMessageVisibility", error.Operation);
        Assert.Contains(_queues.QueueUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains(received.MessageId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_25_messages_takes_three_batches_and_empties_the_queue()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        for (var batch = 0; batch < 3; batch++)
        {
            var entries = Enumerable.Range(batch * 10, batch < 2 ? 10 : 5)
                .Select(i => new SendMessageBatchRequestEntry($"m{i}", $"message {i}"))
                .ToList();
            await sqs.SendMessageBatchAsync(_queues.QueueUrl, entries);
        }

        using var source = _queues.Source(_proxy.Endpoint);
        var received = new List<SourceMessage>();
        for (var attempt = 0; attempt < 20 && received.Count < 25; attempt++)
        {
            received.AddRange(await source.ReceiveAsync(10, TimeSpan.FromSeconds(1), CancellationToken.None));
        }

        Assert.Equal(25, received.Select(m => m.MessageId).Distinct().Count());

        var failed = await source.DeleteAsync(received, CancellationToken.None);

        Assert.Empty(failed);
        Assert.Equal(3, _proxy.Count("sqs", "DeleteMessageBatch"));
        Assert.Equal(0, await TestQueues.DepthAsync(sqs, _queues.QueueUrl));
    }

    [Fact]
    public async Task Delete_returns_only_the_messages_whose_receipt_handles_are_refused()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        await sqs.SendMessageAsync(_queues.QueueUrl, "good");
        using var source = _queues.Source(_proxy.Endpoint);
        var good = Assert.Single(await source.ReceiveAsync(1, TimeSpan.FromSeconds(2), CancellationToken.None));
        var bad = new SourceMessage("not-a-message", "not-a-receipt-handle", "", 1);

        var failed = await source.DeleteAsync([bad, good], CancellationToken.None);

        Assert.Equal([bad], failed);
        Assert.Equal(0, await TestQueues.DepthAsync(sqs, _queues.QueueUrl));
    }

    [Fact]
    public async Task Throttled_ReceiveMessage_is_retried_through_to_the_message()
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        await sqs.SendMessageAsync(_queues.QueueUrl, "patience");
        var rule = _proxy.Inject(FaultRule.FirstN("sqs", "ReceiveMessage", new FaultAction.Fail(AwsError.Throttling), 2));
        using var source = _queues.Source(_proxy.Endpoint);

        var message = Assert.Single(await source.ReceiveAsync(1, TimeSpan.FromSeconds(2), CancellationToken.None));

        Assert.Equal("patience", message.Body);
        Assert.Equal(2, rule.Fired);
        Assert.Equal(3, _proxy.Count("sqs", "ReceiveMessage"));
    }

    [Fact]
    public async Task ReceiveMessage_failing_past_the_retries_is_transient_and_names_the_operation_and_queue()
    {
        _proxy.Inject(FaultRule.Always("sqs", "ReceiveMessage", new FaultAction.Fail(AwsError.ServiceUnavailable)));
        using var source = _queues.Source(_proxy.Endpoint, maxErrorRetry: 1);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => source.ReceiveAsync(1, TimeSpan.Zero, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Transient, error.ErrorClass);
        Assert.Equal("sqs:ReceiveMessage", error.Operation);
        Assert.Contains(_queues.QueueUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains("ServiceUnavailable", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("testing", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _proxy.Count("sqs", "ReceiveMessage"));
    }
}
