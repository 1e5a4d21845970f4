using LogGrains.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Sqs;

/// <summary>Registers the SQS notification source.</summary>
public static class SqsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="INotificationSource"/> over SQS as a singleton (disposed with the container), with the
    /// cluster's own credentials from the SDK's default chain. The options are validated at start-up (when the host
    /// runs the options validation) and again when the source is created, with messages naming
    /// <c>LogGrains:Sqs:QueueUrl</c> and <c>LogGrains:Sqs:DeadLetterQueueUrl</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options in code; null when they come only from binding, e.g.
    /// <c>.BindConfiguration(SqsNotificationSourceOptions.SectionName)</c> on the returned builder.</param>
    /// <returns>The options builder, to bind configuration to.</returns>
    public static OptionsBuilder<SqsNotificationSourceOptions> AddSqsNotificationSource(
        this IServiceCollection services, Action<SqsNotificationSourceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<SqsNotificationSourceOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqsNotificationSourceOptions>, SqsNotificationSourceOptionsValidator>());
        services.TryAddSingleton<INotificationSource, SqsNotificationSource>();
        return builder.ValidateOnStart();
    }
}
