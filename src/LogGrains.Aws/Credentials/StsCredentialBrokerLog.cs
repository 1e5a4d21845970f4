using LogGrains.Core.Ports;
using Microsoft.Extensions.Logging;

namespace LogGrains.Aws.Credentials;

/// <summary>The broker's log events. Never given credentials: role ARNs, tenants, regions and error codes only.</summary>
internal static partial class StsCredentialBrokerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Assumed the central role {RoleArn}; session valid until {Expiration:O}")]
    public static partial void CentralRoleAssumed(this ILogger logger, string roleArn, DateTimeOffset expiration);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "The central role {RoleArn} could not be assumed ({ErrorCode}, HTTP {HttpStatus}): no tenant can be served until it is fixed")]
    public static partial void CentralRoleFailed(this ILogger logger, string roleArn, string errorCode, int httpStatus);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Assumed role {RoleArn} for tenant {Tenant} in {Region}; session valid until {Expiration:O}")]
    public static partial void CustomerRoleAssumed(this ILogger logger, string tenant, string roleArn, string region, DateTimeOffset expiration);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "AssumeRole {RoleArn} for tenant {Tenant} in {Region} failed as {ErrorClass} ({ErrorCode}, HTTP {HttpStatus})")]
    public static partial void CustomerRoleFailed(this ILogger logger, string tenant, string roleArn, string region, DeliveryErrorClass errorClass, string errorCode, int httpStatus);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "The central account is {AccountId}")]
    public static partial void CentralAccountResolved(this ILogger logger, string accountId);
}
