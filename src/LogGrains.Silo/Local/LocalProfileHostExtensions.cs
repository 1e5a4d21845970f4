using LogGrains.Core.Ports;
using LogGrains.Grains;
using LogGrains.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace LogGrains.Silo.Local;

/// <summary>The local profile: one silo on localhost, memory grain storage, and directory adapters behind every port.</summary>
internal static class LocalProfileHostExtensions
{
    public const string LocalClusterRegion = "us-east-1";

    public const string LocalCentralAccountId = "000000000000";

    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public static void AddLocalProfile(this WebApplicationBuilder builder)
    {
        var settings = LocalProfileSettings.From(builder.Configuration);
        var paths = new LocalPaths(settings.Root);
        try
        {
            paths.CreateDirectories();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"LogGrains:Local:Root '{settings.Root}' cannot be used: {e.Message}", e);
        }

        // Orleans logs every placement attempt through Polly at Information; locally that drowns the delivery logs.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(paths);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<INotificationSource, LocalDirectorySource>();
        services.AddSingleton<IObjectReader, LocalObjectReader>();
        services.AddSingleton<IObjectCopier, LocalObjectCopier>();
        services.AddSingleton<ICredentialBroker, LocalCredentialBroker>();
        services.AddSingleton<ILogDestination, LocalLogDestination>();
        services.AddSingleton<ICheckpointStore, MemoryCheckpointStore>();
        services.AddSingleton<LocalTenantStore>();
        services.AddSingleton<ITenantStore>(sp => sp.GetRequiredService<LocalTenantStore>());
        services.AddSingleton<LocalSampleWriter>();
        services.AddSingleton<LocalStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalStartup>());
        services.AddHostedService<LocalSampleFeeder>();
        services.PostConfigure<DeliveryOptions>(options =>
        {
            options.ClusterRegion = string.IsNullOrEmpty(options.ClusterRegion) ? LocalClusterRegion : options.ClusterRegion;
            options.CentralAccountId = string.IsNullOrEmpty(options.CentralAccountId) ? LocalCentralAccountId : options.CentralAccountId;
        });

        var (clusterId, serviceId) = SiloHostExtensions.ClusterIdentity(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(
                siloPort: builder.Configuration.GetValue("LogGrains:Cluster:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
                gatewayPort: builder.Configuration.GetValue("LogGrains:Cluster:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT),
                serviceId: serviceId,
                clusterId: clusterId);
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = SiloHostExtensions.DeliveryCallTimeout);
            silo.AddMemoryGrainStorage(SiloHostExtensions.StorageName);
        });
    }
}
