using System.Text;
using LogGrains.Abstractions;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;
using LogGrains.Core.Usage;
using LogGrains.Testing.Ports;

namespace LogGrains.Grains.Tests;

/// <summary>What the grains count in the usage ledger, and that a retry, a duplicate or a redo after a lost activation counts once.</summary>
public sealed class UsageRecordingTests(GrainWorld world) : IClassFixture<GrainWorld>
{
    [Fact]
    public async Task Delivered_objects_count_their_objects_events_bytes_and_one_call_and_a_duplicate_counts_nothing()
    {
        var stream = TestStream.Create(world, "usage-plain");
        var files = stream.StageMany(world, 2, 20);

        var first = await stream.DeliverAll(files);
        var again = await stream.DeliverAll(files);

        Assert.All(first, o => Assert.Equal(DeliveryStatus.Delivered, o.Status));
        Assert.All(again, o => Assert.Equal(DeliveryStatus.Duplicate, o.Status));
        Assert.Equal(Held(stream) with { Objects = 2 }, world.Usage.Total(stream.Tenant));
        Assert.Equal(1, world.Usage.Total(stream.Tenant).PutLogEventsCalls);
    }

    [Fact]
    public async Task Request_redone_by_readback_after_its_activation_was_lost_is_counted_once()
    {
        var stream = TestStream.Create(world, "usage-readback");
        var files = stream.StageMany(world, 2, 20);

        var (first, again) = await stream.DeliverLosingCheckpoints(world, files);

        Assert.All(first, o => Assert.Equal(DeliveryStatus.Transient, o.Status));
        Assert.All(again, o => Assert.Equal(DeliveryStatus.Duplicate, o.Status));
        Assert.Single(world.Destination.Requests(stream.Target));
        Assert.Equal(Held(stream) with { Objects = 2 }, world.Usage.Total(stream.Tenant));
        Assert.Equal((40L, 1L), (world.Usage.Total(stream.Tenant).Events, world.Usage.Total(stream.Tenant).PutLogEventsCalls));
    }

    [Fact]
    public async Task A_usage_write_that_fails_after_the_put_fails_the_round_and_the_readback_counts_the_request_once_without_resending()
    {
        var stream = TestStream.Create(world, "usage-fail");
        var file = stream.Stage(world, 10);
        world.Usage.FailWrites(stream.Tenant, 1);

        var first = await stream.Deliver(file);
        var again = await stream.Deliver(file);

        Assert.Equal((DeliveryStatus.Transient, DeliveryStatus.Duplicate), (first.Status, again.Status));
        Assert.Single(world.Destination.Requests(stream.Target));
        Assert.Single(world.Destination.Readbacks(stream.Target));
        Assert.Equal(Held(stream) with { Objects = 1 }, world.Usage.Total(stream.Tenant));
    }

    [Fact]
    public async Task A_request_sent_again_after_a_refused_readback_is_counted_again_as_CloudWatch_holds_it_twice()
    {
        var stream = TestStream.Create(world, "usage-resent");
        var file = stream.Stage(world, 10);
        world.Destination.FailReadbacks(stream.Target, DeliveryErrorClass.TenantBlocked);

        var (_, again) = await stream.DeliverLosingCheckpoints(world, file);

        Assert.Equal(DeliveryStatus.Delivered, again.Status);
        Assert.Equal(20, world.Destination.Accepted(stream.Target).Count);
        Assert.Equal(Held(stream) with { Objects = 1 }, world.Usage.Total(stream.Tenant));
        Assert.Equal(2, world.Usage.Total(stream.Tenant).PutLogEventsCalls);
    }

    [Fact]
    public async Task An_S3_copy_counts_the_object_and_its_bytes_once_and_a_dead_letter_counts_once_per_object()
    {
        var tenant = GrainWorld.Unique("usage-s3");
        world.Tenants.Set(tenant, new TenantItem(
        [
            KeyValuePair.Create("tenant_id", TenantAttribute.S(tenant)),
            KeyValuePair.Create("type", TenantAttribute.S("s3")),
            KeyValuePair.Create("log_distribution_role_arn", TenantAttribute.S(FakeTenantStore.RoleArn)),
            KeyValuePair.Create("bucket_name", TenantAttribute.S("tenant-bucket")),
        ]));
        var file = StagedFile.Create(tenant, "app", "pod-0", 10, DateTimeOffset.UtcNow.AddHours(-1));
        var grain = world.Grains.GetGrain<ITenantGrain>(tenant);

        var copied = await grain.Deliver(file.Staged);
        await grain.Deliver(file.Staged);
        await grain.RecordDeadLetter("some/other/object", "poison");
        await grain.RecordDeadLetter("some/other/object", "poison");

        Assert.Equal(DeliveryStatus.Delivered, copied.Status);
        var totals = await world.Usage.QueryAsync(new UsageQuery(tenant, DateOnly.MinValue, DateOnly.MaxValue), CancellationToken.None);
        var s3 = Assert.Single(totals);
        Assert.Equal(DeliveryType.S3, s3.Key.Delivery);
        Assert.Equal(new UsageCounts(Objects: 1, S3BytesCopied: file.Staged.Size, DeadLetters: 1), s3.Counts);
    }

    [Fact]
    public async Task A_dead_letter_of_a_key_that_names_no_configured_tenant_is_charged_to_nobody()
    {
        var tenant = GrainWorld.Unique("usage-unknown");

        await world.Grains.GetGrain<ITenantGrain>(tenant).RecordDeadLetter($"{tenant}/c/app/pod/1.json.gz", "unknown tenant");

        Assert.Equal(UsageCounts.Zero, world.Usage.Total(tenant));
        Assert.Equal(0, world.Usage.Attempts(tenant));
    }

    /// <summary>What the fake destination holds for the stream: every accepted event, its message bytes, one call per accepted request.</summary>
    private UsageCounts Held(TestStream stream)
    {
        var accepted = world.Destination.Accepted(stream.Target);
        return new UsageCounts(
            Events: accepted.Count,
            MessageBytes: accepted.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Message)),
            PutLogEventsCalls: world.Usage.Total(stream.Tenant).PutLogEventsCalls);
    }
}
