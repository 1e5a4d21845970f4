using LogGrains.Abstractions;
using LogGrains.Testing.Moto;
using LogGrains.Testing.Vector;

namespace LogGrains.Delivery.Tests;

[Collection(MotoTests.Collection)]
public sealed class IsolationTests(MotoServer moto)
{
    [Fact]
    public async Task A_tenant_whose_role_refuses_AssumeRole_ends_in_the_DLQ_while_others_are_delivered()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto, maxAttempts: 3);
        var blocked = MotoServer.UniqueName("blocked");
        var healthy = MotoServer.UniqueName("healthy");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(blocked, "888888888888", "/loggrains/blocked"));
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(healthy, "999999999999", "/loggrains/healthy"));
        world.Proxy.TrustRole(DeliveryWorld.RoleIn("888888888888"), "an-external-id-we-do-not-send");
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var blockedFiles = Enumerable.Range(0, 3).Select(i => StagedFile.Create(blocked, "api", "api-0", i, 50, first + (i * 1000))).ToList();
        var healthyFiles = Enumerable.Range(3, 3).Select(i => StagedFile.Create(healthy, "api", "api-0", i, 50, first + (i * 1000))).ToList();

        foreach (var file in blockedFiles.Concat(healthyFiles))
        {
            await world.UploadAsync(file);
        }

        await world.WaitUntilSettledAsync(deadLetters: blockedFiles.Count, minimumDeleted: healthyFiles.Count);

        Expect.ExactlyDelivered(await world.ReadLogsAsync("999999999999"), "/loggrains/healthy", healthyFiles);
        Assert.Empty(await world.ReadLogsAsync("888888888888"));
        var healthyStats = await world.Cluster.Client.GetGrain<ITenantGrain>(healthy).GetStats();
        Assert.Equal(0, healthyStats.Failures);
        var dead = await world.DeadLettersAsync();
        Assert.Equal(blockedFiles.Count, dead.Count);
        Assert.All(dead, m =>
        {
            Assert.Equal(blocked, m.MessageAttributes["loggrains-tenant"].StringValue);
            Assert.Contains("AccessDenied", m.MessageAttributes["loggrains-reason"].StringValue, StringComparison.Ordinal);
        });
        Assert.Equal(blockedFiles.Select(f => f.Key).Order(), dead.Select(m => m.MessageAttributes["loggrains-object-key"].StringValue).Order());
        Assert.Equal(blockedFiles.Count, (await world.Cluster.Client.GetGrain<ITenantGrain>(blocked).GetStats()).DeadLetters);
    }

    [Fact]
    public async Task Poison_objects_go_to_the_DLQ_with_their_reason_and_do_not_disturb_the_rest()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto);
        var tenant = MotoServer.UniqueName("zeta");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, "101010101010", "/loggrains/zeta"));
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var good = Enumerable.Range(0, 2).Select(i => StagedFile.Create(tenant, "api", "api-0", i, 40, first + (i * 1000))).ToList();
        var poison = new Dictionary<string, string>
        {
            [$"{tenant}/only-three/segments.json.gz"] = "WrongSegmentCount",
            [$"{tenant}/prod-cluster-1/api/api-0/corrupt.json.gz"] = "CorruptCompression",
            [$"nobody-{Guid.NewGuid():N}/prod-cluster-1/api/api-0/unknown.json.gz"] = "unknown tenant",
            [$"{tenant}/prod-cluster-1/api/api-0/empty.json.gz"] = "NoEvents",
        };

        await world.UploadRawAsync($"{tenant}/only-three/segments.json.gz", VectorNdjson.Gzip("{\"message\":\"m\"}\n"u8.ToArray()));
        var corrupt = good[1].Content.ToArray();
        for (var i = 12; i < 40; i++)
        {
            corrupt[i] ^= 0xA5;
        }

        await world.UploadRawAsync($"{tenant}/prod-cluster-1/api/api-0/corrupt.json.gz", corrupt);
        await world.UploadRawAsync(poison.Keys.ElementAt(2), good[0].Content);
        await world.UploadRawAsync($"{tenant}/prod-cluster-1/api/api-0/empty.json.gz", VectorNdjson.Gzip("[]"u8.ToArray()));
        foreach (var file in good)
        {
            await world.UploadAsync(file);
        }

        await world.WaitUntilSettledAsync(deadLetters: poison.Count, minimumDeleted: good.Count);

        Expect.ExactlyDelivered(await world.ReadLogsAsync("101010101010"), "/loggrains/zeta", good);
        var dead = await world.DeadLettersAsync();
        Assert.Equal(poison.Count, dead.Count);
        foreach (var (key, reason) in poison)
        {
            var message = Assert.Single(dead, m => m.MessageAttributes["loggrains-object-key"].StringValue == key);
            Assert.True(message.MessageAttributes["loggrains-reason"].StringValue.Contains(reason, StringComparison.Ordinal), message.MessageAttributes["loggrains-reason"].StringValue);
            Assert.Equal("Poison", message.MessageAttributes["loggrains-error-class"].StringValue);
        }
    }
}
