using LogGrains.Aws.Tenants;
using LogGrains.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Tests.Tenants;

public sealed class DynamoDbTenantStoreOptionsTests
{
    [Fact]
    public void Missing_table_name_stops_start_up_naming_the_setting()
    {
        using var provider = new ServiceCollection()
            .AddDynamoDbTenantStore(o => o.Region = "eu-west-1")
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ITenantStore>());

        Assert.Contains("LogGrains:Tenants:TableName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_region_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new DynamoDbTenantStore(new DynamoDbTenantStoreOptions { TableName = "tenants" }));

        Assert.Contains("LogGrains:Aws:Region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_settings_register_one_store_as_itself_and_as_the_port()
    {
        using var provider = new ServiceCollection()
            .AddDynamoDbTenantStore(o =>
            {
                o.TableName = "loggrains-tenants";
                o.Region = "eu-west-1";
            })
            .BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<DynamoDbTenantStore>(), provider.GetRequiredService<ITenantStore>());
    }
}
