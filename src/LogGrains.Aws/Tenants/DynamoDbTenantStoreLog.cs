using LogGrains.Core.Ports;
using Microsoft.Extensions.Logging;

namespace LogGrains.Aws.Tenants;

/// <summary>The tenant store's log events.</summary>
internal static partial class DynamoDbTenantStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Tenant {Tenant} item in table {TableName}: attribute {Attribute} has unsupported DynamoDB type {DynamoDbType}; the item is read as invalid if the attribute is a configuration field")]
    public static partial void UnsupportedAttribute(this ILogger logger, string tenant, string tableName, string attribute, string dynamoDbType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Operation} on table {TableName} for tenant {Tenant} failed as {ErrorClass} ({ErrorCode}, HTTP {HttpStatus})")]
    public static partial void RequestFailed(this ILogger logger, string operation, string tableName, string tenant, DeliveryErrorClass errorClass, string errorCode, int httpStatus);
}
