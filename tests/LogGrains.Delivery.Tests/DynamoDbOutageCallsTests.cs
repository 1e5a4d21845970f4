using System.Collections.Concurrent;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Delivery.Tests;

/// <summary>
/// What a DynamoDB outage that drops connections costs in calls: each delivery attempt reads its checkpoints once, plus
/// one immediate retry after the dropped connection and the SDK's three backed-off retries, 5 requests. With the SDK's
/// own default of 10 immediate retries it was 14 (1 + 10 at once, then 3), which made the chaos run's outage 17 times
/// the usual BatchGetItem rate (docs/RELIABILITY.md).
/// </summary>
[Collection(MotoTests.Collection)]
public sealed class DynamoDbOutageCallsTests(MotoServer moto)
{
    private const string Account = "848484848484";
    private const string Group = "/loggrains/outage-calls";

    [Fact]
    public async Task During_a_DynamoDB_outage_each_delivery_attempt_sends_at_most_five_checkpoint_reads_and_the_object_arrives_once_after()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto, maxAttempts: 50);
        var tenant = MotoServer.UniqueName("outcalls");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, Account, Group));
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var files = new[] { StagedFile.Create(tenant, "api", "api-0", 0, 100, first), StagedFile.Create(tenant, "api", "api-0", 1, 100, first + 5_000) };

        // The first object warms the clients, so that their connection pools hold connections the outage then drops.
        await world.UploadAsync(files[0]);
        await world.WaitUntilSettledAsync(minimumDeleted: 1);
        var calls = new ConcurrentQueue<string>();
        world.Proxy.Recorded += r => calls.Enqueue($"{r.Info.Service}:{r.Info.Operation}");
        world.Proxy.Inject(FaultRule.Always("dynamodb", null, new FaultAction.Drop()));
        await world.UploadAsync(files[1]);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (calls.Count(c => c == "sqs:ChangeMessageVisibility") < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        world.Proxy.ClearFaults();

        // One attempt per message visibility change (the failed attempt hands its message back with a backoff).
        var attempts = new List<int>();
        var reads = 0;
        foreach (var call in calls.ToList())
        {
            if (call == "dynamodb:BatchGetItem")
            {
                reads++;
            }
            else if (call == "sqs:ChangeMessageVisibility")
            {
                attempts.Add(reads);
                reads = 0;
            }
        }

        Assert.True(attempts.Count >= 3, $"only {attempts.Count} failed attempts in a minute of outage");
        Assert.All(attempts, n => Assert.InRange(n, 1, 5));
        await world.WaitUntilSettledAsync(minimumDeleted: 2);
        Expect.ExactlyDelivered(await world.ReadLogsAsync(Account), Group, files);
    }
}
