using LogGrains.Aws.Sqs;
using LogGrains.Core.Ports;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Tests.Sqs;

[Collection(MotoTests.Collection)]
public sealed class SqsOptionsTests(MotoServer moto)
{
    [Fact]
    public void Missing_queue_urls_are_refused_naming_the_settings()
    {
        using var provider = Services(new Dictionary<string, string?>()).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<INotificationSource>());

        Assert.Contains(error.Failures, f => f.StartsWith("LogGrains:Sqs:QueueUrl is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("LogGrains:Sqs:DeadLetterQueueUrl is required", StringComparison.Ordinal));
    }

    [Fact]
    public void A_queue_url_that_is_not_a_url_and_a_DLQ_equal_to_the_queue_are_refused()
    {
        using var provider = Services(new Dictionary<string, string?>
        {
            ["LogGrains:Sqs:QueueUrl"] = "objects",
            ["LogGrains:Sqs:DeadLetterQueueUrl"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/dlq",
        }).BuildServiceProvider();
        var same = new SqsNotificationSourceOptions
        {
            QueueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/q",
            DeadLetterQueueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/q",
        };

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqsNotificationSourceOptions>>().Value);
        var sameError = Assert.Throws<OptionsValidationException>(() => new SqsNotificationSource(same, TestAws.DefaultCredentials, null));

        Assert.Equal(["LogGrains:Sqs:QueueUrl must be an absolute http(s) queue URL, not 'objects'."], error.Failures);
        Assert.Equal(["LogGrains:Sqs:DeadLetterQueueUrl must differ from LogGrains:Sqs:QueueUrl."], sameError.Failures);
    }

    [Fact]
    public async Task Source_registered_from_configuration_is_one_SQS_source_with_the_bound_settings()
    {
        var queues = await TestQueues.CreateAsync(moto.Endpoint);
        var services = Services(new Dictionary<string, string?>
        {
            ["LogGrains:Sqs:QueueUrl"] = queues.QueueUrl,
            ["LogGrains:Sqs:DeadLetterQueueUrl"] = queues.DeadLetterQueueUrl,
            ["LogGrains:Sqs:ServiceUrl"] = moto.Endpoint.ToString(),
            ["LogGrains:Sqs:Region"] = MotoServer.Region,
        });
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SqsNotificationSourceOptions>>().Value;
        var source = provider.GetRequiredService<INotificationSource>();

        Assert.IsType<SqsNotificationSource>(source);
        Assert.Equal(queues.QueueUrl, options.QueueUrl);
        Assert.Equal(moto.Endpoint, options.ServiceUrl);
        Assert.Same(source, provider.GetRequiredService<INotificationSource>());
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSqsNotificationSource().BindConfiguration(SqsNotificationSourceOptions.SectionName);
        return services;
    }
}
