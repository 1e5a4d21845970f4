using LogGrains.Core.Content;

namespace LogGrains.Core.Tenants;

/// <summary>
/// One validated delivery of a tenant, with every default resolved.
/// </summary>
/// <param name="TenantId">The tenant id (<c>tenant_id</c>).</param>
/// <param name="Type">The delivery type (<c>type</c>).</param>
/// <param name="Enabled">Whether the delivery is on (<c>enabled</c>; absent = true).</param>
/// <param name="LogDistributionRoleArn">The customer's role assumed with <see cref="ExternalId"/> (<c>log_distribution_role_arn</c>).</param>
/// <param name="ExternalId">The AssumeRole external id (<c>external_id</c>; absent = the central account id).</param>
/// <param name="TargetRegion">The region to deliver into (<c>target_region</c>; absent = the cluster's region, never a silent us-east-1).</param>
/// <param name="DesiredLogs">Which applications are delivered (<c>desired_logs</c>; absent or empty = all).</param>
/// <param name="LogGroupName">The CloudWatch log group (<c>log_group_name</c>); set for <see cref="DeliveryType.CloudWatch"/>, null for <see cref="DeliveryType.S3"/>.</param>
/// <param name="BucketName">The tenant's bucket (<c>bucket_name</c>); set for <see cref="DeliveryType.S3"/>, null for <see cref="DeliveryType.CloudWatch"/>.</param>
/// <param name="BucketPrefix">The key prefix in the tenant's bucket (<c>bucket_prefix</c>; default <see cref="DefaultBucketPrefix"/>).</param>
/// <param name="Weight">The tenant's share of a silo's delivery capacity when tenants compete (<c>weight</c>, <see cref="MinWeight"/> to <see cref="MaxWeight"/>; absent = 1).</param>
/// <param name="Content">The content rules (<c>include_patterns</c>, <c>exclude_patterns</c>, <c>redact</c>; cloudwatch only), validated; null = none.</param>
public sealed record TenantConfig(
    string TenantId,
    DeliveryType Type,
    bool Enabled,
    string LogDistributionRoleArn,
    string ExternalId,
    string TargetRegion,
    DesiredLogsFilter DesiredLogs,
    string? LogGroupName,
    string? BucketName,
    string BucketPrefix,
    int Weight = 1,
    ContentRuleSpec? Content = null)
{
    /// <summary>The content rules, <see cref="ContentRuleSpec.None"/> when there are none.</summary>
    public ContentRuleSpec ContentRules => Content ?? ContentRuleSpec.None;

    /// <summary>The smallest <c>weight</c>.</summary>
    public const int MinWeight = 1;

    /// <summary>The largest <c>weight</c>.</summary>
    public const int MaxWeight = 100;

    /// <summary>The default <c>bucket_prefix</c>.</summary>
    public const string DefaultBucketPrefix = "ROSA/cluster-logs/";
}
