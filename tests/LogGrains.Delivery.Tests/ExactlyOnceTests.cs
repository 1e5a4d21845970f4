using LogGrains.Abstractions;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Delivery.Tests;

[Collection(MotoTests.Collection)]
public sealed class ExactlyOnceTests(MotoServer moto)
{
    [Fact]
    public async Task Duplicate_notifications_never_duplicate_events()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto);
        var tenant = MotoServer.UniqueName("dup");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, "555555555555", "/loggrains/dup"));
        var file = StagedFile.Create(tenant, "api", "api-0", 0, 500, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());
        await world.UploadAsync(file);
        await world.WaitUntilSettledAsync(minimumDeleted: 1);
        var putsAfterFirst = world.Proxy.Count("logs", "PutLogEvents");

        await world.SendNotificationAsync(file.Key, file.Content.Length);
        await world.SendNotificationAsync(file.Key, file.Content.Length);
        await world.WaitUntilSettledAsync(minimumDeleted: 3);

        Expect.ExactlyDelivered(await world.ReadLogsAsync("555555555555"), "/loggrains/dup", [file]);
        Assert.Equal(putsAfterFirst, world.Proxy.Count("logs", "PutLogEvents"));
        var stats = await world.Cluster.Client.GetGrain<ITenantGrain>(tenant).GetStats();
        Assert.Equal(2, stats.Duplicates);
        world.Proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task A_stream_grain_deactivated_mid_file_resumes_after_its_checkpoint_on_redelivery()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto, maxAttempts: 5);
        var tenant = MotoServer.UniqueName("resume");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, "666666666666", "/loggrains/resume"));
        // About 5.6 MB of counted bytes: six PutLogEvents batches.
        var file = StagedFile.Create(tenant, "batch-job", "batch-job-0", 0, 30_000, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds(), messagePadding: 90);
        var failures = world.Proxy.Inject(FaultRule.AfterN("logs", "PutLogEvents", new FaultAction.Fail(AwsError.InternalError), skip: 2, count: 8));

        await world.UploadAsync(file);
        await WaitForAsync(() => failures.Fired == 8);
        var stream = new LogStreamKey(tenant, MotoServer.Region, "/loggrains/resume", $"batch-job-batch-job-0-{DateTime.UtcNow:yyyy-MM-dd}");
        var grain = world.Cluster.Client.GetGrain<ILogStreamGrain>(stream.ToString());
        await WaitForAsync(async () => (await grain.GetProgress(file.Key)) is { Complete: false, EndPiece: > 0 });
        var checkpoint = await grain.GetProgress(file.Key);
        await world.Cluster.DeactivateAsync(grain);
        await world.WaitUntilSettledAsync(minimumDeleted: 1);

        Expect.ExactlyDelivered(await world.ReadLogsAsync("666666666666"), "/loggrains/resume", [file]);
        Assert.True(checkpoint!.EndPiece < file.Events.Count, $"checkpoint {checkpoint.EndPiece} should be mid-file");
        Assert.True((await grain.GetProgress(file.Key))!.Complete);
        var accepted = world.Proxy.Requests.Count(r => r.Info.Operation == "PutLogEvents" && r.StatusCode == 200);
        var batches = world.Proxy.Requests.Where(r => r.Info.Operation == "PutLogEvents" && r.StatusCode == 200).Select(r => r.BodyText).Distinct().Count();
        Assert.Equal(batches, accepted);
        world.Proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task With_30_percent_of_PutLogEvents_throttled_everything_arrives_exactly_once()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto, maxAttempts: 10);
        var tenant = MotoServer.UniqueName("throttled");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, "777777777777", "/loggrains/throttled"));
        var throttle = world.Proxy.Inject(FaultRule.WithProbability("logs", "PutLogEvents", new FaultAction.Fail(AwsError.Throttling), 0.3, seed: 42));
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var files = Enumerable.Range(0, 12)
            .Select(i => StagedFile.Create(tenant, i % 2 == 0 ? "web" : "worker", $"pod-{i % 3}", i, i == 0 ? 12_000 : 300, first + (i * 20_000), messagePadding: i == 0 ? 80 : 0))
            .ToList();

        foreach (var file in files)
        {
            await world.UploadAsync(file);
        }

        await world.WaitUntilSettledAsync(minimumDeleted: files.Count);

        Expect.ExactlyDelivered(await world.ReadLogsAsync("777777777777"), "/loggrains/throttled", files);
        Assert.True(throttle.Fired > 0);
        var stats = await world.Cluster.Client.GetGrain<ITenantGrain>(tenant).GetStats();
        Assert.Equal(throttle.Fired, stats.Throttles);
        world.Proxy.AssertNoLimitViolations();
    }

    private static Task WaitForAsync(Func<bool> condition) => WaitForAsync(() => Task.FromResult(condition()));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not reached within 2 minutes");
            }

            await Task.Delay(100);
        }
    }
}
