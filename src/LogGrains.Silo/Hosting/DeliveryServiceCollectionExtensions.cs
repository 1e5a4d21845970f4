using LogGrains.Grains;
using LogGrains.Silo.Delivery;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LogGrains.Silo.Hosting;

/// <summary>Registers the delivery pipeline of a silo: options and the notification poller.</summary>
public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="DeliveryOptions"/> and <see cref="PollerOptions"/> (validated at start-up) and runs the
    /// <see cref="NotificationPoller"/>. The ports (source, reader, destination, broker, store, copier) are
    /// registered by the profile.
    /// </summary>
    public static IServiceCollection AddLogGrainsDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PollerOptions>().BindConfiguration(PollerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<NotificationPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationPoller>());
        return services;
    }
}
