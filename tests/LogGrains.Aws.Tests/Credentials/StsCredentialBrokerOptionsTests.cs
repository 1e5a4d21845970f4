using LogGrains.Aws.Credentials;
using LogGrains.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Tests.Credentials;

public sealed class StsCredentialBrokerOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("loggrains-central")]
    [InlineData("arn:aws:iam::12345:role/loggrains-central")]
    [InlineData("arn:aws:s3:::bucket")]
    public void Missing_or_malformed_central_role_stops_start_up_naming_the_setting(string arn)
    {
        var services = new ServiceCollection().AddStsCredentialBroker(o =>
        {
            o.CentralRoleArn = arn;
            o.Region = "us-east-1";
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICredentialBroker>());

        Assert.Contains("LogGrains:Delivery:CentralRoleArn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_region_and_an_over_long_chained_session_are_refused_naming_their_settings()
    {
        var error = Assert.Throws<ArgumentException>(() => new StsCredentialBroker(new StsCredentialBrokerOptions
        {
            CentralRoleArn = StsTestSetup.CentralRole,
            SessionDuration = TimeSpan.FromHours(2),
        }));

        Assert.Contains("LogGrains:Aws:Region", error.Message, StringComparison.Ordinal);
        Assert.Contains("SessionDuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_settings_register_one_broker_as_itself_and_as_the_port()
    {
        var services = new ServiceCollection().AddStsCredentialBroker(o =>
        {
            o.CentralRoleArn = StsTestSetup.CentralRole;
            o.Region = "eu-west-1";
        });
        using var provider = services.BuildServiceProvider();

        var port = provider.GetRequiredService<ICredentialBroker>();

        Assert.Same(provider.GetRequiredService<StsCredentialBroker>(), port);
    }
}
