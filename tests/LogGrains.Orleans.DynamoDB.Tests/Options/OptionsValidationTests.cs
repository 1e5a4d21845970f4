using LogGrains.Testing;
using LogGrains.Orleans.DynamoDB.Membership;
using LogGrains.Orleans.DynamoDB.Tests.Membership;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;

namespace LogGrains.Orleans.DynamoDB.Tests.Options;

[Collection(MotoTests.Collection)]
public sealed class OptionsValidationTests(MotoServer moto)
{
    [Fact]
    public void Clustering_options_without_a_table_name_are_refused_naming_the_option()
    {
        var error = Validate(new DynamoDbClusteringOptions { TableName = " " });

        Assert.Contains("DynamoDbClusteringOptions.TableName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_table_name_is_refused_naming_the_table()
    {
        var error = Validate(new DynamoDbClusteringOptions { TableName = "no spaces allowed" });

        Assert.Contains("'no spaces allowed'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_url_without_a_region_is_refused_naming_Region()
    {
        var error = Validate(new DynamoDbClusteringOptions { ServiceUrl = "http://127.0.0.1:4566" });

        Assert.Contains("DynamoDbClusteringOptions.Region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_service_url_is_refused_naming_ServiceUrl()
    {
        var error = Validate(new DynamoDbClusteringOptions { ServiceUrl = "localhost:4566", Region = "eu-west-1" });

        Assert.Contains("DynamoDbClusteringOptions.ServiceUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_access_key_without_a_secret_key_is_refused_naming_both()
    {
        var error = Validate(new DynamoDbClusteringOptions { AccessKey = "AKIA", Region = "eu-west-1" });

        Assert.Contains("DynamoDbClusteringOptions.AccessKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("DynamoDbClusteringOptions.SecretKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_with_a_region_pass_validation()
    {
        var validator = new DynamoDbClusteringOptionsValidator(
            Microsoft.Extensions.Options.Options.Create(new DynamoDbClusteringOptions { Region = "eu-west-1" }));

        validator.ValidateConfiguration();
    }

    [Fact]
    public void Grain_storage_validation_names_the_provider_and_the_option()
    {
        var options = new DynamoDbGrainStorageOptions { TableName = string.Empty, GrainStorageSerializer = null! };
        var validator = new DynamoDbGrainStorageOptionsValidator(options, "tenants");

        var error = Assert.Throws<OrleansConfigurationException>(validator.ValidateConfiguration);

        Assert.Contains("grain storage 'tenants'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DynamoDbGrainStorageOptions.TableName", error.Message, StringComparison.Ordinal);
        Assert.Contains("DynamoDbGrainStorageOptions.GrainStorageSerializer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_with_an_invalid_storage_option_does_not_start_and_says_which_option()
    {
        using var host = new HostBuilder()
            .UseOrleans(silo => silo
                .UseLocalhostClustering(siloPort: LoopbackPort.Free(), gatewayPort: LoopbackPort.Free())
                .AddDynamoDbGrainStorage("orders", o => o.TableName = "x"))
            .Build();

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(() => host.StartAsync());

        Assert.Contains("DynamoDbGrainStorageOptions.TableName 'x' for grain storage 'orders'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_table_with_creation_disabled_fails_naming_the_table_and_the_option()
    {
        var harness = new MembershipTableHarness(moto.Endpoint);
        var options = harness.Options();
        options.CreateIfNotExists = false;
        using var table = new DynamoDbMembershipTable(
            Microsoft.Extensions.Options.Options.Create(options),
            Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = harness.ClusterId }),
            NullLogger<DynamoDbMembershipTable>.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => table.InitializeMembershipTableAsync(true));

        Assert.Contains($"'{harness.TableName}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DynamoDbClusteringOptions.CreateIfNotExists", error.Message, StringComparison.Ordinal);
    }

    private static OrleansConfigurationException Validate(DynamoDbClusteringOptions options) =>
        Assert.Throws<OrleansConfigurationException>(
            new DynamoDbClusteringOptionsValidator(Microsoft.Extensions.Options.Options.Create(options)).ValidateConfiguration);
}
