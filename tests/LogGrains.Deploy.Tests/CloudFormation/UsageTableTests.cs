using System.Text;
using LogGrains.Aws.Usage;
using LogGrains.Core.Tenants;
using LogGrains.Core.Usage;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;
using YamlDotNet.RepresentationModel;

namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>The regional stack's usage table, and the usage record the deployed silo wrote into it.</summary>
[Collection(CloudFormationOnMoto.Name)]
public sealed class UsageTableTests(DeployedLogGrains deployed)
{
    [Fact]
    public async Task The_usage_table_has_the_ledgers_keys_and_the_template_expires_id_markers()
    {
        using var dynamo = TestAws.DynamoDb(deployed.MotoEndpoint);
        var table = deployed.Regional.Output("UsageTableName");
        var template = CfnTemplate.Load("regional");

        var description = (await dynamo.DescribeTableAsync(table)).Table;

        Assert.Equal(template.Default("UsageTableName"), table);
        Assert.Equal(
            [("tenant_id", "HASH"), ("record_key", "RANGE")],
            description.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)));

        // moto's CloudFormation does not apply TimeToLiveSpecification, so the template itself is checked.
        var ttl = Assert.IsType<YamlMappingNode>(template.Property("UsageTable", "TimeToLiveSpecification"));
        Assert.Equal("expires_at", ttl.Children[new YamlScalarNode("AttributeName")].ToString());
        Assert.Equal("true", ttl.Children[new YamlScalarNode("Enabled")].ToString());
        Assert.Equal("PAY_PER_REQUEST", template.Property("UsageTable", "BillingMode")?.ToString());
    }

    [Fact]
    public async Task The_days_usage_record_matches_what_the_customers_CloudWatch_Logs_holds_and_counts_the_dead_letter()
    {
        var logs = await deployed.LogsAsync(DeployedLogGrains.CustomerAccount);
        var held = Assert.Single(logs, l => l.Key.Group == DeployedLogGrains.LogGroup).Value;
        using var ledger = new DynamoDbUsageLedger(
            new DynamoDbUsageLedgerOptions { TableName = deployed.Regional.Output("UsageTableName"), Region = MotoServer.Region, ServiceUrl = deployed.MotoEndpoint },
            TestAws.DefaultCredentials);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var query = new UsageQuery(DeployedLogGrains.Tenant, today.AddDays(-1), today);

        // The dead letter is counted just after the DLQ received it; give it a moment.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        UsageCounts counts;
        while (true)
        {
            var rows = await ledger.QueryAsync(query, CancellationToken.None);
            counts = rows.Where(r => r.Key.Delivery == DeliveryType.CloudWatch).Aggregate(UsageCounts.Zero, (sum, r) => sum + r.Counts);
            if (counts.DeadLetters >= 1 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.Equal(held.Count, counts.Events);
        Assert.Equal(held.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Message)), counts.MessageBytes);
        Assert.Equal(deployed.Proxy.Count("logs", "PutLogEvents") - 1, counts.PutLogEventsCalls);
        Assert.Equal(1, counts.Objects);
        Assert.Equal(1, counts.DeadLetters);
    }
}
