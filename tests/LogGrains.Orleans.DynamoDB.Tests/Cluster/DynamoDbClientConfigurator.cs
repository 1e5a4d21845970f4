using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace LogGrains.Orleans.DynamoDB.Tests.Cluster;

/// <summary>The test cluster's client finds its gateways in the DynamoDB membership table.</summary>
public sealed class DynamoDbClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder
            .UseDynamoDbClustering(o => ClusterTestSettings.ApplyMembership(o, configuration))
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
}
