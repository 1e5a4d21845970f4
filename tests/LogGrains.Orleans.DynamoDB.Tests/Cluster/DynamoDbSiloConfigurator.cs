using Orleans.Configuration;
using Orleans.TestingHost;

namespace LogGrains.Orleans.DynamoDB.Tests.Cluster;

/// <summary>Silos of the test cluster: DynamoDB membership and grain storage, fast failure detection.</summary>
public sealed class DynamoDbSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = siloBuilder.Configuration;
        siloBuilder
            .UseDynamoDbClustering(o => ClusterTestSettings.ApplyMembership(o, configuration))
            .AddDynamoDbGrainStorage(ClusterTestSettings.StorageName, o => ClusterTestSettings.ApplyStorage(o, configuration))
            .Configure<ClusterMembershipOptions>(o =>
            {
                // Declare a killed silo dead within seconds: two missed one-second probes, two votes.
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 2;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            });
    }
}
