using LogGrains.Grains;
using LogGrains.Grains.Hosting;
using LogGrains.Grains.Metrics;
using LogGrains.Grains.Polling;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Hosting;

/// <summary>Registers the delivery pipeline of a silo: options, the LogGrains meter and the notification poller.</summary>
public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="DeliveryOptions"/>, <see cref="PollerOptions"/>, <see cref="ShutdownOptions"/> and
    /// <see cref="LogGrainsMetricsOptions"/> (each checked by its validator at start-up), registers <see cref="LogGrainsMetrics"/>, runs the
    /// <see cref="NotificationPoller"/> and gives the host a shutdown timeout longer than the grace period, and ends a stop that outlasts it
    /// (<see cref="StopDeadline"/>). The ports
    /// (source, reader, destination, broker, store, copier) are registered by the profile.
    /// </summary>
    /// <remarks>
    /// Call it after the silo is added: hosted services stop in reverse order, so the poller stops (and drains) before
    /// Orleans leaves the cluster.
    /// </remarks>
    public static IServiceCollection AddLogGrainsDelivery(this IServiceCollection services)
    {
        services.AddValidatedOptions(DeliveryOptions.Section, new DeliveryOptionsValidator());
        services.AddValidatedOptions(PollerOptions.Section, new PollerOptionsValidator());
        services.AddValidatedOptions(ShutdownOptions.Section, new ShutdownOptionsValidator());
        services.AddValidatedOptions(LogGrainsMetricsOptions.Section, new AnnotatedOptionsValidator<LogGrainsMetricsOptions>(LogGrainsMetricsOptions.Section));
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
        {
            var needed = shutdown.Value.HostShutdownTimeout;
            host.ShutdownTimeout = host.ShutdownTimeout > needed ? host.ShutdownTimeout : needed;
        });
        services.AddHostedService<StopDeadline>();
        services.AddMetrics();
        services.TryAddSingleton<LogGrainsMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<NotificationPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationPoller>());
        return services;
    }
}
