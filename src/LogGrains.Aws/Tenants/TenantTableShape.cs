namespace LogGrains.Aws.Tenants;

/// <summary>The key schema of a tenant table.</summary>
public enum TenantTableShape
{
    /// <summary>Partition key <c>tenant_id</c> only: the seed's table, one (CloudWatch) item per tenant.</summary>
    TenantIdOnly,

    /// <summary>Partition key <c>tenant_id</c> and sort key <c>type</c>: one item per delivery type.</summary>
    TenantIdAndType,
}
