using Amazon.DynamoDBv2.Model;
using LogGrains.Aws.Usage;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;
using LogGrains.Core.Usage;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.Usage;

/// <summary>The usage ledger's table on moto: one transaction per entry, each id once, totals read back per tenant or for all.</summary>
[Collection(MotoTests.Collection)]
public sealed class DynamoDbUsageLedgerTests(MotoServer moto)
{
    private static readonly DateOnly Day = new(2026, 12, 3);

    [Fact]
    public async Task An_entry_recorded_again_is_refused_by_its_marker_and_leaves_the_totals_as_they_were()
    {
        using var ledger = Ledger(MotoServer.UniqueName("usage"));
        var tenant = MotoServer.UniqueName("tenant");
        var entry = new UsageEntry(new UsageKey(tenant, Day, DeliveryType.CloudWatch), new UsageCounts(1, 20, 300, 1, 0, 2, 3, 0), "put-a");

        Assert.True(await ledger.RecordAsync(entry, CancellationToken.None));
        Assert.False(await ledger.RecordAsync(entry, CancellationToken.None));
        Assert.False(await ledger.RecordAsync(entry with { Counts = new UsageCounts(Events: 999) }, CancellationToken.None));
        var totals = await ledger.QueryAsync(new UsageQuery(tenant, Day, Day), CancellationToken.None);

        Assert.Equal([new UsageTotal(entry.Key, entry.Counts)], totals);
    }

    [Fact]
    public async Task Entries_of_a_day_add_up_across_shards_and_queries_select_tenant_and_days()
    {
        // 23 transactions at once: moto deep-copies the table for each without a lock and sometimes answers 500 when
        // another writes meanwhile; DynamoDB does not. The SDK's retries (the production default) ride over that.
        var options = Options(MotoServer.UniqueName("usage"));
        options.MaxErrorRetry = 3;
        using var ledger = new DynamoDbUsageLedger(options, TestAws.DefaultCredentials);
        var tenant = MotoServer.UniqueName("tenant");
        var other = MotoServer.UniqueName("tenant");
        var entries = Enumerable.Range(0, 20)
            .Select(i => new UsageEntry(new UsageKey(tenant, Day, DeliveryType.CloudWatch), new UsageCounts(Events: i, PutLogEventsCalls: 1), $"put-{i}"))
            .Append(new UsageEntry(new UsageKey(tenant, Day.AddDays(-1), DeliveryType.CloudWatch), new UsageCounts(Events: 1000), "put-yesterday"))
            .Append(new UsageEntry(new UsageKey(tenant, Day, DeliveryType.S3), new UsageCounts(Objects: 1, S3BytesCopied: 4096), "obj-s3"))
            .Append(new UsageEntry(new UsageKey(other, Day, DeliveryType.CloudWatch), new UsageCounts(DeadLetters: 1), "dlq-1"))
            .ToList();

        await Task.WhenAll(entries.Select(e => ledger.RecordAsync(e, CancellationToken.None)));
        var today = await ledger.QueryAsync(new UsageQuery(tenant, Day, Day), CancellationToken.None);
        var both = await ledger.QueryAsync(new UsageQuery(tenant, Day.AddDays(-1), Day), CancellationToken.None);
        var everyone = await ledger.QueryAsync(new UsageQuery(null, Day, Day), CancellationToken.None);

        Assert.Equal(
            [new UsageTotal(new UsageKey(tenant, Day, DeliveryType.CloudWatch), new UsageCounts(Events: 190, PutLogEventsCalls: 20)),
             new UsageTotal(new UsageKey(tenant, Day, DeliveryType.S3), new UsageCounts(Objects: 1, S3BytesCopied: 4096))],
            today);
        Assert.Equal(3, both.Count);
        Assert.Contains(everyone, t => t.Key.Tenant == other && t.Counts.DeadLetters == 1);
        Assert.Equal(today.Count + 1, everyone.Count(t => t.Key.Tenant == tenant || t.Key.Tenant == other));
    }

