using LogGrains.Core.Tenants;
using static LogGrains.Core.Tests.Tenants.Items;

namespace LogGrains.Core.Tests.Tenants;

public class TenantConfigParserTests
{
    private static TenantConfig ValidSingle(TenantItem item, string tenant = "acme")
    {
        var configuration = TenantConfigParser.Parse(tenant, [item], Defaults);
        var delivery = Assert.Single(configuration.Deliveries);
        var valid = Assert.IsType<ValidTenantDelivery>(delivery);
        return valid.Config;
    }

    private static IReadOnlyList<string> InvalidSingle(TenantItem item, string tenant = "acme")
    {
        var delivery = Assert.Single(TenantConfigParser.Parse(tenant, [item], Defaults).Deliveries);
        return Assert.IsType<InvalidTenantDelivery>(delivery).Reasons;
    }

    [Fact]
    public void Seed_single_record_without_type_is_a_cloudwatch_delivery_with_defaults()
    {
        var config = ValidSingle(Seed());

        Assert.Equal(
            new TenantConfig(
                "acme",
                DeliveryType.CloudWatch,
                Enabled: true,
                CustomerRole,
                ExternalId: "111122223333",
                TargetRegion: "eu-west-1",
                DesiredLogsFilter.All,
                LogGroupName: "/rosa/acme/cluster-logs",
                BucketName: null,
                BucketPrefix: TenantConfig.DefaultBucketPrefix),
            config);
    }

    [Fact]
    public void Absent_target_region_is_the_cluster_region_never_us_east_1()
    {
        var defaults = new TenantDefaults("ap-southeast-2", "111122223333");
        var config = Assert.IsType<ValidTenantDelivery>(Assert.Single(TenantConfigParser.Parse("acme", [Seed()], defaults).Deliveries)).Config;
        Assert.Equal("ap-southeast-2", config.TargetRegion);
    }

    [Fact]
    public void Explicit_fields_override_the_defaults()
    {
        var config = ValidSingle(Seed(
            "acme",
            ("target_region", S("us-gov-west-1")),
            ("external_id", S("acme-ext:id/42")),
            ("enabled", TenantAttribute.FromBool(false))));

        Assert.Equal("us-gov-west-1", config.TargetRegion);
        Assert.Equal("acme-ext:id/42", config.ExternalId);
        Assert.False(config.Enabled);
    }

    [Fact]
    public void Blank_optional_strings_count_as_absent()
    {
        var config = ValidSingle(Seed("acme", ("target_region", S("  ")), ("external_id", S("")), ("desired_logs", TenantAttribute.Null)));
        Assert.Equal("eu-west-1", config.TargetRegion);
        Assert.Equal("111122223333", config.ExternalId);
        Assert.True(config.DesiredLogs.AllowsAll);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData(" TRUE ", true)]
    public void Enabled_as_string_is_accepted(string text, bool expected)
    {
        Assert.Equal(expected, ValidSingle(Seed("acme", ("enabled", S(text)))).Enabled);
    }

    [Fact]
    public void Enabled_of_another_form_is_invalid()
    {
        Assert.Contains(InvalidSingle(Seed("acme", ("enabled", S("yes")))), r => r.StartsWith("enabled:", StringComparison.Ordinal));
        Assert.Contains(InvalidSingle(Seed("acme", ("enabled", TenantAttribute.N("1")))), r => r.StartsWith("enabled:", StringComparison.Ordinal));
    }

    [Fact]
    public void Multi_delivery_shape_yields_one_delivery_per_type()
    {
        var cloudwatch = With(Seed(), "type", S("cloudwatch"));
        var configuration = TenantConfigParser.Parse("acme", [cloudwatch, S3()], Defaults);

        Assert.True(configuration.IsKnown);
        Assert.Empty(configuration.InvalidDeliveries);
        Assert.Equal([DeliveryType.CloudWatch, DeliveryType.S3], configuration.ValidConfigs.Select(c => c.Type));
        var s3 = configuration.ValidConfigs[1];
        Assert.Equal("acme-log-archive", s3.BucketName);
        Assert.Equal("ROSA/cluster-logs/", s3.BucketPrefix);
        Assert.Null(s3.LogGroupName);
    }

