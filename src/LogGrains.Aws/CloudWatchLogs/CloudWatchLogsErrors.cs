using System.Text.Json;
using System.Text.RegularExpressions;

namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>Reads AWS JSON 1.1 error responses and classifies error codes and HTTP statuses.</summary>
internal static partial class CloudWatchLogsErrors
{
    private const int MaxMessageLength = 512;

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "RequestThrottled", "RequestThrottledException",
        "RequestLimitExceeded", "TooManyRequestsException", "SlowDown", "PriorRequestNotComplete",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "ServiceUnavailableException", "ServiceUnavailable", "InternalFailure", "InternalServerError",
        "InternalError", "RequestTimeout", "RequestTimeoutException", "OperationAbortedException",
    };

    private static readonly HashSet<string> AccessDeniedCodes = new(StringComparer.Ordinal)
    {
        "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "ExpiredTokenException",
        "ExpiredToken", "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature",
        "InvalidClientTokenId", "MissingAuthenticationToken", "NotAuthorized", "UnauthorizedOperation",
        "RequestExpired",
    };

    private static readonly HashSet<string> InvalidRequestCodes = new(StringComparer.Ordinal)
    {
        "InvalidParameterException", "InvalidParameterValue", "ValidationException", "SerializationException",
        "MalformedQueryString", "InvalidOperationException", "UnknownOperationException",
        "InvalidSequenceTokenException", "DataAlreadyAcceptedException", "MissingParameter",
    };

    /// <summary>
    /// Classifies an AWS error. Codes decide first; the status decides for unknown codes (429 throttled,
    /// 5xx transient, 401/403 access denied). <c>LimitExceededException</c> (too many groups or filters)
    /// is a quota, not a rate, so it is <see cref="CloudWatchLogsErrorKind.Other"/>.
    /// <c>DataAlreadyAcceptedException</c> and <c>InvalidSequenceTokenException</c> are no longer returned by
    /// CloudWatch; if seen they are <see cref="CloudWatchLogsErrorKind.InvalidRequest"/>: resending the same batch
    /// cannot help (for DataAlreadyAccepted the batch is already stored).
    /// </summary>
    public static CloudWatchLogsErrorKind Classify(string? code, int? httpStatus)
    {
        if (!string.IsNullOrEmpty(code))
        {
            if (ThrottlingCodes.Contains(code))
            {
                return CloudWatchLogsErrorKind.Throttled;
            }

            if (TransientCodes.Contains(code))
            {
                return CloudWatchLogsErrorKind.Transient;
            }

            if (AccessDeniedCodes.Contains(code))
            {
                return CloudWatchLogsErrorKind.AccessDenied;
            }

            if (code == "ResourceNotFoundException")
            {
                return CloudWatchLogsErrorKind.ResourceNotFound;
            }

            if (InvalidRequestCodes.Contains(code))
            {
                return CloudWatchLogsErrorKind.InvalidRequest;
            }
        }

        return httpStatus switch
        {
            429 => CloudWatchLogsErrorKind.Throttled,
            >= 500 and <= 599 => CloudWatchLogsErrorKind.Transient,
            401 or 403 => CloudWatchLogsErrorKind.AccessDenied,
            _ => CloudWatchLogsErrorKind.Other,
        };
    }

    /// <summary>
    /// Reads the error code and message of a JSON 1.1 error: <c>__type</c> (or <c>code</c>), falling back to the
    /// <c>x-amzn-ErrorType</c> header; <c>message</c> or <c>Message</c>. A body that is not JSON (a proxy's HTML
    /// page) yields no code, so the status decides.
    /// </summary>
    public static (string? Code, string? Message) Parse(ReadOnlySpan<byte> body, string? errorTypeHeader)
    {
        string? code = null;
        string? message = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString();
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        switch (name)
                        {
                            case "__type":
                            case "code" when code is null:
                                code = reader.GetString();
                                break;
                            case "message":
                            case "Message" when message is null:
                                message = reader.GetString();
                                break;
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        code = StripCode(string.IsNullOrEmpty(code) ? errorTypeHeader : code);
        return (code, message is null ? null : Redact(message));
    }

    /// <summary>Turns <c>com.amazonaws.logs#ThrottlingException</c> or <c>ThrottlingException:http://...</c> into <c>ThrottlingException</c>.</summary>
    public static string? StripCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        code = code.Trim();
        return code.Length == 0 ? null : code;
    }

    /// <summary>
    /// Makes a service message safe to log: signature errors echo the canonical request and string to sign,
    /// which carry the session token and the access key, so the message is cut there, any remaining
    /// signing material is masked, and the length is capped.
    /// </summary>
    public static string Redact(string message)
    {
        var cut = message.Length;
        foreach (var marker in (ReadOnlySpan<string>)["The Canonical String", "The String-to-Sign", "\n\n"])
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && at < cut)
            {
                cut = at;
            }
        }

        var text = message[..cut].Trim();
        text = SecretPattern().Replace(text, "$1=<redacted>");
        return text.Length <= MaxMessageLength ? text : string.Concat(text.AsSpan(0, MaxMessageLength), "...");
    }

    [GeneratedRegex(@"(x-amz-security-token|X-Amz-Security-Token|Credential|Signature|SessionToken|SecretAccessKey)\s*[=:]\s*[^\s,;'""]+", RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();
}
