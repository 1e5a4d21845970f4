using System.Text.Json;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using static LogGrains.Silo.Tests.Cli.CliAws;

namespace LogGrains.Silo.Tests.Cli;

[Collection(MotoTests.Collection)]
public sealed class CliValidateTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await CliAws.StartProxyAsync(moto);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Validate_shows_every_check_passed_for_a_good_tenant()
    {
        var group = "/rosa/" + MotoServer.UniqueName("good");
        await CliAws.CreateLogGroupAsync(moto, CustomerAccount, group);
        var settings = await SettingsWithTenantAsync("good-tenant", CentralAccount, group);

        var result = await CliRun.RunAsync(settings, "tenants", "validate", "good-tenant");
        var json = await CliRun.RunAsync(settings, "tenants", "validate", "good-tenant", "--json");

        Assert.True(result.Exit == 0, result.ToString());
        Assert.Contains("✓ tenant 'good-tenant': every check passed", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("✗", result.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        var checks = document.RootElement.GetProperty("checks").EnumerateArray().Select(c => (Check: c.GetProperty("check").GetString()!, Ok: c.GetProperty("ok").GetBoolean())).ToList();
        Assert.Collection(
            checks,
            c => Assert.Equal(("configuration", true), c),
            c => Assert.StartsWith("central role " + CentralRole, c.Check, StringComparison.Ordinal),
            c => Assert.StartsWith("customer role " + CustomerRole, c.Check, StringComparison.Ordinal),
            c => Assert.StartsWith($"log group {group} ", c.Check, StringComparison.Ordinal));
        Assert.All(checks, c => Assert.True(c.Ok, c.Check));

        // Each run takes both hops once: the central role, then the customer role.
        Assert.Equal(4, _proxy.Count("sts", "AssumeRole"));
    }

    [Fact]
    public async Task Validate_names_the_customer_role_hop_when_the_ExternalId_is_wrong()
    {
        var group = "/rosa/" + MotoServer.UniqueName("wrong");
        await CliAws.CreateLogGroupAsync(moto, CustomerAccount, group);
        var settings = await SettingsWithTenantAsync("wrong-id-tenant", "not-the-central-account", group);

        var result = await CliRun.RunAsync(settings, "tenants", "validate", "wrong-id-tenant", "--json");

        Assert.True(result.Exit == 1, result.ToString());
        using var document = JsonDocument.Parse(result.Out);
        Assert.False(document.RootElement.GetProperty("ok").GetBoolean());
        var failed = Assert.Single(document.RootElement.GetProperty("checks").EnumerateArray(), c => !c.GetProperty("ok").GetBoolean());
        Assert.StartsWith("customer role " + CustomerRole, failed.GetProperty("check").GetString(), StringComparison.Ordinal);
        Assert.Contains("AccessDenied", failed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var table = await CliRun.RunAsync(settings, "tenants", "validate", "wrong-id-tenant");
        Assert.Equal(1, table.Exit);
        Assert.Contains("✗", table.Out, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_fails_the_log_group_check_when_only_a_longer_name_with_that_prefix_exists()
    {
        var group = "/rosa/" + MotoServer.UniqueName("prefix");
        await CliAws.CreateLogGroupAsync(moto, CustomerAccount, group + "-2");
        var settings = await SettingsWithTenantAsync("prefix-tenant", CentralAccount, group);

        var result = await CliRun.RunAsync(settings, "tenants", "validate", "prefix-tenant", "--json");

        Assert.True(result.Exit == 1, result.ToString());
        using var document = JsonDocument.Parse(result.Out);
        var failed = Assert.Single(document.RootElement.GetProperty("checks").EnumerateArray(), c => !c.GetProperty("ok").GetBoolean());
        Assert.StartsWith($"log group {group} ", failed.GetProperty("check").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_probes_an_S3_deliverys_bucket_with_the_customer_role_and_writes_nothing()
    {
        var bucket = MotoServer.UniqueName("customer-logs");
        using (var s3 = TestAws.S3(moto.Endpoint, accountId: CustomerAccount))
        {
            await s3.PutBucketAsync(bucket);
        }

        var settings = await SettingsWithItemAsync(S3Item("s3-tenant", bucket));

        var result = await CliRun.RunAsync(settings, "tenants", "validate", "s3-tenant", "--json");
        var table = await CliRun.RunAsync(settings, "tenants", "validate", "s3-tenant");

        Assert.True(result.Exit == 0, result.ToString());
        var checks = Checks(result.Out);
        Assert.Collection(
            checks,
            c => Assert.Equal(("s3", "configuration", true), (c.Delivery, c.Check, c.Ok)),
            c => Assert.StartsWith("central role ", c.Check, StringComparison.Ordinal),
            c => Assert.StartsWith("customer role " + CustomerRole, c.Check, StringComparison.Ordinal),
            c => Assert.Equal(("s3", $"bucket {bucket} in {MotoServer.Region} (HeadBucket)", true), (c.Delivery, c.Check, c.Ok)),
            c =>
            {
                Assert.Equal(("s3", $"list s3://{bucket}/logs/ (ListObjectsV2, max-keys 1)", true), (c.Delivery, c.Check, c.Ok));
                Assert.Contains("s3:PutObject", c.Detail, StringComparison.Ordinal);
            });
        Assert.True(table.Exit == 0, table.ToString());
        Assert.Contains("✓ tenant 's3-tenant': every check passed", table.Out, StringComparison.Ordinal);

        // Two runs: each probes once, signed by the customer account, and nothing is written to the customer's bucket.
        var probes = _proxy.RequestsTo("s3").ToList();
        Assert.Equal(2, probes.Count(r => r.Info.Operation == "HeadBucket"));
        Assert.Equal(2, probes.Count(r => r.Info.Operation == "ListObjectsV2"));
        Assert.Equal(4, probes.Count);
    }

    [Fact]
    public async Task Validate_fails_naming_the_bucket_when_an_S3_deliverys_bucket_does_not_exist()
    {
        var bucket = MotoServer.UniqueName("missing");
        var settings = await SettingsWithItemAsync(S3Item("missing-bucket-tenant", bucket));

        var result = await CliRun.RunAsync(settings, "tenants", "validate", "missing-bucket-tenant", "--json");
        var table = await CliRun.RunAsync(settings, "tenants", "validate", "missing-bucket-tenant");

        Assert.True(result.Exit == 1, result.ToString());
        var failed = Checks(result.Out).Where(c => !c.Ok).ToList();
        Assert.Collection(
            failed,
            c =>
            {
                Assert.Equal($"bucket {bucket} in {MotoServer.Region} (HeadBucket)", c.Check);
                Assert.Equal($"bucket '{bucket}' does not exist (HTTP 404)", c.Detail);
            },
            c => Assert.Equal(("list s3://" + bucket + "/logs/ (ListObjectsV2, max-keys 1)", "not tried: the bucket check failed"), (c.Check, c.Detail)));
        Assert.Equal(1, table.Exit);
        Assert.Contains("2 check(s) failed", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_fails_the_listing_check_when_the_customer_role_may_not_list_the_prefix()
    {
        var bucket = MotoServer.UniqueName("denied");
        using (var s3 = TestAws.S3(moto.Endpoint, accountId: CustomerAccount))
        {
            await s3.PutBucketAsync(bucket);
        }

        var settings = await SettingsWithItemAsync(S3Item("denied-tenant", bucket));
        _proxy.Inject(FaultRule.Always("s3", "ListObjectsV2", new FaultAction.Fail(AwsError.AccessDenied)));

        var result = await CliRun.RunAsync(settings, "tenants", "validate", "denied-tenant", "--json");

        Assert.True(result.Exit == 1, result.ToString());
        var checks = Checks(result.Out);
        Assert.True(checks.Single(c => c.Check.StartsWith("bucket ", StringComparison.Ordinal)).Ok);
        var failed = Assert.Single(checks, c => !c.Ok);
        Assert.Equal($"list s3://{bucket}/logs/ (ListObjectsV2, max-keys 1)", failed.Check);
        Assert.StartsWith($"listing bucket '{bucket}' under 'logs/' failed: AccessDenied (HTTP 403)", failed.Detail, StringComparison.Ordinal);
    }

    private static List<(string Delivery, string Check, bool Ok, string Detail)> Checks(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("checks").EnumerateArray()
            .Select(c => (c.GetProperty("delivery").GetString()!, c.GetProperty("check").GetString()!, c.GetProperty("ok").GetBoolean(), c.GetProperty("detail").GetString()!))
            .ToList();
    }

    private static Dictionary<string, string> S3Item(string tenant, string bucket) => new()
    {
        ["tenant_id"] = tenant,
        ["type"] = "s3",
        ["log_distribution_role_arn"] = CustomerRole,
        ["external_id"] = CentralAccount,
        ["bucket_name"] = bucket,
        ["bucket_prefix"] = "logs/",
    };

    private Task<Dictionary<string, string?>> SettingsWithTenantAsync(string tenant, string externalId, string group) =>
        SettingsWithItemAsync(new Dictionary<string, string>
        {
            ["tenant_id"] = tenant,
            ["type"] = "cloudwatch",
            ["log_distribution_role_arn"] = CustomerRole,
            ["external_id"] = externalId,
            ["log_group_name"] = group,
        });

    private async Task<Dictionary<string, string?>> SettingsWithItemAsync(Dictionary<string, string> tenantItem)
    {
        var settings = await CliAws.SettingsAsync(moto, _proxy.Endpoint);
        await CliAws.PutAsync(settings, JsonSerializer.Serialize(tenantItem));
        return settings;
    }
}
