namespace LogGrains.Core.Tenants;

/// <summary>All deliveries of one tenant, valid or not, in item order.</summary>
/// <param name="TenantId">The tenant id.</param>
/// <param name="Deliveries">One entry per tenant item; empty when the tenant has no item (an unknown tenant).</param>
public sealed record TenantConfiguration(string TenantId, IReadOnlyList<TenantDelivery> Deliveries)
{
    /// <summary>Whether the tenant has any item at all.</summary>
    public bool IsKnown => Deliveries.Count > 0;

    /// <summary>The valid configurations (enabled or not).</summary>
    public IReadOnlyList<TenantConfig> ValidConfigs => Deliveries.OfType<ValidTenantDelivery>().Select(d => d.Config).ToList();

    /// <summary>The invalid deliveries with their reasons.</summary>
    public IReadOnlyList<InvalidTenantDelivery> InvalidDeliveries => Deliveries.OfType<InvalidTenantDelivery>().ToList();

    /// <summary>
    /// The tenant's fair-share weight: the largest <c>weight</c> of its valid deliveries (a tenant with a cloudwatch and
    /// an s3 item weighted differently gets the larger), 1 when it has none.
    /// </summary>
    public int Weight => Deliveries.OfType<ValidTenantDelivery>().Select(d => d.Config.Weight).DefaultIfEmpty(TenantConfig.MinWeight).Max();
}
