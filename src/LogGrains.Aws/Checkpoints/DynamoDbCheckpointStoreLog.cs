using LogGrains.Core.Ports;
using Microsoft.Extensions.Logging;

namespace LogGrains.Aws.Checkpoints;

/// <summary>The checkpoint store's log events.</summary>
internal static partial class DynamoDbCheckpointStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Operation} on checkpoint table {TableName} for stream {Stream} failed as {ErrorClass} ({ErrorCode}, HTTP {HttpStatus})")]
    public static partial void RequestFailed(this ILogger logger, string operation, string tableName, string stream, DeliveryErrorClass errorClass, string errorCode, int httpStatus);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Created checkpoint table {TableName} (on demand, TTL on expires_at)")]
    public static partial void TableCreated(this ILogger logger, string tableName);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Checkpoint of {ObjectKey} in stream {Stream} was already at or past piece {EndPiece}; kept the stored one")]
    public static partial void CheckpointKept(this ILogger logger, string objectKey, string stream, long endPiece);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The in-flight record of stream {Stream} cannot be read ({Detail}); its request is treated as not accepted and sent again")]
    public static partial void InFlightUnreadable(this ILogger logger, string stream, string detail);
}
