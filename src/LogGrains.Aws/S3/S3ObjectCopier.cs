using System.Collections.Concurrent;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LogGrains.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.S3;

/// <summary>
/// <see cref="IObjectCopier"/>: a server-side CopyObject from the staging bucket into the tenant's bucket, signed
/// with the tenant's credentials, ACL <c>bucket-owner-full-control</c>, metadata directive REPLACE with the
/// request's metadata, and the destination key exactly as the caller gives it.
/// </summary>
/// <remarks>
/// <para>
/// Credentials per call: AWSSDK v4 has no public per-request credentials, so each copy builds a lightweight
/// <see cref="AmazonS3Client"/> over the tenant's <see cref="SessionAWSCredentials"/> and a configuration cached per
/// region. The SDK keeps its HTTP clients in a process-wide cache keyed by the configuration's HTTP settings, so these
/// short-lived clients share one connection pool instead of opening connections per copy.
/// </para>
/// <para>
/// Objects over 5 GiB would need a multipart copy (UploadPartCopy). Vector's log objects are kilobytes to a few
/// megabytes, so that path is not implemented: a copy whose source is announced larger than 5 GiB is refused as
/// <see cref="DeliveryErrorClass.InvalidRequest"/> before any call, and one whose size was not announced gets S3's
/// own InvalidRequest, classified the same way.
/// </para>
/// <para>
/// With REPLACE, S3 also drops the source's Content-Type and Content-Encoding; the copy has the same bytes.
/// </para>
/// </remarks>
internal sealed class S3ObjectCopier : IObjectCopier
{
    /// <summary>The largest object a single CopyObject copies (5 GiB).</summary>
    public const long MaxSingleCopyBytes = 5L * 1024 * 1024 * 1024;

    private const string Operation = "s3:CopyObject";

