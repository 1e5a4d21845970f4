namespace LogGrains.Core.Tenants;

/// <summary>
/// The values a tenant item falls back to when it leaves a field out: they belong to the running cluster,
/// so they are parameters, never constants (defect 15: no silent us-east-1).
/// </summary>
public sealed record TenantDefaults
{
    /// <summary>Creates the defaults.</summary>
    /// <param name="clusterRegion">The cluster's own region: the default <c>target_region</c>.</param>
    /// <param name="centralAccountId">The central AWS account id (12 digits): the default <c>external_id</c>.</param>
    /// <exception cref="ArgumentException">The region or account id is malformed.</exception>
    public TenantDefaults(string clusterRegion, string centralAccountId)
    {
        if (!AwsRegionName.IsValid(clusterRegion, out var regionReason))
        {
            throw new ArgumentException($"Cluster region: {regionReason}", nameof(clusterRegion));
        }

        if (centralAccountId is null || centralAccountId.Length != 12 || !centralAccountId.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"Central account id '{centralAccountId}' is not 12 digits.", nameof(centralAccountId));
        }

        ClusterRegion = clusterRegion;
        CentralAccountId = centralAccountId;
    }

    /// <summary>The cluster's region, used when <c>target_region</c> is absent.</summary>
    public string ClusterRegion { get; }

    /// <summary>The central account id, used when <c>external_id</c> is absent.</summary>
    public string CentralAccountId { get; }
}
