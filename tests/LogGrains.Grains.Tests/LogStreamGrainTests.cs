using LogGrains.Abstractions;
using LogGrains.Core.Ports;
using LogGrains.Testing.Ports;
using LogGrains.Testing.Metrics;

namespace LogGrains.Grains.Tests;

public sealed class LogStreamGrainTests(GrainWorld world) : IClassFixture<GrainWorld>
{
    [Fact]
    public async Task Same_object_announced_twice_at_once_is_sent_once_and_the_follower_hears_it_was_delivered()
    {
        var stream = TestStream.Create(world, "follow");
        var file = stream.Stage(world, 30);

        var outcomes = await Task.WhenAll(stream.Deliver(file), stream.Deliver(file));

        Assert.Equal([DeliveryStatus.Delivered, DeliveryStatus.Duplicate], outcomes.Select(o => o.Status).Order());
        Assert.Equal(30, outcomes.Single(o => o.Status == DeliveryStatus.Delivered).Events);
        Assert.Equal(file.Messages, Messages(world.Destination.Accepted(stream.Target)));
        Assert.Single(world.Objects.Opened, file.Key);
    }

    [Fact]
    public async Task Object_announced_again_while_its_request_is_in_flight_is_not_sent_again()
    {
        var stream = TestStream.Create(world, "inflight");
        var file = stream.Stage(world, 30);
        var gate = new Gate();
        world.Destination.Script(stream.Target, new PutAnswer.Hold(gate));

        var first = stream.Deliver(file);
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var second = stream.Deliver(file);
        await Task.Delay(200);
        gate.Open();

        Assert.Equal(DeliveryStatus.Delivered, (await first).Status);
        Assert.Equal(DeliveryStatus.Duplicate, (await second).Status);
        Assert.Equal(file.Messages, Messages(world.Destination.Accepted(stream.Target)));
        Assert.Single(world.Destination.Requests(stream.Target));
    }

