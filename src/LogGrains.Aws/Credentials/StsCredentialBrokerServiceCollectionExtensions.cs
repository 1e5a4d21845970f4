using LogGrains.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Credentials;

/// <summary>Registers the STS credential broker.</summary>
public static class StsCredentialBrokerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StsCredentialBroker"/> as a singleton and as <see cref="ICredentialBroker"/>, with its
    /// options validated at start-up (a wrong setting stops the host with a message naming it). Base credentials come
    /// from the SDK's default chain; a registered <see cref="TimeProvider"/> and <see cref="System.Diagnostics.Metrics.IMeterFactory"/>
    /// are used when present.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, e.g. from <c>LogGrains:Delivery</c> and <c>LogGrains:Aws:Region</c>.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddStsCredentialBroker(this IServiceCollection services, Action<StsCredentialBrokerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<StsCredentialBrokerOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StsCredentialBrokerOptions>, StsCredentialBrokerOptionsValidator>());
        services.TryAddSingleton(sp => new StsCredentialBroker(
            sp.GetRequiredService<IOptions<StsCredentialBrokerOptions>>().Value,
            baseCredentials: null,
            sp.GetService<ILogger<StsCredentialBroker>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<ICredentialBroker>(sp => sp.GetRequiredService<StsCredentialBroker>());
        return services;
    }
}
