using LogGrains.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Checkpoints;

/// <summary>Registers the DynamoDB checkpoint store.</summary>
public static class DynamoDbCheckpointStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DynamoDbCheckpointStore"/> as <see cref="ICheckpointStore"/>, with its options validated at
    /// start-up. Credentials come from the SDK's default chain.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddDynamoDbCheckpointStore(this IServiceCollection services, Action<DynamoDbCheckpointStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DynamoDbCheckpointStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DynamoDbCheckpointStoreOptions>, DynamoDbCheckpointStoreOptionsValidator>());
        services.TryAddSingleton(sp => new DynamoDbCheckpointStore(
            sp.GetRequiredService<IOptions<DynamoDbCheckpointStoreOptions>>().Value,
            credentials: null,
            sp.GetService<ILogger<DynamoDbCheckpointStore>>()));
        services.TryAddSingleton<ICheckpointStore>(sp => sp.GetRequiredService<DynamoDbCheckpointStore>());
        return services;
    }
}
