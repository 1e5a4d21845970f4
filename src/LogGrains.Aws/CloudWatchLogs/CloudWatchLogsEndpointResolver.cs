using System.Collections.Concurrent;

namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>
/// Decides where CloudWatch Logs requests for a region go. Precedence, first match wins:
/// <list type="number">
/// <item><see cref="CloudWatchLogsClientOptions.ServiceUrl"/> (explicit configuration beats the environment);</item>
/// <item>the environment variable <c>AWS_ENDPOINT_URL_CLOUDWATCH_LOGS</c>;</item>
/// <item>the environment variable <c>AWS_ENDPOINT_URL</c>;</item>
/// <item><c>https://logs.{region}.amazonaws.com</c>, or <c>.amazonaws.com.cn</c> for <c>cn-</c> regions.</item>
/// </list>
/// The environment variables are ignored when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is <c>true</c>, as in
/// the AWS SDKs. An override changes only the URL: requests are still signed for the target's region.
/// </summary>
internal sealed class CloudWatchLogsEndpointResolver
{
    /// <summary>The service-specific endpoint variable (the SDKs' name for the <c>CloudWatch Logs</c> service id).</summary>
    public const string ServiceEndpointVariable = "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS";

    /// <summary>The global endpoint variable.</summary>
    public const string GlobalEndpointVariable = "AWS_ENDPOINT_URL";

    /// <summary>When <c>true</c>, both endpoint variables are ignored.</summary>
    public const string IgnoreEndpointsVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    private readonly Uri? _override;
    private readonly ConcurrentDictionary<string, Uri> _defaults = new(StringComparer.Ordinal);

    /// <summary>Creates a resolver from the explicit option and an environment lookup (read once, here).</summary>
    public CloudWatchLogsEndpointResolver(Uri? serviceUrl, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _override = serviceUrl ?? FromEnvironment(environment);
        if (_override is not null && (!_override.IsAbsoluteUri || (_override.Scheme != Uri.UriSchemeHttp && _override.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"The CloudWatch Logs endpoint '{_override}' is not an absolute http(s) URL.", nameof(serviceUrl));
        }
    }

    /// <summary>The override in force, or null when each region uses its AWS endpoint.</summary>
    public Uri? Override => _override;

    /// <summary>The endpoint for <paramref name="region"/>.</summary>
    public Uri Resolve(string region) => _override ?? _defaults.GetOrAdd(region, DefaultEndpoint);

    /// <summary>The AWS endpoint of a region.</summary>
    public static Uri DefaultEndpoint(string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://logs.{region}.{suffix}/");
    }

    private static Uri? FromEnvironment(Func<string, string?> environment)
    {
        if (string.Equals(environment(IgnoreEndpointsVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)[ServiceEndpointVariable, GlobalEndpointVariable])
        {
            var value = environment(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
                    ? uri
                    : throw new ArgumentException($"The environment variable {name} is not an absolute URL: '{value}'.");
            }
        }

        return null;
    }
}
