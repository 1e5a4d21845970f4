using LogGrains.Abstractions;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Delivery.Tests;

/// <summary>
/// The usage record of the day against what CloudWatch Logs holds, on moto: after a silo dies between an accepted request
/// and its checkpoint, and after duplicate notifications; and what the usage writes cost per request.
/// </summary>
[Collection(MotoTests.Collection)]
public sealed class UsageRecordTests(MotoServer moto)
{
    [Fact]
    public async Task A_silo_killed_between_an_accepted_request_and_its_checkpoint_leaves_the_usage_equal_to_what_CloudWatch_holds()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto, maxAttempts: 20);
        var tenant = MotoServer.UniqueName("usagekill");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, "878787878787", "/loggrains/usagekill"));
        var file = StagedFile.Create(tenant, "api", "api-0", 0, 2_000, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());

        // The checkpoint write after the accepted (and counted) request hangs: the silo dies with the request accepted,
        // its usage recorded and no checkpoint; the readback on the other silo records the same entries again.
        var hang = world.Proxy.Inject(FaultRule.AfterN("dynamodb", "PutItem", new FaultAction.Delay(TimeSpan.FromMinutes(5)), skip: 1, count: 1));
        await world.UploadAsync(file);
        await WaitForAsync(() => hang.Fired == 1 && UsageReadback.AcceptedPuts(world) == 1);
        var stream = new LogStreamKey(tenant, MotoServer.Region, "/loggrains/usagekill", $"api-api-0-{DateTime.UtcNow:yyyy-MM-dd}");
        var grain = world.Cluster.Client.GetGrain<ILogStreamGrain>(stream.ToString());
        var activations = await world.Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var host = activations.Single(a => a.GrainId == grain.GetGrainId()).SiloAddress;
        await world.Cluster.KillSiloAsync(world.Cluster.Silos.Single(s => s.SiloAddress == host));
        await world.WaitUntilSettledAsync(minimumDeleted: 1, limit: TimeSpan.FromMinutes(4));

        var held = UsageReadback.Held(await world.ReadLogsAsync("878787878787"), "/loggrains/usagekill");
        var usage = await UsageReadback.CloudWatchUsageAsync(moto, tenant, world.UsageTable);
        Assert.Equal(2_000, held.Events);
        Assert.Equal(held with { PutLogEventsCalls = UsageReadback.AcceptedPuts(world), Objects = 1 }, usage);

        // The killed silo recorded the request and its object in one transaction; the readback found their markers and wrote nothing.
        Assert.Equal(1, world.Proxy.Count("dynamodb", "TransactWriteItems"));
    }

    [Fact]
    public async Task Duplicate_notifications_do_not_count_again_and_a_request_costs_one_usage_transaction()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto);
        var tenant = MotoServer.UniqueName("usagedup");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, "876501234567", "/loggrains/usagedup"));
        world.Proxy.ClearRecords();
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var files = Enumerable.Range(0, 8).Select(i => StagedFile.Create(tenant, "api", $"api-{i % 2}", i, 300, first + (i * 1_000))).ToList();
        foreach (var file in files)
        {
            await world.UploadAsync(file);
        }

        await world.WaitUntilSettledAsync(minimumDeleted: files.Count);
        var puts = UsageReadback.AcceptedPuts(world);
        var transactions = world.Proxy.Count("dynamodb", "TransactWriteItems");
        var checkpointWrites = world.Proxy.Count("dynamodb", "PutItem");
        Console.WriteLine(
            $"usage cost: {files.Count} objects, {puts} PutLogEvents, {checkpointWrites} checkpoint-store writes, {transactions} usage transactions "
            + $"({(double)transactions / puts:0.00} per request; DynamoDB writes per request {(double)checkpointWrites / puts:0.00} before, {(double)(checkpointWrites + transactions) / puts:0.00} after)");

        foreach (var file in files)
        {
            await world.SendNotificationAsync(file.Key, file.Content.Length);
        }

        await world.WaitUntilSettledAsync(minimumDeleted: 2 * files.Count);

        var held = UsageReadback.Held(await world.ReadLogsAsync("876501234567"), "/loggrains/usagedup");
        Assert.Equal(files.Sum(f => f.Events.Count), held.Events);
        Assert.Equal(held with { PutLogEventsCalls = puts, Objects = files.Count }, await UsageReadback.CloudWatchUsageAsync(moto, tenant, world.UsageTable));
        Assert.Equal(puts, transactions);
    }

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
