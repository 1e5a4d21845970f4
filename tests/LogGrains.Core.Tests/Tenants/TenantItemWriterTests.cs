using CsCheck;
using LogGrains.Core.Tenants;
using static LogGrains.Core.Tests.Tenants.Items;

namespace LogGrains.Core.Tests.Tenants;

public class TenantItemWriterTests
{
    [Fact]
    public void Written_cloudwatch_item_has_every_field_explicit()
    {
        var config = new TenantConfig("acme", DeliveryType.CloudWatch, true, CustomerRole, "111122223333", "eu-west-1", new DesiredLogsFilter(["api"]), "/rosa/acme", null, TenantConfig.DefaultBucketPrefix);

        var item = TenantItemWriter.Write(config);

        Assert.Equal(S("acme"), item["tenant_id"]);
        Assert.Equal(S("cloudwatch"), item["type"]);
        Assert.Equal(TenantAttribute.FromBool(true), item["enabled"]);
        Assert.Equal(S("eu-west-1"), item["target_region"]);
        Assert.Equal(S("111122223333"), item["external_id"]);
        Assert.Equal(TenantAttribute.L([S("api")]), item["desired_logs"]);
        Assert.False(item.ContainsKey("bucket_name"));
    }

    [Fact]
    public void Invalid_config_is_refused_with_every_reason()
    {
        var config = new TenantConfig("acme", DeliveryType.S3, true, "not-an-arn", "111122223333", "eu-west-1", DesiredLogsFilter.All, null, "Bad_Bucket", "");

        var ex = Assert.Throws<ArgumentException>(() => TenantItemWriter.Write(config));

        Assert.Contains("log_distribution_role_arn:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bucket_name:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_item_parses_back_to_the_same_config()
    {
        var name = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"].Array[1, 20].Select(a => "a" + new string(a));
        var gen = Gen.Select(
            name,
            Gen.Bool,
            Gen.Bool,
            name.Array[0, 4],
            Gen.OneOf(Gen.Const("eu-west-1"), Gen.Const("us-gov-east-1"), Gen.Const("ap-southeast-3")),
            Gen.OneOf(Gen.Const(""), Gen.Const("ROSA/cluster-logs/"), Gen.Const("logs/x/")),
            Gen.Int[1, 100],
            (tenant, isS3, enabled, apps, region, prefix, weight) => new TenantConfig(
                tenant,
                isS3 ? DeliveryType.S3 : DeliveryType.CloudWatch,
                enabled,
                CustomerRole,
                "ext-" + tenant,
                region,
                new DesiredLogsFilter(apps),
                isS3 ? null : "/rosa/" + tenant,
                isS3 ? tenant + "-bucket" : null,
                isS3 ? prefix : TenantConfig.DefaultBucketPrefix,
                weight));

        Check.Sample(gen, config =>
        {
            var parsed = TenantConfigParser.Parse(config.TenantId, [TenantItemWriter.Write(config)], new TenantDefaults("sa-east-1", "999999999999"));
            Assert.Equal(config, Assert.IsType<ValidTenantDelivery>(Assert.Single(parsed.Deliveries)).Config);
        }, iter: 500);
    }
}
