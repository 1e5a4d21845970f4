using LogGrains.Orleans.DynamoDB.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace LogGrains.Orleans.DynamoDB;

/// <summary>Registers DynamoDB grain storage providers.</summary>
public static class DynamoDbGrainStorageExtensions
{
    /// <summary>Adds a named DynamoDB grain storage provider.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name grains refer to, for example in <c>[PersistentState(state, name)]</c>.</param>
    /// <param name="configure">Configures the table, the connection and the serializer.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddDynamoDbGrainStorage(this ISiloBuilder builder, string name, Action<DynamoDbGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<DynamoDbGrainStorageOptions>(name).Configure(configure);
        services.AddTransient<IPostConfigureOptions<DynamoDbGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<DynamoDbGrainStorageOptions>>();
        services.AddTransient<IConfigurationValidator>(sp => new DynamoDbGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<DynamoDbGrainStorageOptions>>().Get(name), name));
        services.AddGrainStorage(name, static (sp, storageName) => new DynamoDbGrainStorage(
            storageName,
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<IOptionsMonitor<DynamoDbGrainStorageOptions>>().Get(storageName),
            sp.GetRequiredService<ILogger<DynamoDbGrainStorage>>()));
        return builder;
    }

    /// <summary>Adds the default grain storage provider (<c>Default</c>) on DynamoDB.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures the table, the connection and the serializer.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddDynamoDbGrainStorageAsDefault(this ISiloBuilder builder, Action<DynamoDbGrainStorageOptions> configure) =>
        builder.AddDynamoDbGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);
}
