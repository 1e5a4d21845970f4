using Microsoft.Extensions.Logging;

namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>The client's log events. Never given credentials.</summary>
internal static partial class CloudWatchLogsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Created log group {LogGroupName} in {Region}")]
    public static partial void LogGroupCreated(this ILogger logger, string logGroupName, string region);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Created log stream {LogStreamName} in log group {LogGroupName} in {Region}")]
    public static partial void LogStreamCreated(this ILogger logger, string logGroupName, string logStreamName, string region);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Set retention of log group {LogGroupName} in {Region} to {RetentionInDays} days")]
    public static partial void RetentionSet(this ILogger logger, string logGroupName, string region, int retentionInDays);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "CloudWatch Logs {Operation} in {Region} failed as {Kind}: HTTP {HttpStatus} {ErrorCode} (group {LogGroupName}, stream {LogStreamName})")]
    public static partial void RequestFailed(
        this ILogger logger,
        string operation,
        string region,
        CloudWatchLogsErrorKind kind,
        int? httpStatus,
        string? errorCode,
        string? logGroupName,
        string? logStreamName);
}