    [Fact]
    public async Task A_follower_shares_its_leaders_failure_and_the_object_is_delivered_once_when_announced_again()
    {
        var stream = TestStream.Create(world, "follow-fail");
        var file = stream.Stage(world, 10);
        var failure = new PutAnswer.Fail(DeliveryErrorClass.Transient, "InternalFailure (scripted)");
        world.Destination.Script(stream.Target, failure, failure, failure);

        var outcomes = await Task.WhenAll(stream.Deliver(file), stream.Deliver(file));
        var again = await stream.Deliver(file);

        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Transient, o.Status));
        Assert.All(outcomes, o => Assert.Contains("InternalFailure", o.Reason, StringComparison.Ordinal));
        Assert.Equal(DeliveryStatus.Delivered, again.Status);
        Assert.Equal(file.Messages, Messages(world.Destination.Accepted(stream.Target)));
    }

    [Fact]
    public async Task Small_objects_of_one_stream_share_requests_and_every_event_arrives_once_in_order()
    {
        var stream = TestStream.Create(world, "group");
        var files = stream.StageMany(world, 4, 20);

        var outcomes = await stream.DeliverAll(files);

        Assert.All(outcomes, o => Assert.Equal((DeliveryStatus.Delivered, 20L), (o.Status, o.Events)));
        var requests = world.Destination.Requests(stream.Target);
        Assert.Equal([40, 40], requests.Select(r => r.Events.Count));
        Assert.All(requests, r => Assert.Equal(2, Messages(r.Events).Select(ObjectOf).Distinct().Count()));
        var sent = Messages(world.Destination.Accepted(stream.Target));
        Assert.Equal(files.Sum(f => f.Messages.Count), sent.Distinct().Count());
        foreach (var file in files)
        {
            Assert.Equal(file.Messages, sent.Where(m => ObjectOf(m) == file.Key));
            Assert.Equal(new ObjectProgress(20, true, default), await Progress(stream, file));
        }
    }

    [Fact]
    public async Task Partly_rejected_group_counts_each_objects_own_rejections()
    {
        var stream = TestStream.Create(world, "reject");
        var start = DateTimeOffset.UtcNow.AddHours(-1);

        // Interleaved timestamps: the request alternates a0 b0 a1 b1 ... a9 b9.
        var a = stream.Stage(world, 10, start, spacingMs: 2);
        var b = stream.Stage(world, 10, start.AddMilliseconds(1), spacingMs: 2);

        // Too old: 0-1 (a0 b0); expired: 2-3 (a1 b1); too new: 17-19 (b8 a9 b9).
        world.Destination.Script(stream.Target, new PutAnswer.Reject(TooNewStartIndex: 17, TooOldEndIndex: 1, ExpiredEndIndex: 3));
        var outcomes = await Task.WhenAll(stream.Deliver(a), stream.Deliver(b));

        Assert.Single(world.Destination.Requests(stream.Target));
        Assert.Equal((3L, 7L), (outcomes[0].Rejected, outcomes[0].Events));
        Assert.Equal((4L, 6L), (outcomes[1].Rejected, outcomes[1].Events));
        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Delivered, o.Status));
    }

    [Fact]
    public async Task Throttled_requests_are_retried_counted_and_the_events_sent_once()
    {
        var stream = TestStream.Create(world, "throttle");
        var file = stream.Stage(world, 10);
        world.Destination.Script(stream.Target, new PutAnswer.Throttle(), new PutAnswer.Throttle());

        var outcome = await stream.Deliver(file);

        Assert.Equal((DeliveryStatus.Delivered, 2, 1), (outcome.Status, outcome.Throttles, outcome.Batches));
        Assert.Equal(3, world.Destination.Requests(stream.Target).Count);
        Assert.Equal(file.Messages, Messages(world.Destination.Accepted(stream.Target)));
    }

    [Fact]
    public async Task Redelivered_object_resumes_after_its_checkpoint()
    {
        var stream = TestStream.Create(world, "resume");
        var file = stream.Stage(world, 20);
        world.Checkpoints.Seed(stream.Target, new ObjectCheckpoint(file.Key, 12, Complete: false, DateTimeOffset.UtcNow));

        var outcome = await stream.Deliver(file);

        Assert.Equal((DeliveryStatus.Delivered, 8L), (outcome.Status, outcome.Events));
        Assert.Equal(file.Messages.Skip(12), Messages(world.Destination.Accepted(stream.Target)));
        Assert.Equal(new ObjectProgress(20, true, default), await Progress(stream, file));
    }

    [Fact]
    public async Task Object_whose_checkpoint_could_not_be_stored_is_not_acknowledged_and_is_not_sent_again()
    {
        var stream = TestStream.Create(world, "unsaved");
        var file = stream.Stage(world, 10);
        world.Checkpoints.FailSaves(stream.Target, 1);

        var first = await stream.Deliver(file);
        var again = await stream.Deliver(file);

        Assert.Equal(DeliveryStatus.Transient, first.Status);
        Assert.Equal(DeliveryStatus.Duplicate, again.Status);
        Assert.Single(world.Destination.Requests(stream.Target));
        Assert.Equal(new ObjectCheckpoint(file.Key, 10, true, default), world.Checkpoints.Find(stream.Target, file.Key)! with { UpdatedAt = default });
    }

    [Fact]
    public async Task Request_accepted_but_its_checkpoint_lost_with_the_activation_is_read_back_and_not_sent_again()
    {
        using var readbacks = InstrumentCounter.StreamReadbacks();
        var stream = TestStream.Create(world, "readback-present");
        var files = stream.StageMany(world, 2, 20);

        var (first, again) = await stream.DeliverLosingCheckpoints(world, files);

        Assert.All(first, o => Assert.Equal(DeliveryStatus.Transient, o.Status));
        Assert.All(again, o => Assert.Equal(DeliveryStatus.Duplicate, o.Status));
        var request = Assert.Single(world.Destination.Requests(stream.Target));
        Assert.Equal(40, request.Events.Count);
        var sent = Messages(world.Destination.Accepted(stream.Target));
        foreach (var file in files)
        {
            Assert.Equal(file.Messages, sent.Where(m => ObjectOf(m) == file.Key));
            Assert.Equal(new ObjectProgress(20, true, default), await Progress(stream, file));
        }

        Assert.Single(world.Destination.Readbacks(stream.Target));
        Assert.Equal([("present", 1L)], readbacks.Of(stream.Tenant));
    }

    [Fact]
    public async Task Request_whose_outcome_is_unknown_is_resolved_in_the_same_activation_before_anything_else_is_sent()
    {
        using var readbacks = InstrumentCounter.StreamReadbacks();
        var stream = TestStream.Create(world, "readback-timeout");
        var file = stream.Stage(world, 10);
        var timeout = new PutAnswer.Fail(DeliveryErrorClass.Transient, "InternalFailure (scripted)");
        world.Destination.Script(stream.Target, timeout, timeout, timeout);

        var first = await stream.Deliver(file);
        var again = await stream.Deliver(file);

        Assert.Equal(DeliveryStatus.Transient, first.Status);
        Assert.Equal(DeliveryStatus.Delivered, again.Status);
        Assert.Equal(file.Messages, Messages(world.Destination.Accepted(stream.Target)));
        Assert.Equal([("absent", 1L)], readbacks.Of(stream.Tenant));
    }

    [Fact]
    public async Task Readback_denied_sends_the_unconfirmed_request_again_once_and_counts_it()
    {
        using var readbacks = InstrumentCounter.StreamReadbacks();
        var stream = TestStream.Create(world, "readback-denied");
        var file = stream.Stage(world, 10);
        world.Destination.FailReadbacks(stream.Target, DeliveryErrorClass.TenantBlocked);

        var (first, again) = await stream.DeliverLosingCheckpoints(world, file);
        var third = await stream.Deliver(file);

        Assert.Equal(DeliveryStatus.Transient, first.Status);
        Assert.Equal(DeliveryStatus.Delivered, again.Status);
        Assert.Equal(DeliveryStatus.Duplicate, third.Status);
        Assert.Equal(2, world.Destination.Requests(stream.Target).Count);
        Assert.Equal([.. file.Messages, .. file.Messages], Messages(world.Destination.Accepted(stream.Target)));
        Assert.Equal([("denied", 1L)], readbacks.Of(stream.Tenant));
    }

    [Fact]
    public async Task Events_not_yet_readable_are_waited_for_within_the_settle_time_and_then_found()
    {
        using var readbacks = InstrumentCounter.StreamReadbacks();
        var stream = TestStream.Create(world, "readback-settle");
        var file = stream.Stage(world, 10);
        world.Destination.DelayReads(stream.Target, GrainWorld.ReadbackSettleTime / 2);

        var (first, again) = await stream.DeliverLosingCheckpoints(world, file);

        Assert.Equal((DeliveryStatus.Transient, DeliveryStatus.Duplicate), (first.Status, again.Status));
        Assert.Single(world.Destination.Requests(stream.Target));
        Assert.Equal(file.Messages, Messages(world.Destination.Accepted(stream.Target)));
        var reads = world.Destination.Readbacks(stream.Target);
        Assert.Equal([0, 10], reads.Select(r => r.Events.Count));
        Assert.Equal([("present", 1L)], readbacks.Of(stream.Tenant));
    }

    [Fact]
    public async Task Events_not_readable_within_the_settle_time_are_decided_absent_after_waiting_and_sent_again()
    {
        using var readbacks = InstrumentCounter.StreamReadbacks();
        var stream = TestStream.Create(world, "readback-late");
        var file = stream.Stage(world, 10);
        world.Destination.DelayReads(stream.Target, TimeSpan.FromMinutes(5));

        var (first, again) = await stream.DeliverLosingCheckpoints(world, file);

        Assert.Equal((DeliveryStatus.Transient, DeliveryStatus.Delivered), (first.Status, again.Status));
        Assert.Equal(2, world.Destination.Readbacks(stream.Target).Count);
        Assert.Equal(2, world.Destination.Requests(stream.Target).Count);
        Assert.Equal([("absent", 1L)], readbacks.Of(stream.Tenant));
    }

    [Fact]
    public async Task A_request_costs_one_in_flight_record_plus_its_objects_checkpoints_and_no_readback_when_confirmed()
    {
        var stream = TestStream.Create(world, "readback-cost");
        var files = stream.StageMany(world, 2, 20);

        await stream.DeliverAll(files);
        await world.Cluster.DeactivateAsync(stream.Grain);
        var again = await stream.DeliverAll(files);

        Assert.All(again, o => Assert.Equal(DeliveryStatus.Duplicate, o.Status));
        Assert.Single(world.Destination.Requests(stream.Target));
        Assert.Equal(1 + files.Count, world.Checkpoints.Writes(stream.Target));
        Assert.Empty(world.Destination.Readbacks(stream.Target));
    }

    [Fact]
    public async Task Object_with_fewer_pieces_than_its_checkpoint_is_poison_and_nothing_is_sent()
    {
        var stream = TestStream.Create(world, "shrunk");
        var file = stream.Stage(world, 20);
        world.Checkpoints.Seed(stream.Target, new ObjectCheckpoint(file.Key, 30, Complete: false, DateTimeOffset.UtcNow));

        var outcome = await stream.Deliver(file);

        Assert.Equal(DeliveryStatus.Poison, outcome.Status);
        Assert.Contains("changed since it was first delivered", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(world.Destination.Requests(stream.Target));
        Assert.Equal(new ObjectCheckpoint(file.Key, 30, false, default), world.Checkpoints.Find(stream.Target, file.Key)! with { UpdatedAt = default });
    }

    [Fact]
    public async Task Corrupt_object_is_poison_and_leaves_no_empty_stream_behind()
    {
        var stream = TestStream.Create(world, "corrupt");
        var file = StagedFile.CorruptGzip(stream.Tenant, "app", "pod-0");
        world.Objects.Put(file.Key, file.Content);

        var outcome = await stream.Deliver(file);

        Assert.Equal(DeliveryStatus.Poison, outcome.Status);
        Assert.Contains("cannot be decoded", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(world.Destination.CallsTo(stream.Target));
    }

    [Fact]
    public async Task Stream_is_created_once_before_its_first_request()
    {
        var stream = TestStream.Create(world, "ensure");

        Assert.Equal(DeliveryStatus.Delivered, (await stream.Deliver(stream.Stage(world, 5))).Status);
        Assert.Equal(DeliveryStatus.Delivered, (await stream.Deliver(stream.Stage(world, 5))).Status);

        Assert.Equal(
            [DestinationCall.CreateLogStream, DestinationCall.PutLogEvents, DestinationCall.PutLogEvents],
            world.Destination.CallsTo(stream.Target).Select(c => c.Operation));
    }

    [Fact]
    public async Task Stream_that_vanished_after_it_was_ensured_is_ensured_again_before_the_next_request()
    {
        var stream = TestStream.Create(world, "vanish");
        Assert.Equal(DeliveryStatus.Delivered, (await stream.Deliver(stream.Stage(world, 5))).Status);
        world.Destination.Script(stream.Target, new PutAnswer.Fail(DeliveryErrorClass.TenantBlocked, "ResourceNotFoundException: The specified log group does not exist (scripted)"));
        var file = stream.Stage(world, 5);

        var blocked = await stream.Deliver(file);
        var retried = await stream.Deliver(file);

        Assert.Equal(DeliveryStatus.TenantBlocked, blocked.Status);
        Assert.Equal((DeliveryStatus.Delivered, 5L), (retried.Status, retried.Events));
        Assert.Equal(
            [DestinationCall.CreateLogStream, DestinationCall.PutLogEvents, DestinationCall.PutLogEvents, DestinationCall.CreateLogStream, DestinationCall.PutLogEvents],
            world.Destination.CallsTo(stream.Target).Select(c => c.Operation));
        Assert.Equal(file.Messages, Messages(world.Destination.Requests(stream.Target)[^1].Events));
    }

    private static List<string> Messages(IEnumerable<SentEvent> events) => [.. events.Select(e => e.Message)];

    private static string ObjectOf(string message) => message[..message.LastIndexOf(" #", StringComparison.Ordinal)];

    private static async Task<ObjectProgress?> Progress(TestStream stream, StagedFile file) =>
        await stream.Grain.GetProgress(file.Key) is { } progress ? progress with { UpdatedAt = default } : null;
}
