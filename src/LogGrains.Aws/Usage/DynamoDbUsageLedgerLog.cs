using LogGrains.Core.Ports;
using Microsoft.Extensions.Logging;

namespace LogGrains.Aws.Usage;

/// <summary>The usage ledger's log events.</summary>
internal static partial class DynamoDbUsageLedgerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Operation} on usage table {TableName} for tenant {Tenant} failed as {ErrorClass} ({ErrorCode}, HTTP {HttpStatus})")]
    public static partial void RequestFailed(this ILogger logger, string operation, string tableName, string tenant, DeliveryErrorClass errorClass, string errorCode, int httpStatus);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Created usage table {TableName} (on demand, TTL on expires_at)")]
    public static partial void TableCreated(this ILogger logger, string tableName);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Usage entry {EntryId} of tenant {Tenant} was recorded before; the totals are unchanged")]
    public static partial void AlreadyRecorded(this ILogger logger, string tenant, string entryId);
}
