using LogGrains.Core.Tenants;
using static LogGrains.Core.Tests.Tenants.Items;

namespace LogGrains.Core.Tests.Tenants;

public sealed class TenantWeightTests
{
    [Fact]
    public void Absent_weight_is_one()
    {
        var configuration = TenantConfigParser.Parse("acme", [Seed()], Defaults);

        Assert.Equal(1, Assert.Single(configuration.ValidConfigs).Weight);
        Assert.Equal(1, configuration.Weight);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("100", 100)]
    [InlineData(" 7 ", 7)]
    public void Weight_as_number_or_string_is_read(string text, int expected)
    {
        Assert.Equal(expected, TenantConfigParser.Parse("acme", [With(Seed(), "weight", TenantAttribute.N(text.Trim()))], Defaults).Weight);
        Assert.Equal(expected, TenantConfigParser.Parse("acme", [With(Seed(), "weight", S(text))], Defaults).Weight);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-2")]
    [InlineData("1.5")]
    [InlineData("heavy")]
    public void Weight_out_of_range_or_not_whole_invalidates_the_item_naming_the_field(string text)
    {
        var delivery = Assert.Single(TenantConfigParser.Parse("acme", [With(Seed(), "weight", S(text))], Defaults).Deliveries);

        Assert.Contains(Assert.IsType<InvalidTenantDelivery>(delivery).Reasons, r => r.StartsWith("weight: must be a whole number from 1 to 100", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tenant_with_several_deliveries_gets_the_largest_valid_weight()
    {
        var configuration = TenantConfigParser.Parse(
            "acme",
            [With(Seed(), "weight", TenantAttribute.N("2")), With(With(S3(), "weight", TenantAttribute.N("5")), "bucket_name", S("Bad_Bucket"))],
            Defaults);

        Assert.Equal(2, configuration.Weight);
    }

    [Fact]
    public void Written_weight_parses_back()
    {
        var config = new TenantConfig("acme", DeliveryType.CloudWatch, true, CustomerRole, "111122223333", "eu-west-1", DesiredLogsFilter.All, "/rosa/acme", null, TenantConfig.DefaultBucketPrefix, Weight: 3);

        var item = TenantItemWriter.Write(config);

        Assert.Equal(TenantAttribute.N("3"), item["weight"]);
        Assert.Equal(config, Assert.Single(TenantConfigParser.Parse("acme", [item], Defaults).ValidConfigs));
    }
}
