using Microsoft.Extensions.Configuration;

namespace LogGrains.Aws.Hosting;

/// <summary>
/// The aws profile's AWS resources, under their fixed names (DESIGN §6): <c>LogGrains__Aws__Region</c>,
/// <c>LogGrains__Aws__ServiceUrl</c>, <c>LogGrains__Sqs__QueueUrl</c>, <c>LogGrains__Sqs__DeadLetterQueueUrl</c>,
/// <c>LogGrains__Delivery__CentralRoleArn</c>, <c>LogGrains__Tenants__TableName</c> and
/// <c>LogGrains__Delivery__CheckpointTableName</c>. They span sections, so <see cref="From"/> is the one place that
/// reads them; <see cref="AwsProfileSettingsValidator"/> checks them.
/// </summary>
public sealed class AwsProfileSettings
{
    /// <summary>The cluster's region (<c>LogGrains:Aws:Region</c>).</summary>
    public string Region { get; set; } = string.Empty;

    /// <summary>
    /// One endpoint for every AWS client, for emulators (<c>LogGrains:Aws:ServiceUrl</c>), as written; the standard
    /// <c>AWS_ENDPOINT_URL_*</c> variables also work.
    /// </summary>
    public string? ServiceUrlText { get; set; }

    /// <summary><see cref="ServiceUrlText"/> as an absolute URL; null when unset (or wrong: the validator says so).</summary>
    public Uri? ServiceUrl => Uri.TryCreate(ServiceUrlText, UriKind.Absolute, out var uri) ? uri : null;

    /// <summary>The notification queue (<c>LogGrains:Sqs:QueueUrl</c>).</summary>
    public string QueueUrl { get; set; } = string.Empty;

    /// <summary>The dead-letter queue (<c>LogGrains:Sqs:DeadLetterQueueUrl</c>).</summary>
    public string DeadLetterQueueUrl { get; set; } = string.Empty;

    /// <summary>The central role every tenant hop starts from (<c>LogGrains:Delivery:CentralRoleArn</c>).</summary>
    public string CentralRoleArn { get; set; } = string.Empty;

    /// <summary>The tenant configuration table (<c>LogGrains:Tenants:TableName</c>).</summary>
    public string TenantTableName { get; set; } = string.Empty;

    /// <summary>The delivery checkpoint table (<c>LogGrains:Delivery:CheckpointTableName</c>).</summary>
    public string CheckpointTableName { get; set; } = Checkpoints.DynamoDbCheckpointStoreOptions.DefaultTableName;

    /// <summary>Reads the settings from their sections: the one place they are read.</summary>
    public static AwsProfileSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new AwsProfileSettings();
        settings.Read(configuration);
        return settings;
    }

    /// <summary>Fills these settings from <paramref name="configuration"/> (what an options registration calls).</summary>
    public void Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Region = configuration["LogGrains:Aws:Region"] ?? string.Empty;
        ServiceUrlText = configuration["LogGrains:Aws:ServiceUrl"] is { } url && !string.IsNullOrWhiteSpace(url) ? url : null;
        QueueUrl = configuration["LogGrains:Sqs:QueueUrl"] ?? string.Empty;
        DeadLetterQueueUrl = configuration["LogGrains:Sqs:DeadLetterQueueUrl"] ?? string.Empty;
        CentralRoleArn = configuration["LogGrains:Delivery:CentralRoleArn"] ?? string.Empty;
        TenantTableName = configuration["LogGrains:Tenants:TableName"] ?? string.Empty;
        CheckpointTableName = configuration[Checkpoints.DynamoDbCheckpointStoreOptions.TableNameSetting] ?? Checkpoints.DynamoDbCheckpointStoreOptions.DefaultTableName;
    }

    /// <summary>Every problem with the settings, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems() => new AwsProfileSettingsValidator().Validate(null, this) is { Failed: true } result ? [.. result.Failures] : [];
}
