using Amazon.DynamoDBv2.Model;
using LogGrains.Aws.Tenants;
using LogGrains.Aws.Tests.Credentials;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using static LogGrains.Aws.Tests.Tenants.TenantTables;

namespace LogGrains.Aws.Tests.Tenants;

[Collection(MotoTests.Collection)]
public sealed class DynamoDbTenantStoreReadTests(MotoServer moto) : IAsyncLifetime
{
    private static readonly TenantDefaults Defaults = new("eu-west-1", "123456789012");
    private AwsFaultProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Seed_shape_item_without_type_in_a_tenant_id_only_table_parses_as_a_cloudwatch_config_with_defaults()
    {
        var table = await CreateAsync(moto, TenantTableShape.TenantIdOnly);
        await PutRawAsync(moto, table, new()
        {
            ["tenant_id"] = S("acme"),
            ["log_distribution_role_arn"] = S(CustomerRole),
            ["log_group_name"] = S("/acme/logs"),
            ["desired_logs"] = S("payments, Checkout"),
        });
        using var store = Store(_proxy, table);

        var items = await store.GetItemsAsync("acme", CancellationToken.None);
        var config = Assert.Single(TenantConfigParser.Parse("acme", items, Defaults).ValidConfigs);

        Assert.Equal(DeliveryType.CloudWatch, config.Type);
        Assert.Equal(CustomerRole, config.LogDistributionRoleArn);
        Assert.Equal("/acme/logs", config.LogGroupName);
        Assert.Equal("eu-west-1", config.TargetRegion);
        Assert.Equal("123456789012", config.ExternalId);
        Assert.True(config.Enabled);
        Assert.True(config.DesiredLogs.Allows("checkout"));
        Assert.True(config.DesiredLogs.Allows("payments"));
        Assert.False(config.DesiredLogs.Allows("web"));
    }

    [Fact]
    public async Task Multi_delivery_items_come_back_in_sort_key_order_with_list_and_string_set_filters()
    {
        var table = await CreateAsync(moto, TenantTableShape.TenantIdAndType);
        await PutRawAsync(moto, table, new()
        {
            ["tenant_id"] = S("acme"),
            ["type"] = S("s3"),
            ["enabled"] = new AttributeValue { BOOL = false },
            ["log_distribution_role_arn"] = S(CustomerRole),
            ["bucket_name"] = S("acme-archive"),
            ["desired_logs"] = new AttributeValue { SS = ["billing", "web"] },
            ["external_id"] = new AttributeValue { NULL = true },
            ["retries"] = new AttributeValue { N = "3" },
        });
        await PutRawAsync(moto, table, new()
        {
            ["tenant_id"] = S("acme"),
            ["type"] = S("cloudwatch"),
            ["enabled"] = S("true"),
            ["log_distribution_role_arn"] = S(CustomerRole),
            ["log_group_name"] = S("/acme/logs"),
            ["target_region"] = S("ap-southeast-2"),
            ["external_id"] = S("acme-external"),
            ["desired_logs"] = new AttributeValue { L = [S("payments"), S("checkout")] },
        });
        await PutRawAsync(moto, table, new() { ["tenant_id"] = S("other"), ["type"] = S("cloudwatch") });
        using var store = Store(_proxy, table);

        var items = await store.GetItemsAsync("acme", CancellationToken.None);
        var configs = TenantConfigParser.Parse("acme", items, Defaults).ValidConfigs;

        Assert.Equal(2, items.Count);
        Assert.Equal(TenantAttribute.N("3"), items[1]["retries"]);
        Assert.Equal([DeliveryType.CloudWatch, DeliveryType.S3], configs.Select(c => c.Type));
        Assert.Equal(["payments", "checkout"], configs[0].DesiredLogs.Applications);
        Assert.Equal("ap-southeast-2", configs[0].TargetRegion);
        Assert.Equal("acme-external", configs[0].ExternalId);
        Assert.True(configs[0].Enabled);
        Assert.False(configs[1].Enabled);
        Assert.Equal("acme-archive", configs[1].BucketName);
        Assert.Equal("123456789012", configs[1].ExternalId);
        Assert.True(configs[1].DesiredLogs.Allows("billing"));
        Assert.False(configs[1].DesiredLogs.Allows("payments"));
    }

