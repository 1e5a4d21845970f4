using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Sqs;

/// <summary>Refuses start-up with a message that names the wrong setting.</summary>
internal sealed class SqsNotificationSourceOptionsValidator : IValidateOptions<SqsNotificationSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, SqsNotificationSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckQueueUrl(options.QueueUrl, "QueueUrl", "the SQS queue that receives the staging bucket's notifications", failures);
        CheckQueueUrl(options.DeadLetterQueueUrl, "DeadLetterQueueUrl", "the SQS dead-letter queue for poison messages", failures);
        if (failures.Count == 0 && string.Equals(options.QueueUrl, options.DeadLetterQueueUrl, StringComparison.Ordinal))
        {
            failures.Add($"{SqsNotificationSourceOptions.SectionName}:DeadLetterQueueUrl must differ from {SqsNotificationSourceOptions.SectionName}:QueueUrl.");
        }

        if (options.ServiceUrl is { IsAbsoluteUri: false })
        {
            failures.Add($"{SqsNotificationSourceOptions.SectionName}:ServiceUrl must be an absolute URL.");
        }

        if (options.Region is not null && string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add($"{SqsNotificationSourceOptions.SectionName}:Region must not be blank (leave it unset to use the SDK's default region).");
        }

        if (options.MaxErrorRetry is < 0 or > 20)
        {
            failures.Add($"{SqsNotificationSourceOptions.SectionName}:MaxErrorRetry must be between 0 and 20, not {options.MaxErrorRetry}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckQueueUrl(string? value, string setting, string what, List<string> failures)
    {
        var key = $"{SqsNotificationSourceOptions.SectionName}:{setting}";
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key} is required: the URL of {what}.");
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key} must be an absolute http(s) queue URL, not '{value}'.");
        }
    }
}
