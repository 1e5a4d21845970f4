using System.Globalization;
using System.Text;

namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>
/// A CloudWatch Logs call that failed, classified. The message names the operation, the region, the log
/// group and stream when known, the HTTP status and the AWS error code; it never contains credentials
/// (service messages are cut before any echoed canonical request and scrubbed of signing material).
/// </summary>
public sealed class CloudWatchLogsException : Exception
{
    /// <summary>Creates an unclassified exception (kind <see cref="CloudWatchLogsErrorKind.Other"/>).</summary>
    public CloudWatchLogsException()
        : this("CloudWatch Logs call failed.")
    {
    }

    /// <summary>Creates an unclassified exception (kind <see cref="CloudWatchLogsErrorKind.Other"/>).</summary>
    public CloudWatchLogsException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates an unclassified exception (kind <see cref="CloudWatchLogsErrorKind.Other"/>).</summary>
    public CloudWatchLogsException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Operation = string.Empty;
        Region = string.Empty;
    }

    /// <summary>Creates a classified exception; the message is composed from the parts.</summary>
    /// <param name="kind">The classification.</param>
    /// <param name="operation">The CloudWatch Logs operation, for example <c>PutLogEvents</c>.</param>
    /// <param name="region">The target region.</param>
    /// <param name="httpStatus">The HTTP status, or null when no response arrived.</param>
    /// <param name="errorCode">The AWS error code without any <c>namespace#</c> prefix, or null.</param>
    /// <param name="serviceMessage">The service's (already redacted) message or a description of the transport failure.</param>
    /// <param name="logGroupName">The log group, when known.</param>
    /// <param name="logStreamName">The log stream, when known.</param>
    /// <param name="innerException">The transport exception, if any.</param>
    public CloudWatchLogsException(
        CloudWatchLogsErrorKind kind,
        string operation,
        string region,
        int? httpStatus,
        string? errorCode,
        string? serviceMessage,
        string? logGroupName,
        string? logStreamName,
        Exception? innerException = null)
        : base(Compose(kind, operation, region, httpStatus, errorCode, serviceMessage, logGroupName, logStreamName), innerException)
    {
        Kind = kind;
        Operation = operation;
        Region = region;
        HttpStatus = httpStatus;
        ErrorCode = errorCode;
        ServiceMessage = serviceMessage;
        LogGroupName = logGroupName;
        LogStreamName = logStreamName;
    }

    /// <summary>The classification that decides retry, circuit breaking or poison handling.</summary>
    public CloudWatchLogsErrorKind Kind { get; }

    /// <summary>The CloudWatch Logs operation, for example <c>CreateLogStream</c>.</summary>
    public string Operation { get; }

    /// <summary>The target region.</summary>
    public string Region { get; }

    /// <summary>The HTTP status, or null when no response arrived (timeout, dropped connection).</summary>
    public int? HttpStatus { get; }

    /// <summary>The AWS error code from <c>__type</c> with any <c>namespace#</c> prefix removed, or null.</summary>
    public string? ErrorCode { get; }

    /// <summary>The service's message (redacted), or a description of the transport failure.</summary>
    public string? ServiceMessage { get; }

    /// <summary>The log group the call was about, when known.</summary>
    public string? LogGroupName { get; }

    /// <summary>The log stream the call was about, when known.</summary>
    public string? LogStreamName { get; }

    /// <summary>Whether the call may succeed if repeated later (<see cref="CloudWatchLogsErrorKind.Throttled"/> or <see cref="CloudWatchLogsErrorKind.Transient"/>).</summary>
    public bool IsRetryable => Kind is CloudWatchLogsErrorKind.Throttled or CloudWatchLogsErrorKind.Transient;

    private static string Compose(
        CloudWatchLogsErrorKind kind,
        string operation,
        string region,
        int? httpStatus,
        string? errorCode,
        string? serviceMessage,
        string? logGroupName,
        string? logStreamName)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"CloudWatch Logs {operation} in {region}");
        if (logGroupName is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" for log group '{logGroupName}'");
            if (logStreamName is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" stream '{logStreamName}'");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $" failed ({kind}): ");
        text.Append(httpStatus is { } status ? string.Create(CultureInfo.InvariantCulture, $"HTTP {status}") : "no HTTP response");
        if (!string.IsNullOrEmpty(errorCode))
        {
            text.Append(' ').Append(errorCode);
        }

        if (!string.IsNullOrEmpty(serviceMessage))
        {
            text.Append(": ").Append(serviceMessage);
        }

        return text.ToString();
    }
}
