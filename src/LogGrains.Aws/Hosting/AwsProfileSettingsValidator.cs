using LogGrains.Aws.Sqs;
using LogGrains.Core.Tenants;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Hosting;

/// <summary>Checks <see cref="AwsProfileSettings"/>: what the aws profile needs is there and has the right shape; each failure names its setting.</summary>
public sealed class AwsProfileSettingsValidator : IValidateOptions<AwsProfileSettings>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AwsProfileSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add("LogGrains:Aws:Region is required in the aws profile (e.g. eu-west-1).");
        }
        else if (!AwsRegionName.IsValid(options.Region, out var reason))
        {
            failures.Add($"LogGrains:Aws:Region '{options.Region}' is not a region name: {reason}");
        }

        if (options.ServiceUrlText is { } url &&
            (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0))
        {
            failures.Add($"LogGrains:Aws:ServiceUrl '{url}' is not an absolute http(s) URL (e.g. http://127.0.0.1:5000).");
        }

        var queues = new SqsNotificationSourceOptions { QueueUrl = options.QueueUrl, DeadLetterQueueUrl = options.DeadLetterQueueUrl };
        if (new SqsNotificationSourceOptionsValidator().Validate(null, queues) is { Failed: true } queueResult)
        {
            failures.AddRange(queueResult.Failures);
        }
        if (string.IsNullOrWhiteSpace(options.CentralRoleArn))
        {
            failures.Add("LogGrains:Delivery:CentralRoleArn is required in the aws profile.");
        }
        else if (!RoleArn.IsValid(options.CentralRoleArn, out var arnReason))
        {
            failures.Add($"LogGrains:Delivery:CentralRoleArn is not a role ARN: {arnReason}");
        }

        TableName(failures, "LogGrains:Tenants:TableName", options.TenantTableName, required: true);
        TableName(failures, "LogGrains:Delivery:CheckpointTableName", options.CheckpointTableName, required: false);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void TableName(List<string> failures, string setting, string value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                failures.Add($"{setting} is required in the aws profile.");
            }

            return;
        }

        if (!DynamoDbTableName.IsValid(value))
        {
            failures.Add($"{setting} '{value}' is not a DynamoDB table name ({DynamoDbTableName.Rule}).");
        }
    }
}
