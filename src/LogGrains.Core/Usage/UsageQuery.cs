namespace LogGrains.Core.Usage;

/// <summary>Which usage totals to read: one tenant or all, from one UTC day to another, both included.</summary>
/// <param name="Tenant">The tenant, or null for every tenant.</param>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
public sealed record UsageQuery(string? Tenant, DateOnly From, DateOnly To)
{
    /// <summary>Whether a total falls in this query.</summary>
    /// <param name="key">The total's key.</param>
    public bool Includes(UsageKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return (Tenant is null || string.Equals(Tenant, key.Tenant, StringComparison.Ordinal)) && key.Day >= From && key.Day <= To;
    }
}
