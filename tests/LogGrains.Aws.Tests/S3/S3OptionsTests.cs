using LogGrains.Aws.S3;
using LogGrains.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Tests.S3;

public sealed class S3OptionsTests
{
    [Fact]
    public void Reader_and_copier_register_from_configuration_as_singletons()
    {
        using var provider = Services(new Dictionary<string, string?>
        {
            ["LogGrains:S3:ServiceUrl"] = "http://127.0.0.1:4566",
            ["LogGrains:S3:Region"] = "eu-west-1",
            ["LogGrains:S3:ForcePathStyle"] = "true",
            ["LogGrains:S3Copy:ServiceUrl"] = "http://127.0.0.1:4566",
        }).BuildServiceProvider();

        var reader = provider.GetRequiredService<IObjectReader>();
        var copier = provider.GetRequiredService<IObjectCopier>();

        Assert.IsType<S3ObjectReader>(reader);
        Assert.IsType<S3ObjectCopier>(copier);
        Assert.Same(reader, provider.GetRequiredService<IObjectReader>());
        Assert.Equal("eu-west-1", provider.GetRequiredService<IOptions<S3ObjectReaderOptions>>().Value.Region);
        Assert.True(provider.GetRequiredService<IOptions<S3ObjectReaderOptions>>().Value.ForcePathStyle);
    }

    [Fact]
    public void Relative_service_urls_and_blank_region_are_refused_naming_the_settings()
    {
        using var provider = Services(new Dictionary<string, string?>
        {
            ["LogGrains:S3:ServiceUrl"] = "s3.local",
            ["LogGrains:S3:Region"] = " ",
            ["LogGrains:S3Copy:ServiceUrl"] = "s3.local",
            ["LogGrains:S3Copy:MaxErrorRetry"] = "-1",
        }).BuildServiceProvider();

        var reader = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IObjectReader>());
        var copier = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IObjectCopier>());

        Assert.Equal(
            ["LogGrains:S3:ServiceUrl must be an absolute URL, not 's3.local'.",
             "LogGrains:S3:Region must not be blank (leave it unset to use the SDK's default region)."],
            reader.Failures);
        Assert.Equal(
            ["LogGrains:S3Copy:ServiceUrl must be an absolute URL, not 's3.local'.",
             "LogGrains:S3Copy:MaxErrorRetry must be between 0 and 20, not -1."],
            copier.Failures);
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddS3ObjectReader().BindConfiguration(S3ObjectReaderOptions.SectionName);
        services.AddS3ObjectCopier().BindConfiguration(S3ObjectCopierOptions.SectionName);
        return services;
    }
}
