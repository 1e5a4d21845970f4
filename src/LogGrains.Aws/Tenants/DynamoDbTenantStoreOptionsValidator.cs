using LogGrains.Core.Tenants;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Tenants;

/// <summary>Checks <see cref="DynamoDbTenantStoreOptions"/> at start-up; every message names the setting.</summary>
internal sealed class DynamoDbTenantStoreOptionsValidator : IValidateOptions<DynamoDbTenantStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, DynamoDbTenantStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Failures(DynamoDbTenantStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.TableName))
        {
            failures.Add($"{DynamoDbTenantStoreOptions.TableNameSetting} is required (the DynamoDB tenant table).");
        }
        else if (!DynamoDbTableName.IsValid(options.TableName))
        {
            failures.Add($"{DynamoDbTenantStoreOptions.TableNameSetting}: '{options.TableName}' is not a DynamoDB table name ({DynamoDbTableName.Rule}).");
        }

        if (!AwsRegionName.IsValid(options.Region, out var regionReason))
        {
            failures.Add($"{DynamoDbTenantStoreOptions.RegionSetting}: {regionReason} (required for the tenant table).");
        }

        if (options.ServiceUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"LogGrains:Tenants:ServiceUrl: '{url}' is not an absolute http(s) URL.");
        }

        if (options.PageSize is < 1)
        {
            failures.Add($"LogGrains:Tenants:PageSize: {options.PageSize} must be at least 1.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"LogGrains:Tenants:RequestTimeout: {options.RequestTimeout} must be positive.");
        }

        if (options.MaxErrorRetry < 0)
        {
            failures.Add($"LogGrains:Tenants:MaxErrorRetry: {options.MaxErrorRetry} must not be negative.");
        }

        return failures;
    }
}
