namespace LogGrains.Core.Tenants;

/// <summary>A delivery item that passed validation.</summary>
/// <param name="Config">The configuration with defaults resolved.</param>
public sealed record ValidTenantDelivery(TenantConfig Config) : TenantDelivery;
