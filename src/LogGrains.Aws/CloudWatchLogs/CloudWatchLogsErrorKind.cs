namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>What a failed CloudWatch Logs call means for the caller.</summary>
public enum CloudWatchLogsErrorKind
{
    /// <summary>Not one of the classes below; not retried.</summary>
    Other,

    /// <summary>The service throttled the call (<c>ThrottlingException</c>, <c>Throttling</c>, HTTP 429...): retry with backoff.</summary>
    Throttled,

    /// <summary>A server error, a timeout or a dropped connection: retry with backoff.</summary>
    Transient,

    /// <summary>The log group or log stream does not exist (never created, or deleted).</summary>
    ResourceNotFound,

    /// <summary>The credentials are refused, expired or lack the permission.</summary>
    AccessDenied,

    /// <summary>The request itself is wrong (bad parameter, a batch CloudWatch refuses); retrying it unchanged fails again.</summary>
    InvalidRequest,
}
