using LogGrains.Orleans.DynamoDB.Membership;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace LogGrains.Orleans.DynamoDB.Tests.Cluster;

[Collection(MotoTests.Collection)]
public sealed class DynamoDbClusterTests(MotoServer moto)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Killing_the_silo_of_a_grain_lets_the_survivors_agree_and_reactivate_it_elsewhere_with_its_state()
    {
        await using var proxy = await SerializingProxy.StartAsync(moto.Endpoint);
        var membershipTable = MotoServer.UniqueName("cluster-membership");
        var builder = new TestClusterBuilder(3);
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[ClusterTestSettings.EndpointKey] = proxy.Endpoint.ToString();
        builder.Properties[ClusterTestSettings.MembershipTableKey] = membershipTable;
        builder.Properties[ClusterTestSettings.GrainStateTableKey] = MotoServer.UniqueName("cluster-state");
        builder.AddSiloBuilderConfigurator<DynamoDbSiloConfigurator>();
        builder.AddClientBuilderConfigurator<DynamoDbClientConfigurator>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        using var table = ReadOnlyTable(proxy.Endpoint, membershipTable, cluster.Options.ClusterId);

        var rows = (await table.ReadAllAsync()).Members.Select(m => m.Item1).ToList();
        Assert.Equal(3, rows.Count(r => r.Status == SiloStatus.Active));

        var grain = cluster.Client.GetGrain<IPersistedValueGrain>("survivor");
        await grain.SetAsync("written before the crash");
        var victim = await grain.GetHostAsync();
        var survivors = cluster.Silos.Select(s => s.SiloAddress).Where(a => !a.Equals(victim)).ToList();
        Assert.Equal(2, survivors.Count);

        var victimHandle = cluster.GetSiloForAddress(victim);
        Assert.NotNull(victimHandle);
        await cluster.KillSiloAsync(victimHandle);

        await Eventually(async () =>
        {
            var data = await table.ReadAllAsync();
            var status = data.Members.ToDictionary(m => m.Item1.SiloAddress, m => m.Item1.Status);
            return status.GetValueOrDefault(victim) == SiloStatus.Dead
                && survivors.All(s => status.GetValueOrDefault(s) == SiloStatus.Active)
                && survivors.All(s => SeesVictimDead(cluster, s, victim, survivors));
        });

        var hosts = await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(survivors.OrderBy(s => s), hosts.Keys.OrderBy(s => s));

        var (value, newHost) = await EventuallyGet(async () => (await grain.GetAsync(), await grain.GetHostAsync()));
        Assert.Equal("written before the crash", value);
        Assert.Contains(newHost, survivors);
    }

    private static bool SeesVictimDead(TestCluster cluster, SiloAddress observer, SiloAddress victim, List<SiloAddress> survivors)
    {
        var snapshot = cluster.GetSiloServiceProvider(observer).GetRequiredService<IClusterMembershipService>().CurrentSnapshot;
        return snapshot.GetSiloStatus(victim) == SiloStatus.Dead
            && survivors.All(s => snapshot.GetSiloStatus(s) == SiloStatus.Active);
    }

    private static DynamoDbMembershipTable ReadOnlyTable(Uri endpoint, string tableName, string clusterId) => new(
        Microsoft.Extensions.Options.Options.Create(MotoOptions.Apply(new DynamoDbClusteringOptions(), endpoint, tableName)),
        Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = clusterId }),
        NullLogger<DynamoDbMembershipTable>.Instance);

    // A liveness bound, not a timing assertion: membership convergence takes a few probe rounds.
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The surviving silos did not agree on membership within {Patience}.");
            await Task.Delay(250);
        }
    }

    private static async Task<T> EventuallyGet<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
