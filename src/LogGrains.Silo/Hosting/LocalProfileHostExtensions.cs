using LogGrains.Core.Ports;
using LogGrains.Grains;
using LogGrains.Grains.Hosting;
using LogGrains.Grains.Polling;
using LogGrains.Local;
using LogGrains.Silo.Web;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Hosting;

/// <summary>The local profile: one silo on localhost, memory grain storage, and directory adapters behind every port.</summary>
internal static class LocalProfileHostExtensions
{
    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public static void AddLocalProfile(this WebApplicationBuilder builder, LogGrainsClusterOptions cluster)
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

        var services = builder.Services;
        services.AddSingleton(sp =>
        {
            var web = sp.GetRequiredService<IOptions<WebOptions>>().Value;
            return new LocalProfileSettings { Root = settings.Root, SampleInterval = settings.SampleInterval, WebPort = web.Port, WebAdminTokenSet = web.HasAdminToken };
        });
        services.AddOptions<LocalDirectorySourceOptions>().Configure<IOptions<PollerOptions>>((source, poller) => source.VisibilityTimeout = poller.Value.VisibilityTimeout);
        services.AddSingleton(paths);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<INotificationSource, LocalDirectorySource>();
        services.AddSingleton<IObjectReader, LocalObjectReader>();
        services.AddSingleton<IObjectCopier, LocalObjectCopier>();
        services.AddSingleton<ICredentialBroker, LocalCredentialBroker>();
        services.AddSingleton<ILogDestination, LocalLogDestination>();
        services.AddSingleton<ICheckpointStore, MemoryCheckpointStore>();
        services.AddSingleton<IUsageLedger, LocalUsageLedger>();
        services.AddSingleton<LocalTenantStore>();
        services.AddSingleton<ITenantStore>(sp => sp.GetRequiredService<LocalTenantStore>());
        services.AddSingleton<LocalSampleWriter>();
        services.AddSingleton<LocalStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalStartup>());
        services.AddHostedService<LocalSampleFeeder>();
        services.PostConfigure<DeliveryOptions>(options =>
        {
            options.ClusterRegion = string.IsNullOrEmpty(options.ClusterRegion) ? LocalProfileSettings.LocalClusterRegion : options.ClusterRegion;
            options.CentralAccountId = string.IsNullOrEmpty(options.CentralAccountId) ? LocalProfileSettings.LocalCentralAccountId : options.CentralAccountId;
        });

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(
                siloPort: cluster.SiloPort,
                gatewayPort: cluster.GatewayPort,
                serviceId: cluster.ServiceId,
                clusterId: cluster.ClusterId);
            silo.ConfigureLogGrainsRuntime(cluster);
            silo.AddMemoryGrainStorage(SiloHostExtensions.StorageName);
        });
    }
}
