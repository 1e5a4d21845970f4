using System.Text;
using LogGrains.Aws.Usage;
using LogGrains.Core.Tenants;
using LogGrains.Core.Usage;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;

namespace LogGrains.Delivery.Tests;

/// <summary>What the usage tests compare: the usage table the silos wrote, and what CloudWatch Logs and the proxy saw.</summary>
internal static class UsageReadback
{
    /// <summary>The tenant's cloudwatch usage summed over yesterday and today (UTC), read from the table the silos wrote.</summary>
    public static async Task<UsageCounts> CloudWatchUsageAsync(MotoServer moto, string tenant, string table)
    {
        var options = new DynamoDbUsageLedgerOptions { TableName = table, Region = MotoServer.Region, ServiceUrl = moto.Endpoint };
        using var ledger = new DynamoDbUsageLedger(options, TestAws.DefaultCredentials);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = await ledger.QueryAsync(new UsageQuery(tenant, today.AddDays(-1), today), CancellationToken.None);
        return rows.Where(r => r.Key.Delivery == DeliveryType.CloudWatch).Aggregate(UsageCounts.Zero, (sum, r) => sum + r.Counts);
    }

    /// <summary>What CloudWatch Logs holds in the group: events and their UTF-8 message bytes.</summary>
    public static UsageCounts Held(IReadOnlyDictionary<(string Group, string Stream), IReadOnlyList<(long Timestamp, string Message)>> logs, string group)
    {
        var events = logs.Where(l => l.Key.Group == group).SelectMany(l => l.Value).ToList();
        return new UsageCounts(Events: events.Count, MessageBytes: events.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Message)));
    }

    /// <summary>PutLogEvents requests the fault proxy saw accepted.</summary>
    public static int AcceptedPuts(DeliveryWorld world) =>
        world.Proxy.RequestsTo("logs", "PutLogEvents").Count(r => r.StatusCode == 200);
}