    [Fact]
    public void Invalid_config_disables_only_itself()
    {
        var brokenCloudWatch = With(With(Seed(), "type", S("cloudwatch")), "log_group_name", S("bad:name"));
        var configuration = TenantConfigParser.Parse("acme", [brokenCloudWatch, S3()], Defaults);

        var invalid = Assert.Single(configuration.InvalidDeliveries);
        Assert.Equal("cloudwatch", invalid.Type);
        Assert.Contains(invalid.Reasons, r => r.StartsWith("log_group_name:", StringComparison.Ordinal) && r.Contains("':'", StringComparison.Ordinal));
        Assert.Equal(DeliveryType.S3, Assert.Single(configuration.ValidConfigs).Type);
    }

    [Fact]
    public void Unknown_type_is_invalid_and_named()
    {
        var configuration = TenantConfigParser.Parse("acme", [With(Seed(), "type", S("kinesis")), S3()], Defaults);

        var invalid = Assert.Single(configuration.InvalidDeliveries);
        Assert.Equal("kinesis", invalid.Type);
        Assert.Contains("'kinesis' is not a known delivery type", Assert.Single(invalid.Reasons), StringComparison.Ordinal);
        Assert.Single(configuration.ValidConfigs);
    }

    [Fact]
    public void Type_is_matched_case_insensitively()
    {
        Assert.Equal(DeliveryType.CloudWatch, ValidSingle(With(Seed(), "type", S("CloudWatch"))).Type);
    }

