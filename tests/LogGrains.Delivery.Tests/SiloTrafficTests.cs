using LogGrains.Aws.Credentials;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LogGrains.Delivery.Tests;

/// <summary>What crosses the network between silos during a delivery (DESIGN §4, issue #15).</summary>
[Collection(MotoTests.Collection)]
public sealed class SiloTrafficTests(MotoServer moto, ITestOutputHelper output)
{
    [Fact]
    public async Task No_secret_key_or_session_token_crosses_between_silos_while_a_tenant_delivers_to_streams_on_both_silos()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto, startCluster: false);
        var tenant = MotoServer.UniqueName("wire");
        const string account = "565656565656";
        var role = DeliveryWorld.RoleIn(account);
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, account, "/loggrains/wire"));
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();

        // One stream per pod: with random placement, twelve streams all landing beside their tenant grain is a 1 in 4096 chance.
        var files = Enumerable.Range(0, 12).Select(i => StagedFile.Create(tenant, "api", $"api-{i}", i, 20, first + (i * 1000))).ToList();
        await using var silos = await RelayedSilos.StartAsync(world.SiloSettings());
        foreach (var file in files)
        {
            await world.UploadAsync(file);
        }

        await WaitForEventsAsync(world, account, files.Sum(f => f.Events.Count));
        Expect.ExactlyDelivered(await world.ReadLogsAsync(account), "/loggrains/wire", files);

        // A stream grain of the tenant ran on the other silo than its tenant grain, so a StreamDelivery crossed the wire.
        var activations = await silos.ActivationsAsync();
        var tenantSilo = Assert.Single(activations, a => IsA<Grains.TenantGrain>(a.GrainType) && a.Key == tenant).Silo;
        var streamSilos = activations
            .Where(a => IsA<Grains.LogStreamGrain>(a.GrainType) && a.Key.StartsWith(tenant + "|", StringComparison.Ordinal))
            .Select(a => a.Silo)
            .ToList();
        Assert.Equal(files.Count, streamSilos.Count);
        Assert.Contains(streamSilos, s => !s.Equals(tenantSilo));

        // Control: the capture sees plaintext grain traffic, so a secret in it would be found.
        Assert.True(silos.TrafficContains(tenant), "the tenant id never crossed between the silos: the capture sees nothing");
        Assert.Contains(files, f => silos.TrafficContains(f.Key));

        // The secrets each silo's broker holds for the tenant (cached: these are the ones its grains used), and its central session.
        var customerAssumes = world.Proxy.RequestsTo("sts", "AssumeRole").Count(r => r.BodyText.Contains(account, StringComparison.Ordinal));
        var secrets = new List<(string What, string Value)>();
        for (var i = 0; i < silos.Hosts.Count; i++)
        {
            var broker = silos.Hosts[i].Services.GetRequiredService<StsCredentialBroker>();
            var credentials = await broker.GetCredentialsAsync(tenant, role, DeliveryWorld.CentralAccount, MotoServer.Region, CancellationToken.None);
            secrets.Add(($"silo {i} tenant secret access key", credentials.SecretAccessKey));
            secrets.Add(($"silo {i} tenant session token", credentials.SessionToken));
            if (broker.CentralSession is { } central)
            {
                secrets.Add(($"silo {i} central secret access key", central.SecretKey));
                secrets.Add(($"silo {i} central session token", central.Token));
            }
        }

        Assert.All(secrets, s => Assert.True(s.Value.Length >= 16, $"{s.What} is too short to search for"));
        var leaked = secrets.Where(s => silos.TrafficContains(s.Value)).Select(s => s.What).ToList();
        Assert.True(leaked.Count == 0, $"found between the silos: {string.Join(", ", leaked)}");

        // What travels instead: a reference to the tenant's role, resolved by the stream grain's own silo.
        Assert.True(silos.TrafficContains(role), "the tenant's role ARN never crossed: no StreamDelivery was captured");

        // Each silo assumes the tenant's role at most once for the lifetime of the session.
        Assert.InRange(customerAssumes, 1, silos.Hosts.Count);
        output.WriteLine(
            $"measured: {files.Count} objects in {streamSilos.Count} streams, {streamSilos.Count(s => !s.Equals(tenantSilo))} of them on the other silo " +
            $"than the tenant grain; {silos.TrafficBytes} bytes between the silos; {secrets.Count} secrets searched, none found; " +
            $"customer AssumeRole calls during the delivery: {customerAssumes} for {silos.Hosts.Count} silos");
    }

    /// <summary>Whether a grain type as Orleans statistics name it (<c>Namespace.Type,Assembly</c>) is <typeparamref name="T"/>.</summary>
    private static bool IsA<T>(string grainType) => grainType.StartsWith($"{typeof(T).FullName},", StringComparison.Ordinal);

    private static async Task WaitForEventsAsync(DeliveryWorld world, string account, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        var seen = 0;
        while (DateTime.UtcNow < deadline)
        {
            seen = Expect.EventCount(await world.ReadLogsAsync(account));
            if (seen >= expected)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{seen} of {expected} events arrived in account {account}.");
    }
}
