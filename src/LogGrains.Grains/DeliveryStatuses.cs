using LogGrains.Abstractions;
using LogGrains.Core.Ports;

namespace LogGrains.Grains;

/// <summary>How a port's failure class becomes the status of a delivery.</summary>
internal static class DeliveryStatuses
{
    /// <summary>
    /// Tenant-blocked stays tenant-blocked and cluster-blocked stays cluster-blocked; poison and a request the
    /// service refuses as malformed can never succeed, so both dead-letter; everything else is worth another try.
    /// </summary>
    public static DeliveryStatus From(DeliveryErrorClass errorClass) => errorClass switch
    {
        DeliveryErrorClass.TenantBlocked => DeliveryStatus.TenantBlocked,
        DeliveryErrorClass.ClusterBlocked => DeliveryStatus.ClusterBlocked,
        DeliveryErrorClass.Poison or DeliveryErrorClass.InvalidRequest => DeliveryStatus.Poison,
        _ => DeliveryStatus.Transient,
    };
}
