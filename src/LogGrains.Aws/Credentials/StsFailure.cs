using System.Net.Sockets;
using Amazon.Runtime;
using LogGrains.Core.Ports;

namespace LogGrains.Aws.Credentials;

/// <summary>What an STS call failed with, reduced to what may be shown: code, HTTP status, the service's message.</summary>
internal readonly record struct StsFailure(string Code, int HttpStatus, string Message)
{
    private static readonly HashSet<string> CustomerRefusals = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException",
        "RegionDisabledException", "RegionDisabled",
        "MalformedPolicyDocument", "MalformedPolicyDocumentException",
        "PackedPolicyTooLarge", "PackedPolicyTooLargeException",
    };

    private static readonly HashSet<string> RefusedSigningCredentials = new(StringComparer.Ordinal)
    {
        "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch",
    };

    /// <summary>Whether the exception is one a network or service failure raises (as opposed to a bug).</summary>
    public static bool IsCallFailure(Exception e) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException;

    public static StsFailure From(Exception e) => e switch
    {
        AmazonServiceException service when !string.IsNullOrEmpty(service.ErrorCode) =>
            new StsFailure(service.ErrorCode, (int)service.StatusCode, service.Message),
        AmazonServiceException service => new StsFailure("(no error code)", (int)service.StatusCode, service.Message),
        OperationCanceledException => new StsFailure("Timeout", 0, "the request timed out"),
        _ => new StsFailure(e.GetType().Name, 0, e.Message),
    };

    /// <summary>
    /// Whether STS refused the credentials the request was signed with (ours, not the customer's): the cached
    /// central session must be dropped.
    /// </summary>
    public bool RefusesSigningCredentials => RefusedSigningCredentials.Contains(Code);

    /// <summary>The class of a failed customer hop.</summary>
    public DeliveryErrorClass CustomerHopClass() => Code switch
    {
        _ when CustomerRefusals.Contains(Code) => DeliveryErrorClass.TenantBlocked,
        "ValidationError" or "ValidationException" => DeliveryErrorClass.InvalidRequest,
        _ => DeliveryErrorClass.Transient,
    };

    /// <summary>
    /// The class of a failed central hop: STS refusing our own central role (AccessDenied and the other refusals, or a
    /// request it calls invalid) is <see cref="DeliveryErrorClass.ClusterBlocked"/>, ours to fix; throttling, 5xx,
    /// timeouts and refused base credentials (expired, being rotated) are <see cref="DeliveryErrorClass.Transient"/>.
    /// </summary>
    public DeliveryErrorClass CentralHopClass() =>
        CustomerHopClass() == DeliveryErrorClass.Transient ? DeliveryErrorClass.Transient : DeliveryErrorClass.ClusterBlocked;

    public override string ToString() =>
        HttpStatus == 0 ? $"{Code}: {Message}" : $"{Code} (HTTP {HttpStatus}): {Message}";
}
