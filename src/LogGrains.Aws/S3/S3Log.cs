using LogGrains.Core.Ports;
using Microsoft.Extensions.Logging;

namespace LogGrains.Aws.S3;

/// <summary>The S3 adapters' log events. Never given credentials.</summary>
internal static partial class S3Log
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "The cluster may not read its own staging bucket: s3:GetObject on {Bucket}/{ObjectKey} for tenant {Tenant} was refused ({ErrorCode}); check the cluster role and the staging bucket policy. The message is retried as transient")]
    public static partial void StagingAccessDenied(this ILogger logger, string bucket, string objectKey, string tenant, string errorCode);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "{Operation} for tenant {Tenant}, object {ObjectKey}, on {Bucket}/{Key} failed as {ErrorClass}: {Detail}")]
    public static partial void RequestFailed(
        this ILogger logger, string operation, string tenant, string objectKey, string bucket, string key, DeliveryErrorClass errorClass, string detail);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "Copied {SourceBucket}/{SourceKey} to {DestinationBucket}/{DestinationKey} in {Region} for tenant {Tenant}")]
    public static partial void Copied(
        this ILogger logger, string sourceBucket, string sourceKey, string destinationBucket, string destinationKey, string region, string tenant);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Could not abort the multipart copy {UploadId} of {ObjectKey} into {Bucket}/{Key} for tenant {Tenant}; its parts stay billed until a lifecycle rule removes them: {Detail}")]
    public static partial void AbortFailed(this ILogger logger, string objectKey, string bucket, string key, string uploadId, string tenant, string detail);
}
