using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LogGrains.Aws.S3;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;

namespace LogGrains.Cli;

/// <summary>
/// The checks of an S3 delivery's bucket in <c>tenants validate</c>, signed with the customer role's session in the
/// delivery's target region, as the S3 copier signs its CopyObject: <c>HeadBucket</c> (the bucket exists and answers
/// in that region), then <c>ListObjectsV2</c> with <c>max-keys</c> 1 under <c>bucket_prefix</c> (the role may list
/// where the copies go). Neither writes anything the customer would see.
/// </summary>
/// <remarks>
/// What they do not prove: <c>s3:PutObject</c> and <c>s3:PutObjectAcl</c> on the prefix, the bucket policy's view
/// of <c>bucket-owner-full-control</c> copies, and KMS key grants are only proven by a real copy; the probes would
/// need to write to prove them.
/// </remarks>
internal static class BucketProbe
{
    /// <summary>What the listing check does not prove, said in its result.</summary>
    public const string NotProven = "s3:PutObject on the prefix is proven only by a real copy";

    public static async Task<IReadOnlyList<TenantCheck>> CheckAsync(
        CliSettings settings, TenantConfig config, TenantCredentials credentials, CancellationToken cancellationToken)
    {
        var bucket = config.BucketName!;
        var region = config.TargetRegion;
        var headCheck = $"bucket {bucket} in {region} (HeadBucket)";
        var listCheck = $"list s3://{bucket}/{config.BucketPrefix} (ListObjectsV2, max-keys 1)";
        using var s3 = new AmazonS3Client(
            new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            S3ClientConfigs.Create(settings.ServiceUrl, region, forcePathStyle: settings.ServiceUrl is not null, maxErrorRetry: 1));

        var checks = new List<TenantCheck>();
        try
        {
            var head = await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(head.BucketRegion) && !string.Equals(head.BucketRegion, region, StringComparison.Ordinal))
            {
                checks.Add(new TenantCheck("s3", headCheck, false, $"bucket '{bucket}' is in {head.BucketRegion}, not in the delivery's target_region {region}"));
                return checks;
            }

            checks.Add(new TenantCheck("s3", headCheck, true, "exists, reachable with the customer role"));
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            checks.Add(new TenantCheck("s3", headCheck, false, HeadFailure(bucket, region, e)));
            checks.Add(new TenantCheck("s3", listCheck, false, "not tried: the bucket check failed"));
            return checks;
        }

        try
        {
            await s3.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = bucket, Prefix = config.BucketPrefix, MaxKeys = 1 },
                cancellationToken).ConfigureAwait(false);
            checks.Add(new TenantCheck("s3", listCheck, true, $"allowed (s3:ListBucket), nothing written; {NotProven}"));
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            checks.Add(new TenantCheck("s3", listCheck, false, $"listing bucket '{bucket}' under '{config.BucketPrefix}' failed: {Describe(e)}"));
        }

        return checks;
    }

    private static string HeadFailure(string bucket, string region, Exception e) => e switch
    {
        AmazonServiceException { StatusCode: HttpStatusCode.NotFound } =>
            $"bucket '{bucket}' does not exist (HTTP 404)",
        AmazonServiceException { StatusCode: HttpStatusCode.MovedPermanently or HttpStatusCode.Redirect or HttpStatusCode.TemporaryRedirect } s =>
            $"bucket '{bucket}' is not in {region}: S3 redirected the request to the bucket's own region (HTTP {(int)s.StatusCode}); fix target_region or the bucket",
        AmazonServiceException { StatusCode: HttpStatusCode.Forbidden } =>
            $"bucket '{bucket}' refused the customer role (HTTP 403): it exists but the role may not reach it (HeadBucket needs s3:ListBucket), or it belongs to another account",
        _ => $"bucket '{bucket}': {Describe(e)}",
    };

    private static string Describe(Exception e) => e is AmazonServiceException s
        ? $"{(string.IsNullOrEmpty(s.ErrorCode) ? "error" : s.ErrorCode)} (HTTP {(int)s.StatusCode}): {s.Message}"
        : $"{e.GetType().Name}: {e.Message}";
}
