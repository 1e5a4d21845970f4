using LogGrains.Aws.Tenants;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using static LogGrains.Aws.Tests.Tenants.TenantTables;

namespace LogGrains.Aws.Tests.Tenants;

[Collection(MotoTests.Collection)]
public sealed class DynamoDbTenantStoreWriteTests(MotoServer moto) : IAsyncLifetime
{
    private static readonly TenantDefaults Defaults = new("eu-west-1", "123456789012");
    private AwsFaultProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Written_configs_read_back_equal_and_deleting_one_type_leaves_the_other()
    {
        var table = await CreateAsync(moto, TenantTableShape.TenantIdAndType);
        using var store = Store(_proxy, table);
        var cloudWatch = new TenantConfig(
            "acme", DeliveryType.CloudWatch, true, CustomerRole, "acme-external", "us-west-2",
            new DesiredLogsFilter(["payments", "checkout"]), "/acme/logs", null, TenantConfig.DefaultBucketPrefix);
        var s3 = new TenantConfig(
            "acme", DeliveryType.S3, false, CustomerRole, "123456789012", "eu-west-1",
            DesiredLogsFilter.All, null, "acme-archive", "");

        await store.PutItemAsync(TenantItemWriter.Write(cloudWatch), CancellationToken.None);
        await store.PutItemAsync(TenantItemWriter.Write(s3), CancellationToken.None);
        var both = TenantConfigParser.Parse("acme", await store.GetItemsAsync("acme", CancellationToken.None), Defaults);

        Assert.Empty(both.InvalidDeliveries);
        Assert.Equal([cloudWatch, s3], both.ValidConfigs);

        await store.DeleteItemAsync("acme", DeliveryType.CloudWatch, CancellationToken.None);
        await store.DeleteItemAsync("acme", DeliveryType.CloudWatch, CancellationToken.None);
        var left = TenantConfigParser.Parse("acme", await store.GetItemsAsync("acme", CancellationToken.None), Defaults);

        Assert.Equal([s3], left.ValidConfigs);
    }

    [Fact]
    public async Task Delete_removes_an_item_whose_type_differs_only_in_case()
    {
        var table = await CreateAsync(moto, TenantTableShape.TenantIdAndType);
        await PutRawAsync(moto, table, new() { ["tenant_id"] = S("acme"), ["type"] = S("CloudWatch") });
        await PutRawAsync(moto, table, new() { ["tenant_id"] = S("acme"), ["type"] = S("s3") });
        using var store = Store(_proxy, table);

        await store.DeleteItemAsync("acme", DeliveryType.CloudWatch, CancellationToken.None);

        Assert.Equal(["s3"], (await store.GetItemsAsync("acme", CancellationToken.None)).Select(i => i["type"].Text));
    }

    [Fact]
    public async Task Seed_table_deletes_the_item_without_type_and_refuses_an_s3_item_that_would_replace_the_cloudwatch_one()
    {
        var table = await CreateAsync(moto, TenantTableShape.TenantIdOnly);
        await PutRawAsync(moto, table, new() { ["tenant_id"] = S("acme"), ["log_group_name"] = S("/acme/logs") });
        using var store = Store(_proxy, table);
        var s3 = TenantItemWriter.Write(new TenantConfig(
            "acme", DeliveryType.S3, true, CustomerRole, "123456789012", "eu-west-1", DesiredLogsFilter.All, null, "acme-archive", ""));

        var refused = await Assert.ThrowsAsync<DeliveryException>(() => store.PutItemAsync(s3, CancellationToken.None));
        Assert.Equal(DeliveryErrorClass.InvalidRequest, refused.ErrorClass);
        Assert.Contains(table, refused.Detail, StringComparison.Ordinal);
        Assert.Single(await store.GetItemsAsync("acme", CancellationToken.None));

        await store.DeleteItemAsync("acme", DeliveryType.CloudWatch, CancellationToken.None);

        Assert.Empty(await store.GetItemsAsync("acme", CancellationToken.None));
        Assert.Equal(0, await CountRawAsync(moto, table));
    }

    [Fact]
    public async Task Item_without_type_is_refused_by_a_table_keyed_by_type()
    {
        var table = await CreateAsync(moto, TenantTableShape.TenantIdAndType);
        using var store = Store(_proxy, table);
        var item = new TenantItem([new("tenant_id", TenantAttribute.S("acme")), new("log_group_name", TenantAttribute.S("/acme/logs"))]);

        var refused = await Assert.ThrowsAsync<DeliveryException>(() => store.PutItemAsync(item, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.InvalidRequest, refused.ErrorClass);
        Assert.Equal("dynamodb:PutItem", refused.Operation);
        Assert.Contains(table, refused.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_attribute_kind_survives_a_write_and_a_read()
    {
        var table = await CreateAsync(moto, TenantTableShape.TenantIdAndType);
        using var store = Store(_proxy, table);
        var item = new TenantItem(new Dictionary<string, TenantAttribute>
        {
            ["tenant_id"] = TenantAttribute.S("acme"),
            ["type"] = TenantAttribute.S("cloudwatch"),
            ["number"] = TenantAttribute.N("12.5"),
            ["flag"] = TenantAttribute.FromBool(true),
            ["set"] = TenantAttribute.SS(["a", "b"]),
            ["list"] = TenantAttribute.L([TenantAttribute.S("x"), TenantAttribute.N("1"), TenantAttribute.Null, TenantAttribute.L([])]),
            ["nothing"] = TenantAttribute.Null,
        });

        await store.PutItemAsync(item, CancellationToken.None);
        var read = Assert.Single(await store.GetItemsAsync("acme", CancellationToken.None));

        Assert.Equal(item.OrderBy(a => a.Key, StringComparer.Ordinal), read.OrderBy(a => a.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Listing_tenants_follows_scan_pages_and_names_each_tenant_once()
    {
        var table = await CreateAsync(moto, TenantTableShape.TenantIdAndType);
        var tenants = Enumerable.Range(0, 10).Select(i => $"tenant-{i}").ToList();
        foreach (var tenant in tenants)
        {
            await PutRawAsync(moto, table, new() { ["tenant_id"] = S(tenant), ["type"] = S("cloudwatch") });
            await PutRawAsync(moto, table, new() { ["tenant_id"] = S(tenant), ["type"] = S("s3") });
        }

        using var store = Store(_proxy, table, pageSize: 3);

        var listed = new List<string>();
        await foreach (var tenant in store.ListTenantsAsync(CancellationToken.None))
        {
            listed.Add(tenant);
        }

        Assert.Equal(tenants, listed.Order(StringComparer.Ordinal));
        Assert.True(_proxy.Count("dynamodb", "Scan") >= 7, $"{_proxy.Count("dynamodb", "Scan")} Scan pages");
    }
}
