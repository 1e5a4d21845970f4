using Microsoft.Extensions.Logging;

namespace LogGrains.Aws.Sqs;

/// <summary>The SQS notification source's log events. Never given credentials or message bodies.</summary>
internal static partial class SqsLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "SQS {Operation} on {QueueUrl} failed after the SDK's retries: {ErrorCode} {Detail}")]
    public static partial void CallFailed(this ILogger logger, string operation, string queueUrl, string? errorCode, string detail);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "SQS could not delete message {MessageId} from {QueueUrl}: {ErrorCode} {Detail}")]
    public static partial void DeleteEntryFailed(this ILogger logger, string messageId, string queueUrl, string? errorCode, string? detail);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Receipt handle of message {MessageId} on {QueueUrl} is no longer valid for {Operation} ({ErrorCode}): the message is visible again or already deleted")]
    public static partial void ReceiptHandleInvalid(this ILogger logger, string messageId, string queueUrl, string operation, string errorCode);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "SQS could not extend the visibility of message {MessageId} on {QueueUrl}: {ErrorCode} {Detail}")]
    public static partial void VisibilityEntryFailed(this ILogger logger, string messageId, string queueUrl, string? errorCode, string? detail);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Dead-lettered message {MessageId} as {DeadLetterMessageId} to {DeadLetterQueueUrl} ({ErrorClass}) for tenant {Tenant}, object {ObjectKey}: {Reason}")]
    public static partial void DeadLettered(
        this ILogger logger,
        string messageId,
        string deadLetterMessageId,
        string deadLetterQueueUrl,
        LogGrains.Core.Ports.DeliveryErrorClass errorClass,
        string tenant,
        string objectKey,
        string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Message {MessageId} is in the dead-letter queue {DeadLetterQueueUrl} as {DeadLetterMessageId} but could not be deleted from {QueueUrl}; it will be received again and may be dead-lettered twice")]
    public static partial void DeadLetterDeleteFailed(this ILogger logger, string messageId, string deadLetterQueueUrl, string deadLetterMessageId, string queueUrl, Exception exception);
}
