using Microsoft.Extensions.Options;

namespace LogGrains.Aws.S3;

/// <summary>Refuses start-up with a message that names the wrong setting.</summary>
internal sealed class S3OptionsValidator : IValidateOptions<S3ObjectReaderOptions>, IValidateOptions<S3ObjectCopierOptions>
{
    public ValidateOptionsResult Validate(string? name, S3ObjectReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(S3ObjectReaderOptions.SectionName, options.ServiceUrl, options.MaxErrorRetry, failures);
        if (options.Region is not null && string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add($"{S3ObjectReaderOptions.SectionName}:Region must not be blank (leave it unset to use the SDK's default region).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, S3ObjectCopierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(S3ObjectCopierOptions.SectionName, options.ServiceUrl, options.MaxErrorRetry, failures);
        const string section = S3ObjectCopierOptions.SectionName;
        if (options.MultipartThresholdBytes is < S3ObjectCopier.MinPartBytes or > S3ObjectCopier.MaxSingleCopyBytes)
        {
            failures.Add($"{section}:MultipartThresholdBytes must be between {S3ObjectCopier.MinPartBytes} (5 MiB) and {S3ObjectCopier.MaxSingleCopyBytes} (5 GiB), not {options.MultipartThresholdBytes}.");
        }

        if (options.PartSizeBytes is < S3ObjectCopier.MinPartBytes or > S3ObjectCopier.MaxSingleCopyBytes)
        {
            failures.Add($"{section}:PartSizeBytes must be between {S3ObjectCopier.MinPartBytes} (5 MiB) and {S3ObjectCopier.MaxSingleCopyBytes} (5 GiB), not {options.PartSizeBytes}.");
        }

        if (options.PartParallelism is < 1 or > 32)
        {
            failures.Add($"{section}:PartParallelism must be between 1 and 32, not {options.PartParallelism}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string section, Uri? serviceUrl, int maxErrorRetry, List<string> failures)
    {
        if (serviceUrl is { IsAbsoluteUri: false })
        {
            failures.Add($"{section}:ServiceUrl must be an absolute URL, not '{serviceUrl}'.");
        }

        if (maxErrorRetry is < 0 or > 20)
        {
            failures.Add($"{section}:MaxErrorRetry must be between 0 and 20, not {maxErrorRetry}.");
        }
    }
}