    [Fact]
    public async Task Map_valued_configuration_field_makes_the_item_invalid_with_a_reason_naming_the_type_while_unknown_map_attributes_are_harmless()
    {
        var table = await CreateAsync(moto, TenantTableShape.TenantIdAndType);
        var map = new AttributeValue { M = new() { ["app"] = S("payments") } };
        await PutRawAsync(moto, table, new()
        {
            ["tenant_id"] = S("acme"),
            ["type"] = S("cloudwatch"),
            ["log_distribution_role_arn"] = S(CustomerRole),
            ["log_group_name"] = S("/acme/logs"),
            ["desired_logs"] = map,
        });
        await PutRawAsync(moto, table, new()
        {
            ["tenant_id"] = S("acme"),
            ["type"] = S("s3"),
            ["log_distribution_role_arn"] = S(CustomerRole),
            ["bucket_name"] = S("acme-archive"),
            ["desired_logs"] = new AttributeValue { L = [] },
            ["notes"] = map,
        });
        var logger = new RecordingLogger<DynamoDbTenantStore>();
        using var store = Store(_proxy, table, logger: logger);

        var parsed = TenantConfigParser.Parse("acme", await store.GetItemsAsync("acme", CancellationToken.None), Defaults);

        var invalid = Assert.Single(parsed.InvalidDeliveries);
        Assert.Equal("cloudwatch", invalid.Type);
        // M is read (custom redact rules are maps), so a map where a list belongs is refused by the parser, naming it.
        Assert.Contains(invalid.Reasons, r => r.StartsWith("desired_logs:", StringComparison.Ordinal) && r.EndsWith("is M", StringComparison.Ordinal));
        var valid = Assert.Single(parsed.ValidConfigs);
        Assert.Equal(DeliveryType.S3, valid.Type);
        Assert.True(valid.DesiredLogs.AllowsAll);
    }

    [Fact]
    public async Task Query_follows_pagination_to_the_last_page()
    {
        var table = await CreateAsync(moto, TenantTableShape.TenantIdAndType);
        var types = Enumerable.Range(0, 7).Select(i => $"kind-{i}").Append("cloudwatch").Order(StringComparer.Ordinal).ToList();
        foreach (var type in types)
        {
            await PutRawAsync(moto, table, new() { ["tenant_id"] = S("acme"), ["type"] = S(type) });
        }

        using var store = Store(_proxy, table, pageSize: 2);

        var items = await store.GetItemsAsync("acme", CancellationToken.None);

        Assert.Equal(types, items.Select(i => i["type"].Text));
        Assert.True(_proxy.Count("dynamodb", "Query") >= 4, $"{_proxy.Count("dynamodb", "Query")} Query pages");
    }

    [Fact]
    public async Task Unknown_tenant_has_no_items()
    {
        var table = await CreateAsync(moto, TenantTableShape.TenantIdAndType);
        using var store = Store(_proxy, table);

        Assert.Empty(await store.GetItemsAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task Missing_table_is_an_invalid_request_naming_the_table_and_its_setting()
    {
        var table = MotoServer.UniqueName("no-such-table");
        using var store = Store(_proxy, table);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => store.GetItemsAsync("acme", CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.InvalidRequest, error.ErrorClass);
        Assert.Equal("dynamodb:Query", error.Operation);
        Assert.Equal("acme", error.Tenant);
        Assert.Contains(table, error.Detail, StringComparison.Ordinal);
        Assert.Contains("LogGrains:Tenants:TableName", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttled_query_is_retried_by_the_SDK_and_persistent_500s_are_transient_naming_the_table()
    {
        var table = await CreateAsync(moto, TenantTableShape.TenantIdAndType);
        await PutRawAsync(moto, table, new() { ["tenant_id"] = S("acme"), ["type"] = S("cloudwatch") });
        using var store = Store(_proxy, table, maxErrorRetry: 2);
        var throttle = _proxy.Inject(FaultRule.FirstN("dynamodb", "Query", new FaultAction.Fail(AwsError.Throttling), 2));

        Assert.Single(await store.GetItemsAsync("acme", CancellationToken.None));
        Assert.Equal(2, throttle.Fired);

        _proxy.Inject(FaultRule.Always("dynamodb", "Query", new FaultAction.Fail(AwsError.InternalError)));
        var error = await Assert.ThrowsAsync<DeliveryException>(() => store.GetItemsAsync("acme", CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Transient, error.ErrorClass);
        Assert.Contains(table, error.Detail, StringComparison.Ordinal);
        Assert.Equal("acme", error.Tenant);
    }
}
