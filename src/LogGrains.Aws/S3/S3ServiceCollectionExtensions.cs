using LogGrains.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.S3;

/// <summary>Registers the S3 reader and copier.</summary>
public static class S3ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IObjectReader"/> over the staging bucket as a singleton (disposed with the container), with
    /// the cluster's own credentials from the SDK's default chain. Options are validated at start-up.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options in code; null when they come only from binding, e.g.
    /// <c>.BindConfiguration(S3ObjectReaderOptions.SectionName)</c> on the returned builder.</param>
    /// <returns>The options builder, to bind configuration to.</returns>
    public static OptionsBuilder<S3ObjectReaderOptions> AddS3ObjectReader(
        this IServiceCollection services, Action<S3ObjectReaderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<S3ObjectReaderOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ObjectReaderOptions>, S3OptionsValidator>());
        services.TryAddSingleton<IObjectReader, S3ObjectReader>();
        return builder.ValidateOnStart();
    }

    /// <summary>
    /// Registers <see cref="IObjectCopier"/> into tenants' buckets as a singleton; each copy is signed with the
    /// tenant's credentials passed to it. Options are validated at start-up.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options in code; null when they come only from binding, e.g.
    /// <c>.BindConfiguration(S3ObjectCopierOptions.SectionName)</c> on the returned builder.</param>
    /// <returns>The options builder, to bind configuration to.</returns>
    public static OptionsBuilder<S3ObjectCopierOptions> AddS3ObjectCopier(
        this IServiceCollection services, Action<S3ObjectCopierOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<S3ObjectCopierOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ObjectCopierOptions>, S3OptionsValidator>());
        services.TryAddSingleton<IObjectCopier, S3ObjectCopier>();
        return builder.ValidateOnStart();
    }
}
