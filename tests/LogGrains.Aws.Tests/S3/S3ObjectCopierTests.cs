using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken.Model;
using LogGrains.Aws.S3;
using LogGrains.Core.Objects;
using LogGrains.Core.Ports;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.S3;

[Collection(MotoTests.Collection)]
public sealed class S3ObjectCopierTests(MotoServer moto) : IAsyncLifetime
{
    private const string TenantAccount = "222222222222";
    private const string Tenant = "acme-corp";
    private const string SourceKey = "acme-corp/prod-cluster-1/payment-service/payment-service-7d9f8b6c5-x2k4p/1764158400-6f1c.json.gz";
    private const string DestinationKey = "logs/from-loggrains/acme-corp/payment-service/payment-service-7d9f8b6c5-x2k4p/1764158400-6f1c.json.gz";

    private AwsFaultProxy _proxy = null!;
    private string _staging = null!;
    private string _tenantBucket = null!;
    private TenantCredentials _credentials = null!;
    private byte[] _content = null!;
    private string _eTag = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _staging = MotoServer.UniqueName("staging");
        _tenantBucket = MotoServer.UniqueName("tenant-logs");
        _content = RandomNumberGenerator.GetBytes(300_000);
        using var s3 = TestAws.S3(moto.Endpoint);
        await s3.PutBucketAsync(_staging);
        using var upload = new MemoryStream(_content);
        _eTag = (await s3.PutObjectAsync(new PutObjectRequest { BucketName = _staging, Key = SourceKey, InputStream = upload })).ETag.Trim('"');

