namespace LogGrains.Core.Tenants;

/// <summary>
/// One delivery item of a tenant after validation: either <see cref="ValidTenantDelivery"/> or
/// <see cref="InvalidTenantDelivery"/>. An invalid delivery disables only itself (defect 13).
/// </summary>
public abstract record TenantDelivery
{
    private protected TenantDelivery()
    {
    }
}
