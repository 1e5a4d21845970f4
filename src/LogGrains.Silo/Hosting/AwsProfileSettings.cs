using System.ComponentModel.DataAnnotations;

namespace LogGrains.Silo.Hosting;

/// <summary>
/// The AWS profile's settings, under their fixed names (DESIGN §6): <c>LogGrains__Aws__Region</c>,
/// <c>LogGrains__Sqs__QueueUrl</c>, <c>LogGrains__Sqs__DeadLetterQueueUrl</c>,
/// <c>LogGrains__Delivery__CentralRoleArn</c>, <c>LogGrains__Tenants__TableName</c>,
/// <c>LogGrains__Cluster__*</c>, <c>LogGrains__Delivery__CheckpointTableName</c>. <c>LogGrains__Aws__ServiceUrl</c> points every client at one emulator.
/// </summary>
public sealed class AwsProfileSettings
{
    /// <summary>The Orleans membership table's name when <c>LogGrains:Cluster:MembershipTableName</c> is not set.</summary>
    public const string DefaultMembershipTableName = "loggrains-membership";

    /// <summary>The cluster's region (<c>LogGrains:Aws:Region</c>).</summary>
    [Required(ErrorMessage = "LogGrains:Aws:Region is required in the aws profile (e.g. eu-west-1).")]
    public string Region { get; set; } = string.Empty;

    /// <summary>One endpoint for every AWS client, for emulators (<c>LogGrains:Aws:ServiceUrl</c>); the standard <c>AWS_ENDPOINT_URL_*</c> variables also work.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>The notification queue (<c>LogGrains:Sqs:QueueUrl</c>).</summary>
    [Required(ErrorMessage = "LogGrains:Sqs:QueueUrl is required in the aws profile.")]
    public string QueueUrl { get; set; } = string.Empty;

    /// <summary>The dead-letter queue (<c>LogGrains:Sqs:DeadLetterQueueUrl</c>).</summary>
    [Required(ErrorMessage = "LogGrains:Sqs:DeadLetterQueueUrl is required in the aws profile.")]
    public string DeadLetterQueueUrl { get; set; } = string.Empty;

    /// <summary>The central role every tenant hop starts from (<c>LogGrains:Delivery:CentralRoleArn</c>).</summary>
    [Required(ErrorMessage = "LogGrains:Delivery:CentralRoleArn is required in the aws profile.")]
    public string CentralRoleArn { get; set; } = string.Empty;

    /// <summary>The tenant configuration table (<c>LogGrains:Tenants:TableName</c>).</summary>
    [Required(ErrorMessage = "LogGrains:Tenants:TableName is required in the aws profile.")]
    public string TenantTableName { get; set; } = string.Empty;

    /// <summary>The Orleans membership table (<c>LogGrains:Cluster:MembershipTableName</c>).</summary>
    public string MembershipTableName { get; set; } = DefaultMembershipTableName;

    /// <summary>The Orleans grain state table (<c>LogGrains:Cluster:GrainStateTableName</c>).</summary>
    public string GrainStateTableName { get; set; } = "loggrains-grain-state";

    /// <summary>The delivery checkpoint table (<c>LogGrains:Delivery:CheckpointTableName</c>).</summary>
    public string CheckpointTableName { get; set; } = Aws.Checkpoints.DynamoDbCheckpointStoreOptions.DefaultTableName;

    /// <summary>Reads the settings from their sections.</summary>
    public static AwsProfileSettings From(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var serviceUrl = configuration["LogGrains:Aws:ServiceUrl"];
        return new AwsProfileSettings
        {
            Region = configuration["LogGrains:Aws:Region"] ?? string.Empty,
            ServiceUrl = string.IsNullOrWhiteSpace(serviceUrl) ? null : new Uri(serviceUrl),
            QueueUrl = configuration["LogGrains:Sqs:QueueUrl"] ?? string.Empty,
            DeadLetterQueueUrl = configuration["LogGrains:Sqs:DeadLetterQueueUrl"] ?? string.Empty,
            CentralRoleArn = configuration["LogGrains:Delivery:CentralRoleArn"] ?? string.Empty,
            TenantTableName = configuration["LogGrains:Tenants:TableName"] ?? string.Empty,
            MembershipTableName = configuration["LogGrains:Cluster:MembershipTableName"] ?? DefaultMembershipTableName,
            GrainStateTableName = configuration["LogGrains:Cluster:GrainStateTableName"] ?? "loggrains-grain-state",
            CheckpointTableName = configuration[Aws.Checkpoints.DynamoDbCheckpointStoreOptions.TableNameSetting] ?? Aws.Checkpoints.DynamoDbCheckpointStoreOptions.DefaultTableName,
        };
    }

    /// <summary>Every problem with the settings, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        var problems = results.Select(r => r.ErrorMessage ?? string.Join(",", r.MemberNames)).ToList();
        if (CentralRoleArn.Length > 0 && !Core.Tenants.RoleArn.IsValid(CentralRoleArn, out var reason))
        {
            problems.Add($"LogGrains:Delivery:CentralRoleArn is not a role ARN: {reason}");
        }

        if (Region.Length > 0 && !Core.Tenants.AwsRegionName.IsValid(Region, out var regionReason))
        {
            problems.Add($"LogGrains:Aws:Region '{Region}' is not a region name: {regionReason}");
        }

        return problems;
    }
}
