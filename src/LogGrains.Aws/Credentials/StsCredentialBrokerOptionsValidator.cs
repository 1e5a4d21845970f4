using LogGrains.Core.Tenants;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Credentials;

/// <summary>Checks <see cref="StsCredentialBrokerOptions"/> at start-up; every message names the setting.</summary>
internal sealed class StsCredentialBrokerOptionsValidator : IValidateOptions<StsCredentialBrokerOptions>
{
    private static readonly TimeSpan ShortestSession = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan LongestChainedSession = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, StsCredentialBrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Failures(StsCredentialBrokerOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.CentralRoleArn))
        {
            failures.Add($"{StsCredentialBrokerOptions.CentralRoleArnSetting} is required (the central role every customer role trusts).");
        }
        else if (!RoleArn.IsValid(options.CentralRoleArn, out var roleReason))
        {
            failures.Add($"{StsCredentialBrokerOptions.CentralRoleArnSetting}: {roleReason}.");
        }

        if (!AwsRegionName.IsValid(options.Region, out var regionReason))
        {
            failures.Add($"{StsCredentialBrokerOptions.RegionSetting}: {regionReason} (required for the central STS hop).");
        }

        if (options.ServiceUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"LogGrains:Delivery:ServiceUrl: '{url}' is not an absolute http(s) URL.");
        }

        if (options.SessionDuration < ShortestSession || options.SessionDuration > LongestChainedSession)
        {
            failures.Add($"LogGrains:Delivery:SessionDuration: {options.SessionDuration} is outside 00:15:00-01:00:00 (role chaining caps sessions at 1 hour).");
        }

        if (options.RefreshMargin < TimeSpan.Zero || options.RefreshMargin >= options.SessionDuration)
        {
            failures.Add($"LogGrains:Delivery:RefreshMargin: {options.RefreshMargin} must be at least zero and shorter than the session duration {options.SessionDuration}.");
        }

        if (!IsValidSessionName(options.CentralSessionName))
        {
            failures.Add($"LogGrains:Delivery:CentralSessionName: '{options.CentralSessionName}' is not an STS role session name (2-64 characters of [A-Za-z0-9_+=,.@-]).");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"LogGrains:Delivery:RequestTimeout: {options.RequestTimeout} must be positive.");
        }

        if (options.MaxErrorRetry < 0)
        {
            failures.Add($"LogGrains:Delivery:MaxErrorRetry: {options.MaxErrorRetry} must not be negative.");
        }

        return failures;
    }

    private static bool IsValidSessionName(string? name) =>
        name is { Length: >= 2 and <= RoleSessionName.MaxLength } &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-');
}
