using LogGrains.Testing.Aws;
using Xunit.Abstractions;
using LogGrains.Testing.Moto;

namespace LogGrains.Delivery.Tests;

[Collection(MotoTests.Collection)]
public sealed class EndToEndDeliveryTests(MotoServer moto, ITestOutputHelper output)
{
    private static readonly string[] Applications = ["checkout", "payment-service", "inventory", "search", "auth", "gateway"];

    [Fact]
    public async Task Three_tenants_in_three_accounts_get_every_event_once_in_order_and_filtered_objects_are_never_downloaded()
    {
        // A backlog of 30 objects (as after an outage) is waiting when the cluster starts.
        await using var world = await DeliveryWorld.CreateAsync(moto, startCluster: false);
        var alpha = MotoServer.UniqueName("alpha");
        var beta = MotoServer.UniqueName("beta");
        var gamma = MotoServer.UniqueName("gamma");
        var alphaBucket = MotoServer.UniqueName("alpha-archive");
        using (var s3Alpha = TestAws.S3(moto.Endpoint, accountId: "111111111111"))
        {
            await s3Alpha.PutBucketAsync(alphaBucket);
        }

        await world.PutTenantAsync(DeliveryWorld.CloudWatch(alpha, "111111111111", "/loggrains/alpha"));
        await world.PutTenantAsync(DeliveryWorld.S3Copy(alpha, "111111111111", alphaBucket));
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(beta, "222222222222", "/loggrains/beta", "Payment-Service"));
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(gamma, "333333333333", "/loggrains/gamma"));
        var tenants = new[] { alpha, beta, gamma };
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var files = Enumerable.Range(0, 30)
            .Select(i => StagedFile.Create(tenants[i % 3], Applications[i % 6], $"{Applications[i % 6]}-pod-{i % 2}", i, 150 + (i * 7), first + (i * 10_000)))
            .ToList();

        foreach (var file in files)
        {
            await world.UploadAsync(file);
        }

        await world.StartClusterAsync();
        await world.WaitUntilSettledAsync(minimumDeleted: files.Count);

        var betaWanted = files.Where(f => f.Tenant == beta && f.Application == "payment-service").ToList();
        var betaFiltered = files.Where(f => f.Tenant == beta && f.Application != "payment-service").ToList();
        Assert.NotEmpty(betaWanted);
        Assert.NotEmpty(betaFiltered);
        Expect.ExactlyDelivered(await world.ReadLogsAsync("111111111111"), "/loggrains/alpha", files.Where(f => f.Tenant == alpha));
        Expect.ExactlyDelivered(await world.ReadLogsAsync("222222222222"), "/loggrains/beta", betaWanted);
        Expect.ExactlyDelivered(await world.ReadLogsAsync("333333333333"), "/loggrains/gamma", files.Where(f => f.Tenant == gamma));
        Assert.Empty(await world.ReadLogsAsync(DeliveryWorld.CentralAccount));

        // Alpha's s3 delivery: every alpha object copied under the prefix, byte for byte, without the cluster id.
        using (var s3Alpha = TestAws.S3(moto.Endpoint, accountId: "111111111111"))
        {
            foreach (var file in files.Where(f => f.Tenant == alpha))
            {
                var copyKey = $"ROSA/cluster-logs/{alpha}/{file.Application}/{file.Pod}/{file.Key.Split('/')[^1]}";
                using var copy = await s3Alpha.GetObjectAsync(alphaBucket, copyKey);
                using var bytes = new MemoryStream();
                await copy.ResponseStream.CopyToAsync(bytes);
                Assert.Equal(file.Content, bytes.ToArray());
                Assert.DoesNotContain("prod-cluster-1", copyKey, StringComparison.Ordinal);
            }
        }

        // Filtered objects are never downloaded; every other object exactly once.
        var gets = world.Proxy.RequestsTo("s3", "GetObject");
        foreach (var file in betaFiltered)
        {
            Assert.DoesNotContain(gets, g => Uri.UnescapeDataString(g.PathAndQuery).Contains(file.Key, StringComparison.Ordinal));
        }

        Assert.Equal(files.Count - betaFiltered.Count, gets.Count(g => g.StatusCode == 200));

        // Efficiency, counted at the proxy.
        var assumeRoles = world.Proxy.Requests.Where(r => r.Info.Operation == "AssumeRole").Select(r => r.BodyText).ToList();
        foreach (var account in new[] { "111111111111", "222222222222", "333333333333" })
        {
            Assert.InRange(assumeRoles.Count(b => b.Contains(account, StringComparison.Ordinal)), 1, 2);
        }

        Assert.InRange(world.Proxy.Count("dynamodb", "Query"), 1, tenants.Length);
        var streams = (await world.ReadLogsAsync("111111111111")).Count + (await world.ReadLogsAsync("222222222222")).Count + (await world.ReadLogsAsync("333333333333")).Count;
        var describes = world.Proxy.Requests.Count(r => r.Info.Service == "logs" && r.Info.Operation.StartsWith("Describe", StringComparison.Ordinal));
        Assert.True(describes <= streams, $"{describes} Describe calls for {streams} streams");
        var puts = world.Proxy.Requests.Where(r => r.Info.Operation == "PutLogEvents").ToList();
        var deliveredBytes = puts.Sum(p => (long)p.Body.Length);
        Assert.True(puts.Count <= (deliveredBytes / 1_048_576) + streams, $"{puts.Count} PutLogEvents for {deliveredBytes} bytes in {streams} streams");
        output.WriteLine(
            $"measured: {files.Count} objects, {streams} streams, GetObject {gets.Count}, AssumeRole {assumeRoles.Count}, " +
            $"Query {world.Proxy.Count("dynamodb", "Query")}, Describe {describes}, PutLogEvents {puts.Count} carrying {deliveredBytes} body bytes");
        world.Proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task Tenant_counters_add_up_across_the_cluster()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto);
        var tenant = MotoServer.UniqueName("counted");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, "444444444444", "/loggrains/counted"));
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var files = Enumerable.Range(0, 4).Select(i => StagedFile.Create(tenant, "api", $"api-{i}", i, 100, first + (i * 1000))).ToList();
        foreach (var file in files)
        {
            await world.UploadAsync(file);
        }

        await world.WaitUntilSettledAsync(minimumDeleted: files.Count);

        var stats = await world.Cluster.Client.GetGrain<Abstractions.ITenantGrain>(tenant).GetStats();
        Assert.Equal(4, stats.Objects);
        Assert.Equal(400, stats.Events);
        Assert.Equal(files.Sum(f => f.Events.Sum(e => (long)System.Text.Encoding.UTF8.GetByteCount(e.Message))), stats.Bytes);
        Assert.Contains(tenant, await world.Cluster.Client.GetGrain<Abstractions.ITenantDirectoryGrain>(0).List());
        Assert.Equal(string.Empty, stats.ConfigProblems);
    }
}
