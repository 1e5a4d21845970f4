using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LogGrains.Core.Objects;
using LogGrains.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.S3;

/// <summary>
/// <see cref="IObjectReader"/> over the staging bucket with the cluster's own credentials. The object is streamed
/// straight from the HTTP response: the SDK response is owned by the returned handle and nothing is buffered.
/// </summary>
/// <remarks>
/// Classification: NoSuchKey/NoSuchBucket → <see cref="DeliveryErrorClass.Poison"/> (the object is gone, e.g. past
/// the staging retention, and can never be delivered). PreconditionFailed on If-Match →
/// <see cref="DeliveryErrorClass.Poison"/> "object changed since notification": the key was overwritten, and the new
/// version has its own notification that delivers it, so retrying this one would deliver the wrong bytes or loop.
/// AccessDenied → <see cref="DeliveryErrorClass.Transient"/>, logged as an error: it is the cluster's own permission
/// on its own bucket, an operator fixes it, and dead-lettering every object meanwhile would punish all tenants.
/// Throttling (SlowDown), 5xx and timeouts are retried by the SDK and then surface as transient.
/// </remarks>
internal sealed class S3ObjectReader : IObjectReader, IDisposable
{
    private const string Operation = "s3:GetObject";

    private readonly AmazonS3Client _s3;
    private readonly ILogger _logger;

    /// <summary>The DI constructor: the cluster's own credentials from the SDK's default chain.</summary>
    public S3ObjectReader(IOptions<S3ObjectReaderOptions> options, ILogger<S3ObjectReader> logger)
        : this(options?.Value!, credentials: null, logger)
    {
    }

    internal S3ObjectReader(S3ObjectReaderOptions options, AWSCredentials? credentials, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new S3OptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(S3ObjectReaderOptions), typeof(S3ObjectReaderOptions), validation.Failures);
        }

        _logger = logger ?? NullLogger.Instance;
        var config = S3ClientConfigs.Create(options.ServiceUrl, options.Region, options.ForcePathStyle, options.MaxErrorRetry);
        _s3 = credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    public async Task<ObjectReadHandle> OpenReadAsync(string tenant, ObjectRef obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        tenant ??= "";
        var request = new GetObjectRequest { BucketName = obj.Bucket, Key = obj.Key };
        if (!string.IsNullOrEmpty(obj.ETag))
        {
            request.EtagToMatch = S3ErrorText.Quote(obj.ETag);
        }

        GetObjectResponse response;
        try
        {
            response = await _s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3ErrorText.IsTransport(e, cancellationToken))
        {
            throw Classify(tenant, obj, e);
        }

        try
        {
            return new ObjectReadHandle(
                response.ResponseStream, Math.Max(0, response.ContentLength), S3ErrorText.Unquote(response.ETag), new ResponseOwner(response));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public void Dispose() => _s3.Dispose();

    private DeliveryException Classify(string tenant, ObjectRef obj, Exception e)
    {
        var s3 = e as AmazonS3Exception;
        var code = s3?.ErrorCode ?? "";
        var status = s3?.StatusCode;
        var detail = S3ErrorText.Describe(e);
        DeliveryErrorClass errorClass;
        if (code is "NoSuchKey" or "NoSuchBucket" || (s3 is not null && status == HttpStatusCode.NotFound))
        {
            errorClass = DeliveryErrorClass.Poison;
            detail = $"object {obj.Bucket}/{obj.Key} does not exist ({(code.Length > 0 ? code : "404")}): it can never be delivered; {detail}";
        }
        else if (code is "PreconditionFailed" || status == HttpStatusCode.PreconditionFailed)
        {
            errorClass = DeliveryErrorClass.Poison;
            detail = $"object changed since notification: {obj.Bucket}/{obj.Key} no longer has ETag {obj.ETag} (the new version has its own notification); {detail}";
        }
        else if (code is "InvalidObjectState")
        {
            errorClass = DeliveryErrorClass.Poison;
            detail = $"object {obj.Bucket}/{obj.Key} is archived and cannot be read; {detail}";
        }
        else
        {
            errorClass = DeliveryErrorClass.Transient;
            if (status is HttpStatusCode.Forbidden || code is "AccessDenied" or "AllAccessDisabled" or "InvalidAccessKeyId" or "ExpiredToken")
            {
                _logger.StagingAccessDenied(obj.Bucket, obj.Key, tenant, code);
                detail = $"the cluster's own access to {obj.Bucket}/{obj.Key} was refused; {detail}";
            }
            else
            {
                detail = $"reading {obj.Bucket}/{obj.Key}: {detail}";
            }
        }

        _logger.RequestFailed(Operation, tenant, obj.Key, obj.Bucket, obj.Key, errorClass, detail);
        return new DeliveryException(errorClass, Operation, tenant, obj.Key, detail, e);
    }
}