    private static readonly HashSet<string> TenantBlockedCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AllAccessDisabled", "InvalidAccessKeyId", "ExpiredToken", "InvalidToken", "TokenRefreshRequired",
        "SignatureDoesNotMatch", "AccountProblem", "NoSuchBucket", "PermanentRedirect", "AuthorizationHeaderMalformed",
        "InvalidBucketState", "IllegalLocationConstraintException",
    };

    private static readonly HashSet<string> InvalidRequestCodes = new(StringComparer.Ordinal)
    {
        "InvalidArgument", "KeyTooLongError", "InvalidRequest", "MetadataTooLarge", "InvalidObjectName", "InvalidStorageClass",
        "MalformedXML", "InvalidDigest",
    };

    private readonly S3ObjectCopierOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, AmazonS3Config> _configs = new(StringComparer.Ordinal);
    private readonly HttpClientFactory? _httpClientFactory;

    /// <summary>The DI constructor.</summary>
    public S3ObjectCopier(IOptions<S3ObjectCopierOptions> options, ILogger<S3ObjectCopier> logger)
        : this(options?.Value!, (ILogger)logger)
    {
    }

    /// <param name="options">Settings.</param>
    /// <param name="logger">Where failures are logged; nothing when null.</param>
    /// <param name="httpClientFactory">Lets tests observe the requests on the wire; the SDK's own when null.</param>
    internal S3ObjectCopier(S3ObjectCopierOptions options, ILogger? logger, HttpClientFactory? httpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new S3OptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(S3ObjectCopierOptions), typeof(S3ObjectCopierOptions), validation.Failures);
        }

        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _httpClientFactory = httpClientFactory;
    }

    public async Task CopyAsync(ObjectCopyRequest request, TenantCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var tenant = request.Tenant ?? "";
        Refuse(request, tenant);

        var copy = new CopyObjectRequest
        {
            SourceBucket = request.Source.Bucket,
            SourceKey = request.Source.Key,
            DestinationBucket = request.DestinationBucket,
            DestinationKey = request.DestinationKey,
            CannedACL = S3CannedACL.BucketOwnerFullControl,
            MetadataDirective = S3MetadataDirective.REPLACE,
        };
        if (!string.IsNullOrEmpty(request.Source.ETag))
        {
            copy.ETagToMatch = S3ErrorText.Quote(request.Source.ETag);
        }

        foreach (var (name, value) in request.Metadata)
        {
            copy.Metadata.Add(name, value);
        }

        var config = _configs.GetOrAdd(request.Region, CreateConfig);
        using var s3 = new AmazonS3Client(
            new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), config);
        try
        {
            await s3.CopyObjectAsync(copy, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3ErrorText.IsTransport(e, cancellationToken))
        {
            throw Classify(request, tenant, e);
        }

        _logger.Copied(request.Source.Bucket, request.Source.Key, request.DestinationBucket, request.DestinationKey, request.Region, tenant);
    }

    private static void Refuse(ObjectCopyRequest request, string tenant)
    {
        ArgumentNullException.ThrowIfNull(request.Source);
        ArgumentNullException.ThrowIfNull(request.Metadata);
        string? problem = null;
        if (string.IsNullOrWhiteSpace(request.DestinationBucket))
        {
            problem = "no destination bucket";
        }
        else if (string.IsNullOrEmpty(request.DestinationKey))
        {
            problem = "no destination key";
        }
        else if (string.IsNullOrWhiteSpace(request.Region))
        {
            problem = "no destination region";
        }
        else if (request.Source.Size > MaxSingleCopyBytes)
        {
            problem = $"the object is {request.Source.Size} bytes; a single CopyObject copies at most {MaxSingleCopyBytes} bytes (5 GiB) and multipart copy is not implemented";
        }
        else if (request.Metadata.FirstOrDefault(m => !IsHeaderSafe(m.Key) || !IsHeaderSafe(m.Value)) is { Key: not null } bad)
        {
            problem = $"metadata '{bad.Key}' is not printable ASCII, which S3 headers cannot carry";
        }

        if (problem is not null)
        {
            throw new DeliveryException(
                DeliveryErrorClass.InvalidRequest,
                Operation,
                tenant,
                request.Source.Key,
                $"copy of {request.Source.Bucket}/{request.Source.Key} to {request.DestinationBucket}/{request.DestinationKey} refused: {problem}");
        }
    }

    private AmazonS3Config CreateConfig(string region)
    {
        var config = S3ClientConfigs.Create(_options.ServiceUrl, region, _options.ForcePathStyle, _options.MaxErrorRetry);
        if (_httpClientFactory is not null)
        {
            config.HttpClientFactory = _httpClientFactory;
        }

        return config;
    }

    private static bool IsHeaderSafe(string? text) => text is not null && text.All(c => c is >= ' ' and <= '~');

    private DeliveryException Classify(ObjectCopyRequest request, string tenant, Exception e)
    {
        var s3 = e as AmazonS3Exception;
        var code = s3?.ErrorCode ?? "";
        var status = s3?.StatusCode;
        var detail = S3ErrorText.Describe(e);
        var route = $"{request.Source.Bucket}/{request.Source.Key} to {request.DestinationBucket}/{request.DestinationKey} in {request.Region}";
        DeliveryErrorClass errorClass;
        if (code is "NoSuchBucket")
        {
            errorClass = DeliveryErrorClass.TenantBlocked;
            detail = $"the tenant's bucket '{request.DestinationBucket}' does not exist (copying {route}); {detail}";
        }
        else if (code is "NoSuchKey")
        {
            errorClass = DeliveryErrorClass.Poison;
            detail = $"the source object {request.Source.Bucket}/{request.Source.Key} no longer exists; {detail}";
        }
        else if (code is "PreconditionFailed" || status == HttpStatusCode.PreconditionFailed)
        {
            errorClass = DeliveryErrorClass.Poison;
            detail = $"object changed since notification: {request.Source.Bucket}/{request.Source.Key} no longer has ETag {request.Source.ETag}; {detail}";
        }
        else if (TenantBlockedCodes.Contains(code) || status is HttpStatusCode.Forbidden or HttpStatusCode.MovedPermanently)
        {
            errorClass = DeliveryErrorClass.TenantBlocked;
            detail = $"the tenant's side refused copying {route}; {detail}";
        }
        else if (InvalidRequestCodes.Contains(code))
        {
            errorClass = DeliveryErrorClass.InvalidRequest;
            detail = $"S3 rejected copying {route} as invalid; {detail}";
        }
        else
        {
            errorClass = DeliveryErrorClass.Transient;
            detail = $"copying {route}; {detail}";
        }

        _logger.RequestFailed(Operation, tenant, request.DestinationBucket, request.DestinationKey, errorClass, detail);
        return new DeliveryException(errorClass, Operation, tenant, request.Source.Key, detail, e);
    }
}
