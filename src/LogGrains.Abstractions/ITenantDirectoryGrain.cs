namespace LogGrains.Abstractions;

/// <summary>The cluster-wide list of tenants that have had traffic (a single grain, key 0).</summary>
public interface ITenantDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a tenant (idempotent).</summary>
    Task Register(string tenant);

    /// <summary>Every registered tenant, sorted.</summary>
    Task<IReadOnlyList<string>> List();
}
