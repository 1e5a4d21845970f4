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
/// An object larger than <see cref="S3ObjectCopierOptions.MultipartThresholdBytes"/> (5 GiB by default, S3's
/// single-copy limit) is copied in parts: CreateMultipartUpload with the same ACL and metadata, UploadPartCopy of
/// byte ranges (each conditioned on the source ETag, a few at once), CompleteMultipartUpload; any failure aborts the
/// upload so no orphaned parts are billed. Objects over S3's 5 TiB limit are refused before any call.
/// </para>
/// <para>
/// With REPLACE, S3 also drops the source's Content-Type and Content-Encoding; the copy has the same bytes.
/// </para>
/// </remarks>
internal sealed class S3ObjectCopier : IObjectCopier
{
    /// <summary>The largest object a single CopyObject copies (5 GiB).</summary>
    public const long MaxSingleCopyBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>The smallest part S3 accepts, except for the last one (5 MiB).</summary>
    public const long MinPartBytes = 5L * 1024 * 1024;

    /// <summary>The largest object S3 stores (5 TiB).</summary>
    public const long MaxObjectBytes = 5L * 1024 * 1024 * 1024 * 1024;

    /// <summary>The most parts one multipart upload may have.</summary>
    public const int MaxParts = 10_000;

    private const string Operation = "s3:CopyObject";

    private const string MultipartOperation = "s3:UploadPartCopy";

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
        var config = _configs.GetOrAdd(request.Region, CreateConfig);
        using var s3 = new AmazonS3Client(
            new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), config);
        if (request.Source.Size > _options.MultipartThresholdBytes)
        {
            await CopyInPartsAsync(s3, request, tenant, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await CopyWholeAsync(s3, request, tenant, cancellationToken).ConfigureAwait(false);
        }

        _logger.Copied(request.Source.Bucket, request.Source.Key, request.DestinationBucket, request.DestinationKey, request.Region, tenant);
    }

    /// <summary>
    /// The byte ranges (inclusive) a multipart copy of <paramref name="size"/> bytes uses: parts of
    /// <paramref name="partSize"/>, grown so that there are at most <see cref="MaxParts"/>.
    /// </summary>
    internal static IReadOnlyList<(long First, long Last)> PartRanges(long size, long partSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partSize);
        var effective = Math.Max(partSize, (size + MaxParts - 1) / MaxParts);
        var ranges = new List<(long, long)>((int)((size + effective - 1) / effective));
        for (var first = 0L; first < size; first += effective)
        {
            ranges.Add((first, Math.Min(first + effective, size) - 1));
        }

        return ranges;
    }

    private async Task CopyWholeAsync(AmazonS3Client s3, ObjectCopyRequest request, string tenant, CancellationToken cancellationToken)
    {
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

        try
        {
            await s3.CopyObjectAsync(copy, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3ErrorText.IsTransport(e, cancellationToken))
        {
            throw Classify(request, tenant, e);
        }
    }

    private async Task CopyInPartsAsync(AmazonS3Client s3, ObjectCopyRequest request, string tenant, CancellationToken cancellationToken)
    {
        var start = new InitiateMultipartUploadRequest
        {
            BucketName = request.DestinationBucket,
            Key = request.DestinationKey,
            CannedACL = S3CannedACL.BucketOwnerFullControl,
        };
        foreach (var (name, value) in request.Metadata)
        {
            start.Metadata.Add(name, value);
        }

        string uploadId;
        try
        {
            uploadId = (await s3.InitiateMultipartUploadAsync(start, cancellationToken).ConfigureAwait(false)).UploadId;
        }
        catch (Exception e) when (S3ErrorText.IsTransport(e, cancellationToken))
        {
            throw Classify(request, tenant, e);
        }

        try
        {
            var ranges = PartRanges(request.Source.Size, _options.PartSizeBytes);
            var parts = new PartETag[ranges.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, ranges.Count),
                new ParallelOptions { MaxDegreeOfParallelism = _options.PartParallelism, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    var part = new CopyPartRequest
                    {
                        SourceBucket = request.Source.Bucket,
                        SourceKey = request.Source.Key,
                        DestinationBucket = request.DestinationBucket,
                        DestinationKey = request.DestinationKey,
                        UploadId = uploadId,
                        PartNumber = index + 1,
                        FirstByte = ranges[index].First,
                        LastByte = ranges[index].Last,
                    };
                    if (!string.IsNullOrEmpty(request.Source.ETag))
                    {
                        part.ETagToMatch = [S3ErrorText.Quote(request.Source.ETag)];
                    }

                    var copied = await s3.CopyPartAsync(part, token).ConfigureAwait(false);
                    parts[index] = new PartETag(index + 1, copied.ETag);
                }).ConfigureAwait(false);
            await s3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest
                {
                    BucketName = request.DestinationBucket,
                    Key = request.DestinationKey,
                    UploadId = uploadId,
                    PartETags = [.. parts],
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await AbortAsync(s3, request, tenant, uploadId).ConfigureAwait(false);
            if (S3ErrorText.IsTransport(e, cancellationToken))
            {
                throw Classify(request, tenant, e, MultipartOperation);
            }

            throw;
        }
    }

    private async Task AbortAsync(AmazonS3Client s3, ObjectCopyRequest request, string tenant, string uploadId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await s3.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = request.DestinationBucket, Key = request.DestinationKey, UploadId = uploadId },
                timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException)
        {
            _logger.AbortFailed(request.Source.Key, request.DestinationBucket, request.DestinationKey, uploadId, tenant, S3ErrorText.Describe(e));
        }
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
        else if (request.Source.Size > MaxObjectBytes)
        {
            problem = $"the object is {request.Source.Size} bytes; S3 stores at most {MaxObjectBytes} bytes (5 TiB) in one object";
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

    private DeliveryException Classify(ObjectCopyRequest request, string tenant, Exception e, string operation = Operation)
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

        _logger.RequestFailed(operation, tenant, request.Source.Key, request.DestinationBucket, request.DestinationKey, errorClass, detail);
        return new DeliveryException(errorClass, operation, tenant, request.Source.Key, detail, e);
    }
}
