using System.Text.RegularExpressions;

namespace LogGrains.Orleans.DynamoDB;

/// <summary>The checks every DynamoDB provider's options share; each message names the option at fault.</summary>
internal static partial class DynamoDbProviderOptionsChecks
{
    public static List<string> Check(DynamoDbProviderOptions options, string owner)
    {
        var errors = new List<string>();
        var type = options.GetType().Name;
        if (string.IsNullOrWhiteSpace(options.TableName))
        {
            errors.Add($"{type}.{nameof(options.TableName)} for {owner} is required.");
        }
        else if (!TableNamePattern().IsMatch(options.TableName))
        {
            errors.Add($"{type}.{nameof(options.TableName)} '{options.TableName}' for {owner} is not a valid DynamoDB table name (3-255 characters: letters, digits, '_', '-', '.').");
        }

        if (options.ServiceUrl is not null)
        {
            if (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{type}.{nameof(options.ServiceUrl)} '{options.ServiceUrl}' for {owner} must be an absolute http or https URL.");
            }

            if (string.IsNullOrWhiteSpace(options.Region))
            {
                errors.Add($"{type}.{nameof(options.Region)} for {owner} is required when {nameof(options.ServiceUrl)} is set: it is the signing region.");
            }
        }

        if (options.Region is not null && string.IsNullOrWhiteSpace(options.Region))
        {
            errors.Add($"{type}.{nameof(options.Region)} for {owner} is blank; leave it null to use the SDK default region chain.");
        }

        if (string.IsNullOrEmpty(options.AccessKey) != string.IsNullOrEmpty(options.SecretKey))
        {
            errors.Add($"{type}.{nameof(options.AccessKey)} and {type}.{nameof(options.SecretKey)} for {owner} must be set together (or neither, for the SDK default credential chain).");
        }

        if (!string.IsNullOrEmpty(options.SessionToken) && string.IsNullOrEmpty(options.AccessKey))
        {
            errors.Add($"{type}.{nameof(options.SessionToken)} for {owner} needs {nameof(options.AccessKey)} and {nameof(options.SecretKey)}.");
        }

        if (options.TableActivationTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{type}.{nameof(options.TableActivationTimeout)} for {owner} must be positive.");
        }

        return errors;
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]{3,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
