using LogGrains.Orleans.DynamoDB.Membership;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Messaging;

namespace LogGrains.Orleans.DynamoDB;

/// <summary>Registers the DynamoDB membership table (silos) and gateway list provider (clients).</summary>
public static class DynamoDbClusteringExtensions
{
    /// <summary>Uses a DynamoDB table as this silo's membership table.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures the table and the connection.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder UseDynamoDbClustering(this ISiloBuilder builder, Action<DynamoDbClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<DynamoDbClusteringOptions>().Configure(configure);
        builder.Services.AddSingleton<IMembershipTable, DynamoDbMembershipTable>();
        builder.Services.AddSingleton<IConfigurationValidator, DynamoDbClusteringOptionsValidator>();
        return builder;
    }

    /// <summary>Lets this client find the cluster's gateways in the DynamoDB membership table.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Configures the table and the connection; the client never creates the table.</param>
    /// <returns>The same builder.</returns>
    public static IClientBuilder UseDynamoDbClustering(this IClientBuilder builder, Action<DynamoDbClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<DynamoDbClusteringOptions>().Configure(configure);
        builder.Services.AddSingleton<IGatewayListProvider, DynamoDbGatewayListProvider>();
        builder.Services.AddSingleton<IConfigurationValidator, DynamoDbClusteringOptionsValidator>();
        return builder;
    }
}
