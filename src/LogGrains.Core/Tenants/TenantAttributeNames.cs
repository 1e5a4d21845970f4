namespace LogGrains.Core.Tenants;

/// <summary>The attribute names of the tenant table.</summary>
public static class TenantAttributeNames
{
    /// <summary>The partition key.</summary>
    public const string TenantId = "tenant_id";

    /// <summary>The sort key (<c>cloudwatch</c> | <c>s3</c>; absent in the seed's single-record table).</summary>
    public const string Type = "type";

    /// <summary>Whether the delivery is on.</summary>
    public const string Enabled = "enabled";

    /// <summary>The customer's role ARN.</summary>
    public const string RoleArn = "log_distribution_role_arn";

    /// <summary>The CloudWatch log group.</summary>
    public const string LogGroupName = "log_group_name";

    /// <summary>The delivery region.</summary>
    public const string TargetRegion = "target_region";

    /// <summary>The application filter.</summary>
    public const string DesiredLogs = "desired_logs";

    /// <summary>The AssumeRole external id.</summary>
    public const string ExternalId = "external_id";

    /// <summary>The tenant's bucket for s3 deliveries.</summary>
    public const string BucketName = "bucket_name";

    /// <summary>The key prefix in the tenant's bucket.</summary>
    public const string BucketPrefix = "bucket_prefix";

    /// <summary>The tenant's fair-share weight (a whole number, 1 to 100; absent = 1).</summary>
    public const string Weight = "weight";

    /// <summary>Regular expressions of which an event's message must match one to be delivered (cloudwatch only).</summary>
    public const string IncludePatterns = "include_patterns";

    /// <summary>Regular expressions an event's message must match none of to be delivered (cloudwatch only).</summary>
    public const string ExcludePatterns = "exclude_patterns";

    /// <summary>Redaction rules: built-in names (S) and custom rules (M of name, pattern, replacement) (cloudwatch only).</summary>
    public const string Redact = "redact";

    /// <summary>A custom redact rule's name.</summary>
    public const string RedactName = "name";

    /// <summary>A custom redact rule's pattern.</summary>
    public const string RedactPattern = "pattern";

    /// <summary>A custom redact rule's replacement.</summary>
    public const string RedactReplacement = "replacement";
}
