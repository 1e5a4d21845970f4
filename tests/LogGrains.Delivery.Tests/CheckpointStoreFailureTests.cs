using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Delivery.Tests;

/// <summary>What a stream grain does when its checkpoints cannot be stored: nothing is acknowledged, nothing is sent twice.</summary>
[Collection(MotoTests.Collection)]
public sealed class CheckpointStoreFailureTests(MotoServer moto)
{
    [Fact]
    public async Task While_checkpoints_cannot_be_stored_no_object_is_acknowledged_and_no_batch_is_sent_twice()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto, maxAttempts: 20);
        var tenant = MotoServer.UniqueName("ckfail");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, "838383838383", "/loggrains/ckfail"));

        // Every checkpoint write fails for a while, beyond the SDK's own three retries of each call; then DynamoDB recovers.
        var outage = world.Proxy.Inject(FaultRule.FirstN("dynamodb", "PutItem", new FaultAction.Fail(AwsError.InternalError), count: 40));
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var files = Enumerable.Range(0, 6)
            .Select(i => StagedFile.Create(tenant, "api", $"api-{i % 2}", i, 300, first + (i * 1_000)))
            .ToList();
        foreach (var file in files)
        {
            await world.UploadAsync(file);
        }

        await world.WaitUntilSettledAsync(minimumDeleted: files.Count);

        Expect.ExactlyDelivered(await world.ReadLogsAsync("838383838383"), "/loggrains/ckfail", files);
        Assert.Equal(40, outage.Fired);
        Assert.True(world.Retried() > 0, "no message waited for a retry although its checkpoints could not be stored");
        var accepted = world.Proxy.Requests.Where(r => r.Info.Operation == "PutLogEvents" && r.StatusCode == 200).ToList();
        Assert.Equal(accepted.Count, accepted.Select(r => r.BodyText).Distinct().Count());
        world.Proxy.AssertNoLimitViolations();
    }
}
