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

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "STS refused the central role {RoleArn} ({ErrorCode}, HTTP {HttpStatus}): this silo delivers nothing and reports unready until it works; every message is kept and retried. Check {Setting} and that role's trust policy toward this silo's own identity (its IAM role or IRSA service account)")]
    public static partial void CentralRoleRefused(this ILogger logger, string roleArn, string errorCode, int httpStatus, string setting);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "The central role {RoleArn} works again after being refused since {Since:O}")]
    public static partial void CentralRoleWorksAgain(this ILogger logger, string roleArn, DateTimeOffset since);
}
