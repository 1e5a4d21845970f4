using LogGrains.Abstractions;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Metrics;
using LogGrains.Testing.Moto;

namespace LogGrains.Delivery.Tests;

/// <summary>
/// The request in flight when its checkpoints could not be stored (the checkpoint table failing right after CloudWatch
/// accepted it, then the activation gone, as when a silo dies) is read back from CloudWatch instead of being sent again.
/// </summary>
[Collection(MotoTests.Collection)]
public sealed class ReadbackTests(MotoServer moto)
{
    [Fact]
    public async Task Request_accepted_while_its_checkpoints_could_not_be_stored_is_read_back_present_and_not_sent_again()
    {
        using var readbacks = InstrumentCounter.StreamReadbacks();
        await using var world = await DeliveryWorld.CreateAsync(moto, maxAttempts: 20);
        var tenant = MotoServer.UniqueName("readback");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, "848484848484", "/loggrains/readback"));
        var file = StagedFile.Create(tenant, "api", "api-0", 0, 2_000, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());

        // The stream's first PutItem records the request in flight; every later one (its checkpoint) fails until cleared.
        var outage = world.Proxy.Inject(FaultRule.AfterN("dynamodb", "PutItem", new FaultAction.Fail(AwsError.InternalError), skip: 1, count: int.MaxValue));
        await world.UploadAsync(file);
        await WaitForAsync(() => outage.Fired > 0 && AcceptedPuts(world) == 1);

        // The activation that knew the request was accepted goes away, as with a silo that died.
        var stream = new LogStreamKey(tenant, MotoServer.Region, "/loggrains/readback", $"api-api-0-{DateTime.UtcNow:yyyy-MM-dd}");
        await world.Cluster.DeactivateAsync(world.Cluster.Client.GetGrain<ILogStreamGrain>(stream.ToString()));
        world.Proxy.ClearFaults();
        await world.WaitUntilSettledAsync(minimumDeleted: 1);

        Expect.ExactlyDelivered(await world.ReadLogsAsync("848484848484"), "/loggrains/readback", [file]);
        Assert.Equal(1, AcceptedPuts(world));
        Assert.Equal([("present", 1L)], readbacks.Of(tenant));

        // One page with the events, one empty page that confirms the end of the range.
        Assert.Equal(2, world.Proxy.Count("logs", "GetLogEvents"));
        world.Proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task A_silo_killed_between_an_accepted_request_and_its_checkpoint_leaves_no_event_twice()
    {
        using var readbacks = InstrumentCounter.StreamReadbacks();
        await using var world = await DeliveryWorld.CreateAsync(moto, maxAttempts: 20);
        var tenant = MotoServer.UniqueName("rbkill");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, "868686868686", "/loggrains/rbkill"));
        var file = StagedFile.Create(tenant, "api", "api-0", 0, 2_000, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());

        // The checkpoint write after the accepted request hangs: the silo dies with the request accepted and no checkpoint.
        var hang = world.Proxy.Inject(FaultRule.AfterN("dynamodb", "PutItem", new FaultAction.Delay(TimeSpan.FromMinutes(5)), skip: 1, count: 1));
        await world.UploadAsync(file);
        await WaitForAsync(() => hang.Fired == 1 && AcceptedPuts(world) == 1);

        var stream = new LogStreamKey(tenant, MotoServer.Region, "/loggrains/rbkill", $"api-api-0-{DateTime.UtcNow:yyyy-MM-dd}");
        var grain = world.Cluster.Client.GetGrain<ILogStreamGrain>(stream.ToString());
        var activations = await world.Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var host = activations.Single(a => a.GrainId == grain.GetGrainId()).SiloAddress;
        await world.Cluster.KillSiloAsync(world.Cluster.Silos.Single(s => s.SiloAddress == host));
        await world.WaitUntilSettledAsync(minimumDeleted: 1, limit: TimeSpan.FromMinutes(4));

        Expect.ExactlyDelivered(await world.ReadLogsAsync("868686868686"), "/loggrains/rbkill", [file]);
        Assert.Equal(1, AcceptedPuts(world));
        Assert.Equal([("present", 1L)], readbacks.Of(tenant));
        world.Proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task A_request_costs_one_in_flight_record_and_one_checkpoint_per_object_and_no_readback()
    {
        using var readbacks = InstrumentCounter.StreamReadbacks();
        await using var world = await DeliveryWorld.CreateAsync(moto);
        var tenant = MotoServer.UniqueName("rbcost");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, "858585858585", "/loggrains/rbcost"));
        world.Proxy.ClearRecords();
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var files = Enumerable.Range(0, 8).Select(i => StagedFile.Create(tenant, "api", $"api-{i % 2}", i, 300, first + (i * 1_000))).ToList();

        foreach (var file in files)
        {
            await world.UploadAsync(file);
        }

        await world.WaitUntilSettledAsync(minimumDeleted: files.Count);

        Expect.ExactlyDelivered(await world.ReadLogsAsync("858585858585"), "/loggrains/rbcost", files);
        var puts = AcceptedPuts(world);
        var writes = world.Proxy.Count("dynamodb", "PutItem");
        Console.WriteLine($"readback cost: {files.Count} objects, {puts} PutLogEvents, {writes} checkpoint-store writes ({(double)writes / puts:0.00} per request), {world.Proxy.Count("dynamodb", "GetItem")} in-flight reads");
        Assert.Equal(puts + files.Count, writes);
        Assert.Equal(0, world.Proxy.Count("logs", "GetLogEvents"));
        Assert.Empty(readbacks.Of(tenant));
    }

    private static int AcceptedPuts(DeliveryWorld world) =>
        world.Proxy.RequestsTo("logs", "PutLogEvents").Count(r => r.StatusCode == 200);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not reached within 2 minutes");
            }

            await Task.Delay(50);
        }
    }
}