    [Fact]
    public void Second_item_of_the_same_type_is_invalid_and_the_first_is_kept()
    {
        var first = Seed();
        var second = With(With(Seed(), "type", S("cloudwatch")), "log_group_name", S("/other"));

        var configuration = TenantConfigParser.Parse("acme", [first, second], Defaults);

        Assert.Equal("/rosa/acme/cluster-logs", Assert.Single(configuration.ValidConfigs).LogGroupName);
        Assert.Contains("second 'cloudwatch' delivery", Assert.Single(Assert.Single(configuration.InvalidDeliveries).Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Tenant_without_items_is_unknown()
    {
        var configuration = TenantConfigParser.Parse("nobody", [], Defaults);
        Assert.False(configuration.IsKnown);
        Assert.Empty(configuration.ValidConfigs);
    }

    [Theory]
    [InlineData("log_distribution_role_arn", "arn:aws:iam::4444:role/x", "log_distribution_role_arn:")]
    [InlineData("log_distribution_role_arn", "arn:aws:s3:::bucket", "log_distribution_role_arn:")]
    [InlineData("log_distribution_role_arn", "arn:aws:iam::444455556666:user/bob", "log_distribution_role_arn:")]
    [InlineData("log_distribution_role_arn", "arn:aws:iam::444455556666:role/", "invalid role name")]
    [InlineData("log_distribution_role_arn", "arn:aws:iam::44445555666６:role/x", "log_distribution_role_arn:")]
    [InlineData("log_group_name", "/rosa/acme logs", "log_group_name:")]
    [InlineData("target_region", "eu-west", "target_region:")]
    [InlineData("target_region", "EU-WEST-1", "target_region:")]
    [InlineData("external_id", "x", "external_id:")]
    [InlineData("external_id", "has space", "external_id:")]
    [InlineData("tenant_id", "globex", "does not match")]
    public void Invalid_field_is_refused_naming_the_field(string field, string value, string named)
    {
        var reasons = InvalidSingle(With(Seed(), field, S(value)));
        Assert.Contains(reasons, r => r.Contains(named, StringComparison.Ordinal) && r.StartsWith(field, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("log_distribution_role_arn")]
    [InlineData("log_group_name")]
    [InlineData("tenant_id")]
    public void Missing_required_field_is_refused(string field)
    {
        Assert.Contains(InvalidSingle(With(Seed(), field, null)), r => r.StartsWith($"{field}: is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Field_of_the_wrong_attribute_type_is_refused()
    {
        Assert.Contains("log_group_name: must be S, is N", InvalidSingle(With(Seed(), "log_group_name", TenantAttribute.N("7"))));
    }

    [Theory]
    [InlineData("arn:aws:iam::444455556666:role/loggrains-delivery")]
    [InlineData("arn:aws-us-gov:iam::444455556666:role/service-role/delivery+x=y,z.w@v-1")]
    [InlineData("arn:aws-cn:iam::444455556666:role/a")]
    public void Role_arns_of_every_partition_are_accepted(string arn)
    {
        Assert.Equal(arn, ValidSingle(With(Seed(), "log_distribution_role_arn", S(arn))).LogDistributionRoleArn);
    }

    [Fact]
    public void External_id_lengths_follow_sts()
    {
        Assert.Equal(1224, ValidSingle(With(Seed(), "external_id", S(new string('e', 1224)))).ExternalId.Length);
        Assert.Contains(InvalidSingle(With(Seed(), "external_id", S(new string('e', 1225)))), r => r.StartsWith("external_id:", StringComparison.Ordinal));
    }

    [Fact]
    public void Log_group_name_lengths_follow_cloudwatch()
    {
        Assert.NotNull(ValidSingle(With(Seed(), "log_group_name", S("/" + new string('g', 511)))).LogGroupName);
        Assert.Contains(InvalidSingle(With(Seed(), "log_group_name", S("/" + new string('g', 512)))), r => r.Contains("513 characters", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ab", "3-63")]
    [InlineData("Acme-logs", "a-z 0-9")]
    [InlineData("acme_logs", "a-z 0-9")]
    [InlineData("-acme-logs", "start and end")]
    [InlineData("acme..logs", "adjacent periods")]
    [InlineData("192.168.5.4", "IP address")]
    [InlineData("xn--acme", "reserved prefix 'xn--'")]
    [InlineData("acme-s3alias", "reserved suffix '-s3alias'")]
    public void S3_bucket_name_rules_are_enforced(string bucket, string named)
    {
        var reasons = InvalidSingle(With(S3(), "bucket_name", S(bucket)));
        Assert.Contains(reasons, r => r.StartsWith("bucket_name:", StringComparison.Ordinal) && r.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void S3_delivery_requires_a_bucket_but_no_log_group()
    {
        Assert.Contains(InvalidSingle(With(S3(), "bucket_name", null)), r => r.StartsWith("bucket_name: is missing", StringComparison.Ordinal));
        Assert.Equal("acme-log-archive", ValidSingle(S3()).BucketName);
    }

    [Fact]
    public void Explicit_empty_bucket_prefix_means_the_bucket_root()
    {
        Assert.Equal("", ValidSingle(With(S3(), "bucket_prefix", S(""))).BucketPrefix);
        Assert.Contains(InvalidSingle(With(S3(), "bucket_prefix", S("/abs/"))), r => r.StartsWith("bucket_prefix:", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_of_an_item_is_reported_at_once()
    {
        var item = Make(("tenant_id", S("acme")), ("log_group_name", S("bad name")), ("target_region", S("mars")));
        var reasons = InvalidSingle(item);
        Assert.Equal(3, reasons.Count);
        Assert.Contains(reasons, r => r.StartsWith("log_distribution_role_arn", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("log_group_name", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("target_region", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Not a region")]
    [InlineData("us-east")]
    public void Defaults_refuse_a_malformed_cluster_region(string region)
    {
        var ex = Assert.Throws<ArgumentException>(() => new TenantDefaults(region, "111122223333"));
        Assert.Equal("clusterRegion", ex.ParamName);
    }

    [Fact]
    public void Defaults_refuse_a_malformed_account_id()
    {
        Assert.Equal("centralAccountId", Assert.Throws<ArgumentException>(() => new TenantDefaults("eu-west-1", "1234")).ParamName);
    }
}