    [Fact]
    public async Task Entries_recorded_together_skip_those_recorded_before_and_add_the_rest_in_one_transaction()
    {
        using var ledger = Ledger(MotoServer.UniqueName("usage"));
        var tenant = MotoServer.UniqueName("tenant");
        var key = new UsageKey(tenant, Day, DeliveryType.CloudWatch);
        var request = new UsageEntry(key, new UsageCounts(Events: 50, MessageBytes: 500, PutLogEventsCalls: 1), "put-r");
        var objects = Enumerable.Range(0, 3).Select(i => new UsageEntry(key, new UsageCounts(EventsExcluded: i), $"obj-{i}")).ToList();

        Assert.Equal(2, await ledger.RecordAllAsync([request, objects[0]], CancellationToken.None));
        Assert.Equal(2, await ledger.RecordAllAsync([request, .. objects, objects[2]], CancellationToken.None));
        Assert.Equal(0, await ledger.RecordAllAsync([request, .. objects], CancellationToken.None));
        var totals = await ledger.QueryAsync(new UsageQuery(tenant, Day, Day), CancellationToken.None);

        Assert.Equal([new UsageTotal(key, new UsageCounts(Objects: 0, Events: 50, MessageBytes: 500, PutLogEventsCalls: 1, EventsExcluded: 3))], totals);
    }

    [Fact]
    public async Task A_marker_expires_the_id_retention_after_its_day()
    {
        var table = MotoServer.UniqueName("usage");
        using var ledger = Ledger(table);
        var tenant = MotoServer.UniqueName("tenant");
        await ledger.RecordAsync(new UsageEntry(new UsageKey(tenant, Day, DeliveryType.CloudWatch), new UsageCounts(Events: 1), "put-ttl"), CancellationToken.None);

        using var dynamo = TestAws.DynamoDb(moto.Endpoint);
        var marker = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new() { ["tenant_id"] = new AttributeValue { S = tenant }, ["record_key"] = new AttributeValue { S = "id#put-ttl" } },
        });
        var ttl = await dynamo.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table });

        Assert.Equal(new DateTimeOffset(2026, 12, 11, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), marker.Item["expires_at"].N);
        Assert.Equal("expires_at", ttl.TimeToLiveDescription.AttributeName);
    }

    [Fact]
    public async Task A_throttled_transaction_fails_as_transient_and_a_missing_table_names_the_setting()
    {
        await using var proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        using var ledger = new DynamoDbUsageLedger(Options(MotoServer.UniqueName("usage"), proxy.Endpoint), TestAws.DefaultCredentials);
        var entry = new UsageEntry(new UsageKey("t1", Day, DeliveryType.CloudWatch), new UsageCounts(Events: 1), "put-throttled");
        await ledger.RecordAsync(entry with { Id = "put-warm" }, CancellationToken.None);
        proxy.Inject(FaultRule.Always("dynamodb", "TransactWriteItems", new FaultAction.Fail(AwsError.Throttling)));

        var throttled = await Assert.ThrowsAsync<DeliveryException>(() => ledger.RecordAsync(entry, CancellationToken.None));
        var absentOptions = Options(MotoServer.UniqueName("absent"));
        absentOptions.CreateIfNotExists = false;
        using var missing = new DynamoDbUsageLedger(absentOptions, TestAws.DefaultCredentials);
        var absent = await Assert.ThrowsAsync<DeliveryException>(() => missing.RecordAsync(entry, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Transient, throttled.ErrorClass);
        Assert.True(throttled.IsThrottling);
        Assert.Equal(DeliveryErrorClass.Transient, absent.ErrorClass);
        Assert.Contains(DynamoDbUsageLedgerOptions.TableNameSetting, absent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_name_the_setting_at_fault()
    {
        var failure = Assert.Throws<ArgumentException>(() => new DynamoDbUsageLedger(Options("x"), TestAws.DefaultCredentials));
        Assert.Contains("LogGrains:Usage:TableName", failure.Message, StringComparison.Ordinal);
    }

    private DynamoDbUsageLedger Ledger(string table) => new(Options(table), TestAws.DefaultCredentials);

    private DynamoDbUsageLedgerOptions Options(string table, Uri? endpoint = null) =>
        new() { TableName = table, Region = MotoServer.Region, ServiceUrl = endpoint ?? moto.Endpoint, MaxErrorRetry = 0 };
}
