using LogGrains.Core.Tenants;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Usage;

/// <summary>Checks <see cref="DynamoDbUsageLedgerOptions"/> at start-up; every message names the setting.</summary>
public sealed class DynamoDbUsageLedgerOptionsValidator : IValidateOptions<DynamoDbUsageLedgerOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DynamoDbUsageLedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Failures(DynamoDbUsageLedgerOptions options)
    {
        var failures = new List<string>();
        if (!DynamoDbTableName.IsValid(options.TableName))
        {
            failures.Add($"{DynamoDbUsageLedgerOptions.TableNameSetting}: '{options.TableName}' is not a DynamoDB table name ({DynamoDbTableName.Rule}).");
        }

        if (!AwsRegionName.IsValid(options.Region, out var regionReason))
        {
            failures.Add($"LogGrains:Aws:Region: {regionReason} (required for the usage table).");
        }

        if (options.IdRetention < TimeSpan.FromDays(1))
        {
            failures.Add($"LogGrains:Usage:IdRetention: {options.IdRetention} must be at least one day (at least the staging retention is sensible).");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"LogGrains:Usage:RequestTimeout: {options.RequestTimeout} must be positive.");
        }

        if (options.MaxErrorRetry < 0)
        {
            failures.Add($"LogGrains:Usage:MaxErrorRetry: {options.MaxErrorRetry} must not be negative.");
        }

        return failures;
    }
}
