using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace LogGrains.Aws.S3;

/// <summary>Builds S3 client configurations the same way for the reader, the copier and the CLI's listing.</summary>
public static class S3ClientConfigs
{
    /// <summary>
    /// Checksums are computed and validated only where S3 requires them: our requests carry no body, and a
    /// staged object's integrity is checked where it matters, by the gzip CRC when it is decoded. The SDK's
    /// default (validate when supported) also trips over emulators that answer with partial checksum headers.
    /// The signing region is always set, because an endpoint override (option or <c>AWS_ENDPOINT_URL_S3</c>)
    /// otherwise switches signing to us-east-1.
    /// </summary>
    /// <param name="serviceUrl">An explicit endpoint (an emulator); the region's endpoint when null.</param>
    /// <param name="region">The region to address and sign for; the SDK's default when null.</param>
    /// <param name="forcePathStyle">Address buckets as <c>endpoint/bucket</c> (emulators need this).</param>
    /// <param name="maxErrorRetry">The SDK's retries; its own default when null.</param>
    public static AmazonS3Config Create(Uri? serviceUrl, string? region, bool forcePathStyle, int? maxErrorRetry)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = forcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxStaleConnectionRetries = AwsClientDefaults.MaxStaleConnectionRetries,
        };
        if (maxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }
        if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            config.AuthenticationRegion = region;
        }

        if (serviceUrl is not null)
        {
            config.ServiceURL = serviceUrl.ToString();
        }

        return config;
    }
}
