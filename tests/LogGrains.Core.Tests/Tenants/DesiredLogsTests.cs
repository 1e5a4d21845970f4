using LogGrains.Core.Tenants;
using static LogGrains.Core.Tests.Tenants.Items;

namespace LogGrains.Core.Tests.Tenants;

public class DesiredLogsTests
{
    public static TheoryData<string, TenantAttribute> Encodings => new()
    {
        { "L", TenantAttribute.L([S("Payments"), S(" checkout ")]) },
        { "SS", TenantAttribute.SS(["Payments", "checkout"]) },
        { "S", S("Payments, checkout,,") },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Every_encoding_gives_the_same_case_insensitive_filter(string encoding, TenantAttribute value)
    {
        var config = Assert.IsType<ValidTenantDelivery>(Assert.Single(TenantConfigParser.Parse("acme", [Seed("acme", ("desired_logs", value))], Defaults).Deliveries)).Config;

        Assert.False(config.DesiredLogs.AllowsAll, encoding);
        Assert.Equal(["Payments", "checkout"], config.DesiredLogs.Applications);
        Assert.True(config.DesiredLogs.Allows("payments"));
        Assert.True(config.DesiredLogs.Allows("PAYMENTS"));
        Assert.True(config.DesiredLogs.Allows("Checkout"));
        Assert.False(config.DesiredLogs.Allows("payments-2"));
        Assert.False(config.DesiredLogs.Allows("pay"));
    }

    [Fact]
    public void Absent_or_empty_filter_allows_every_application()
    {
        foreach (var item in new[] { Seed(), Seed("acme", ("desired_logs", TenantAttribute.L([]))), Seed("acme", ("desired_logs", S(""))) })
        {
            var config = Assert.IsType<ValidTenantDelivery>(Assert.Single(TenantConfigParser.Parse("acme", [item], Defaults).Deliveries)).Config;
            Assert.True(config.DesiredLogs.AllowsAll);
            Assert.True(config.DesiredLogs.Allows("anything"));
        }
    }

    [Fact]
    public void List_with_a_non_string_element_is_invalid()
    {
        var item = Seed("acme", ("desired_logs", TenantAttribute.L([S("api"), TenantAttribute.N("3")])));
        var invalid = Assert.IsType<InvalidTenantDelivery>(Assert.Single(TenantConfigParser.Parse("acme", [item], Defaults).Deliveries));
        Assert.Contains("desired_logs: element 1 must be S, is N", invalid.Reasons);
    }

    [Fact]
    public void Filters_with_the_same_names_in_another_case_are_equal()
    {
        Assert.Equal(new DesiredLogsFilter(["API", "web"]), new DesiredLogsFilter(["web", "api"]));
        Assert.NotEqual(new DesiredLogsFilter(["api"]), DesiredLogsFilter.All);
    }
}
