using LogGrains.Core.Tenants;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Checkpoints;

/// <summary>Checks <see cref="DynamoDbCheckpointStoreOptions"/> at start-up; every message names the setting.</summary>
internal sealed class DynamoDbCheckpointStoreOptionsValidator : IValidateOptions<DynamoDbCheckpointStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, DynamoDbCheckpointStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Failures(DynamoDbCheckpointStoreOptions options)
    {
        var failures = new List<string>();
        if (!DynamoDbTableName.IsValid(options.TableName))
        {
            failures.Add($"{DynamoDbCheckpointStoreOptions.TableNameSetting}: '{options.TableName}' is not a DynamoDB table name ({DynamoDbTableName.Rule}).");
        }

        if (!AwsRegionName.IsValid(options.Region, out var regionReason))
        {
            failures.Add($"LogGrains:Aws:Region: {regionReason} (required for the checkpoint table).");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"LogGrains:Delivery:CheckpointRequestTimeout: {options.RequestTimeout} must be positive.");
        }

        if (options.MaxErrorRetry < 0)
        {
            failures.Add($"LogGrains:Delivery:CheckpointMaxErrorRetry: {options.MaxErrorRetry} must not be negative.");
        }

        return failures;
    }
}