        _credentials = await AssumeAsync(TenantAccount);
        using var asTenant = TenantS3();
        await asTenant.PutBucketAsync(_tenantBucket);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Copy_lands_in_the_tenants_account_with_the_exact_key_acl_metadata_and_bytes()
    {
        var copier = Copier();

        await copier.CopyAsync(Request(), _credentials, CancellationToken.None);

        using var asTenant = TenantS3();
        using (var copy = await asTenant.GetObjectAsync(_tenantBucket, DestinationKey))
        {
            using var bytes = new MemoryStream();
            await copy.ResponseStream.CopyToAsync(bytes);
            Assert.Equal(_content, bytes.ToArray());
            Assert.Equal("acme-corp", copy.Metadata["x-amz-meta-loggrains-tenant"]);
            Assert.Equal(SourceKey, copy.Metadata["x-amz-meta-loggrains-source-key"]);
            Assert.Equal(2, copy.Metadata.Count);
        }

        var acl = await asTenant.GetObjectAclAsync(new GetObjectAclRequest { BucketName = _tenantBucket, Key = DestinationKey });
        var bucketAcl = await asTenant.GetBucketAclAsync(new GetBucketAclRequest { BucketName = _tenantBucket });
        var bucketOwner = bucketAcl.Owner.Id;
        // moto treats bucket-owner-full-control like private and has one owner id for every account, so the ACL
        // only shows that the bucket owner holds FULL_CONTROL; the header test proves what was asked for.
        Assert.Contains(acl.Grants ?? [], g => g.Grantee.CanonicalUser == bucketOwner && g.Permission == S3Permission.FULL_CONTROL);

        var keys = (await asTenant.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _tenantBucket })).S3Objects ?? [];
        Assert.Equal([DestinationKey], keys.Select(o => o.Key));
        var copyRequest = Assert.Single(_proxy.Requests, r => r.Info.Operation == "CopyObject");
        Assert.Equal(_credentials.AccessKeyId, copyRequest.Info.AccessKeyId);
        Assert.Equal($"/{_tenantBucket}/{DestinationKey}", copyRequest.PathAndQuery);

        using var staging = TestAws.S3(moto.Endpoint);
        var stagingBuckets = (await staging.ListBucketsAsync()).Buckets ?? [];
        Assert.Contains(stagingBuckets, b => b.BucketName == _staging);
        Assert.DoesNotContain(stagingBuckets, b => b.BucketName == _tenantBucket);
        var tenantBuckets = (await asTenant.ListBucketsAsync()).Buckets ?? [];
        Assert.Contains(tenantBuckets, b => b.BucketName == _tenantBucket);
        Assert.DoesNotContain(tenantBuckets, b => b.BucketName == _staging);
        var stagingKeys = (await staging.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _staging })).S3Objects ?? [];
        Assert.Equal([SourceKey], stagingKeys.Select(o => o.Key));
    }

    [Fact]
    public async Task Copy_request_carries_the_acl_metadata_directive_source_condition_and_metadata_headers()
    {
        var recorder = new HeaderRecordingHttpClientFactory();
        var copier = new S3ObjectCopier(new S3ObjectCopierOptions { ServiceUrl = moto.Endpoint, ForcePathStyle = true }, null, recorder);

        await copier.CopyAsync(Request(), _credentials, CancellationToken.None);

        var (method, path, headers) = Assert.Single(recorder.Sent);
        Assert.Equal("PUT", method);
        Assert.Equal($"/{_tenantBucket}/{DestinationKey}", Uri.UnescapeDataString(path));
        Assert.Equal("bucket-owner-full-control", headers["x-amz-acl"]);
        Assert.Equal("REPLACE", headers["x-amz-metadata-directive"]);
        Assert.Equal($"\"{_eTag}\"", headers["x-amz-copy-source-if-match"]);
        Assert.Equal($"/{_staging}/{SourceKey}", "/" + Uri.UnescapeDataString(headers["x-amz-copy-source"]).TrimStart('/'));
        Assert.Equal(Tenant, headers["x-amz-meta-loggrains-tenant"]);
        Assert.Equal(SourceKey, headers["x-amz-meta-loggrains-source-key"]);
        Assert.Equal(_credentials.SessionToken, headers["x-amz-security-token"]);
    }

    [Fact]
    public async Task AccessDenied_on_CopyObject_blocks_the_tenant()
    {
        _proxy.Inject(FaultRule.Always("s3", "CopyObject", new FaultAction.Fail(AwsError.AccessDenied)));

        var error = await Assert.ThrowsAsync<DeliveryException>(() => Copier().CopyAsync(Request(), _credentials, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.TenantBlocked, error.ErrorClass);
        Assert.Equal("s3:CopyObject", error.Operation);
        Assert.Equal(Tenant, error.Tenant);
        Assert.Equal(SourceKey, error.ObjectKey);
        Assert.Contains(_tenantBucket, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_credentials.SecretAccessKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_credentials.SessionToken, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_destination_bucket_blocks_the_tenant_and_names_the_bucket()
    {
        var missing = MotoServer.UniqueName("no-such-tenant-bucket");

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            Copier().CopyAsync(Request() with { DestinationBucket = missing }, _credentials, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.TenantBlocked, error.ErrorClass);
        Assert.Contains($"the tenant's bucket '{missing}' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_source_object_is_poison()
    {
        var request = Request() with { Source = new ObjectRef(_staging, SourceKey + ".missing", 10, "", "", DateTimeOffset.UnixEpoch) };

        var error = await Assert.ThrowsAsync<DeliveryException>(() => Copier().CopyAsync(request, _credentials, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Poison, error.ErrorClass);
        Assert.Equal(SourceKey + ".missing", error.ObjectKey);
        Assert.Contains("no longer exists", error.Message, StringComparison.Ordinal);
    }

    /// <remarks>
    /// moto ignores <c>x-amz-copy-source-if-match</c>, so S3's answer to a replaced source is injected at the proxy:
    /// this proves the classification, not the header.
    /// </remarks>
    [Fact]
    public async Task Source_replaced_since_the_notification_is_poison()
    {
        _proxy.Inject(FaultRule.Always("s3", "CopyObject", new FaultAction.Fail(
            new AwsError("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold"))));

        var error = await Assert.ThrowsAsync<DeliveryException>(() => Copier().CopyAsync(Request(), _credentials, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Poison, error.ErrorClass);
        Assert.Contains("object changed since notification", error.Message, StringComparison.Ordinal);
        Assert.Contains(_eTag, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _proxy.Count("s3", "CopyObject"));
    }

    [Fact]
    public async Task SlowDown_on_the_first_copy_is_retried_and_the_copy_lands()
    {
        var rule = _proxy.Inject(FaultRule.FirstN("s3", "CopyObject", new FaultAction.Fail(AwsError.SlowDown), 2));

        await Copier().CopyAsync(Request(), _credentials, CancellationToken.None);

        Assert.Equal(2, rule.Fired);
        Assert.Equal([503, 503, 200], _proxy.Requests.Where(r => r.Info.Operation == "CopyObject").Select(r => r.StatusCode));
        var head = await TenantS3().GetObjectMetadataAsync(_tenantBucket, DestinationKey);
        Assert.Equal(_content.Length, head.ContentLength);
    }

    [Fact]
    public async Task Server_errors_past_the_retries_are_transient()
    {
        _proxy.Inject(FaultRule.Always("s3", "CopyObject", new FaultAction.Fail(AwsError.InternalError)));

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            Copier(maxErrorRetry: 1).CopyAsync(Request(), _credentials, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Transient, error.ErrorClass);
        Assert.Equal(2, _proxy.Count("s3", "CopyObject"));
    }

    [Fact]
    public async Task Object_over_5_TiB_is_refused_as_invalid_before_any_call()
    {
        var request = Request() with { Source = Request().Source with { Size = S3ObjectCopier.MaxObjectBytes + 1 } };

        var error = await Assert.ThrowsAsync<DeliveryException>(() => Copier().CopyAsync(request, _credentials, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.InvalidRequest, error.ErrorClass);
        Assert.Contains("5 TiB", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _proxy.Count("s3"));
    }

    [Fact]
    public async Task Object_over_the_threshold_is_copied_in_parts_with_the_same_bytes_acl_and_metadata()
    {
        var (request, content) = await StageLargeAsync(12 * 1024 * 1024 + 17);

        await PartCopier().CopyAsync(request, _credentials, CancellationToken.None);

        using var asTenant = TenantS3();
        using (var copy = await asTenant.GetObjectAsync(_tenantBucket, DestinationKey))
        {
            using var bytes = new MemoryStream();
            await copy.ResponseStream.CopyToAsync(bytes);
            Assert.Equal(SHA256.HashData(content), SHA256.HashData(bytes.ToArray()));
            Assert.Equal(Tenant, copy.Metadata["x-amz-meta-loggrains-tenant"]);
            Assert.Equal(SourceKey, copy.Metadata["x-amz-meta-loggrains-source-key"]);
        }

        Assert.Equal(0, _proxy.Count("s3", "CopyObject"));
        Assert.Equal(1, _proxy.Count("s3", "CreateMultipartUpload"));
        Assert.Equal(3, _proxy.Count("s3", "UploadPartCopy"));
        Assert.Equal(1, _proxy.Count("s3", "CompleteMultipartUpload"));
        Assert.All(_proxy.Requests.Where(r => r.Info.Service == "s3"), r => Assert.Equal(_credentials.AccessKeyId, r.Info.AccessKeyId));
    }

    [Fact]
    public async Task A_failing_part_aborts_the_upload_and_surfaces_as_transient()
    {
        var (request, _) = await StageLargeAsync(11 * 1024 * 1024);
        _proxy.Inject(FaultRule.Always("s3", "UploadPartCopy", new FaultAction.Fail(AwsError.InternalError)));

        var error = await Assert.ThrowsAsync<DeliveryException>(() => PartCopier().CopyAsync(request, _credentials, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Transient, error.ErrorClass);
        Assert.Equal("s3:UploadPartCopy", error.Operation);
        Assert.Equal(1, _proxy.Count("s3", "AbortMultipartUpload"));
        Assert.Equal(0, _proxy.Count("s3", "CompleteMultipartUpload"));
        using var asTenant = TenantS3();
        var open = await asTenant.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _tenantBucket });
        Assert.Empty(open.MultipartUploads ?? []);
    }

    [Theory]
    [InlineData(1L, 5L, 1)]
    [InlineData(10L, 5L, 2)]
    [InlineData(11L, 5L, 3)]
    [InlineData(S3ObjectCopier.MaxObjectBytes, 512L * 1024 * 1024, S3ObjectCopier.MaxParts)]
    public void Part_ranges_cover_every_byte_once_in_at_most_10000_parts(long size, long partSize, int expectedParts)
    {
        var ranges = S3ObjectCopier.PartRanges(size, partSize);

        Assert.Equal(expectedParts, ranges.Count);
        Assert.Equal(0, ranges[0].First);
        Assert.Equal(size - 1, ranges[^1].Last);
        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.Equal(ranges[i - 1].Last + 1, ranges[i].First);
        }
    }

    private async Task<(ObjectCopyRequest Request, byte[] Content)> StageLargeAsync(int size)
    {
        var content = RandomNumberGenerator.GetBytes(size);
        using var s3 = TestAws.S3(moto.Endpoint);
        using var upload = new MemoryStream(content);
        var eTag = (await s3.PutObjectAsync(new PutObjectRequest { BucketName = _staging, Key = SourceKey, InputStream = upload })).ETag.Trim('"');
        return (Request() with { Source = Request().Source with { Size = size, ETag = eTag } }, content);
    }

    private S3ObjectCopier PartCopier() => new(
        new S3ObjectCopierOptions
        {
            ServiceUrl = _proxy.Endpoint,
            ForcePathStyle = true,
            MaxErrorRetry = 0,
            MultipartThresholdBytes = S3ObjectCopier.MinPartBytes,
            PartSizeBytes = S3ObjectCopier.MinPartBytes,
        },
        logger: null);

    private async Task<TenantCredentials> AssumeAsync(string account)
    {
        using var sts = TestAws.Sts(moto.Endpoint);
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = $"arn:aws:iam::{account}:role/customer-log-writer",
            RoleSessionName = "loggrains-acme-corp",
            ExternalId = MotoServer.DefaultAccountId,
        });
        var c = assumed.Credentials;
        return new TenantCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken, c.Expiration!.Value);
    }

    private S3ObjectCopier Copier(int maxErrorRetry = 4) =>
        new(new S3ObjectCopierOptions { ServiceUrl = _proxy.Endpoint, ForcePathStyle = true, MaxErrorRetry = maxErrorRetry }, logger: null);

    private ObjectCopyRequest Request() => new(
        Tenant,
        new ObjectRef(_staging, SourceKey, _content.Length, _eTag, "", DateTimeOffset.UnixEpoch),
        _tenantBucket,
        DestinationKey,
        MotoServer.Region,
        new Dictionary<string, string> { ["loggrains-tenant"] = Tenant, ["loggrains-source-key"] = SourceKey });

    private AmazonS3Client TenantS3() =>
        TestAws.S3(moto.Endpoint, new Amazon.Runtime.SessionAWSCredentials(_credentials.AccessKeyId, _credentials.SecretAccessKey, _credentials.SessionToken));
}
