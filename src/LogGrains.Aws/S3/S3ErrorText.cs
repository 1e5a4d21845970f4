using Amazon.Runtime;

namespace LogGrains.Aws.S3;

/// <summary>Error details for <see cref="LogGrains.Core.Ports.DeliveryException"/>: status, code and S3's message, never a signed URL or credential.</summary>
internal static class S3ErrorText
{
    public static string Describe(Exception e) => e is AmazonServiceException service
        ? $"HTTP {(int)service.StatusCode} {service.ErrorCode ?? "(no code)"}: {service.Message}"
        : $"{e.GetType().Name}: {e.Message}";

    public static string Quote(string eTag) => eTag.StartsWith('"') ? eTag : $"\"{eTag}\"";

    public static string Unquote(string? eTag) => eTag?.Trim('"') ?? "";

    public static bool IsTransport(Exception e, CancellationToken cancellationToken) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
