using System.Net;
using LogGrains.Orleans.DynamoDB.Membership;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;

namespace LogGrains.Orleans.DynamoDB.Tests.Membership;

/// <summary>Membership tables and entries for one test: its own DynamoDB table and cluster id.</summary>
internal sealed class MembershipTableHarness(Uri endpoint)
{
    private static int s_port = 11000;

    public string TableName { get; } = MotoServer.UniqueName("membership");

    public string ClusterId { get; } = MotoServer.UniqueName("cluster");

    public DynamoDbClusteringOptions Options() => MotoOptions.Apply(new DynamoDbClusteringOptions(), endpoint, TableName);

    public DynamoDbMembershipTable Table(string? clusterId = null) => new(
        Microsoft.Extensions.Options.Options.Create(Options()),
        Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = clusterId ?? ClusterId, ServiceId = "svc" }),
        NullLogger<DynamoDbMembershipTable>.Instance);

    public DynamoDbGatewayListProvider Gateways() => new(
        Microsoft.Extensions.Options.Options.Create(Options()),
        Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = ClusterId, ServiceId = "svc" }),
        Microsoft.Extensions.Options.Options.Create(new GatewayOptions()),
        NullLogger<DynamoDbMembershipTable>.Instance);

    public async Task<DynamoDbMembershipTable> InitializedTableAsync(string? clusterId = null)
    {
        var table = Table(clusterId);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }

    public static MembershipEntry Entry(SiloStatus status = SiloStatus.Joining, int proxyPort = 30000, DateTime? iAmAlive = null)
    {
        var port = Interlocked.Increment(ref s_port);
        var now = DateTime.UtcNow;
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(IPAddress.Loopback, port, SiloAddress.AllocateNewGeneration()),
            Status = status,
            ProxyPort = proxyPort,
            HostName = "host-" + port,
            SiloName = "silo-" + port,
            RoleName = "role",
            UpdateZone = 1,
            FaultZone = 2,
            StartTime = now.AddMinutes(-1),
            IAmAliveTime = iAmAlive ?? now,
            SuspectTimes = [],
        };
    }
}
