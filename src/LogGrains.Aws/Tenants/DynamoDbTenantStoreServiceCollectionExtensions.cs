using LogGrains.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Tenants;

/// <summary>Registers the DynamoDB tenant store.</summary>
public static class DynamoDbTenantStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DynamoDbTenantStore"/> as a singleton and as <see cref="ITenantStore"/>, with its options
    /// validated at start-up (a wrong setting stops the host with a message naming it). Credentials come from the
    /// SDK's default chain.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, e.g. from <c>LogGrains:Tenants</c> and <c>LogGrains:Aws:Region</c>.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddDynamoDbTenantStore(this IServiceCollection services, Action<DynamoDbTenantStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DynamoDbTenantStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DynamoDbTenantStoreOptions>, DynamoDbTenantStoreOptionsValidator>());
        services.TryAddSingleton(sp => new DynamoDbTenantStore(
            sp.GetRequiredService<IOptions<DynamoDbTenantStoreOptions>>().Value,
            credentials: null,
            sp.GetService<ILogger<DynamoDbTenantStore>>()));
        services.TryAddSingleton<ITenantStore>(sp => sp.GetRequiredService<DynamoDbTenantStore>());
        return services;
    }
}
