using System.Security.Cryptography;
using Amazon.S3.Model;
using LogGrains.Aws.S3;
using LogGrains.Core.Objects;
using LogGrains.Core.Ports;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.S3;

[Collection(MotoTests.Collection)]
public sealed class S3ObjectReaderTests(MotoServer moto) : IAsyncLifetime
{
    private const string Tenant = "acme-corp";
    private const string Key = "acme-corp/prod-cluster-1/payment-service/payment-service-7d9f8b6c5-x2k4p/1764158400-6f1c.json.gz";

    private AwsFaultProxy _proxy = null!;
    private string _bucket = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _bucket = MotoServer.UniqueName("staging");
        using var s3 = TestAws.S3(moto.Endpoint);
        await s3.PutBucketAsync(_bucket);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Fifty_MiB_object_is_streamed_with_bounded_memory_and_identical_bytes()
    {
        const long size = 50L * 1024 * 1024;
        using (var s3 = TestAws.S3(moto.Endpoint))
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = Key, InputStream = new GeneratedStream(size) });
        }

        byte[] expected;
        using (var generated = new GeneratedStream(size))
        {
            expected = await SHA256.HashDataAsync(generated);
        }

        using var reader = Reader(moto.Endpoint);
        var buffer = new byte[64 * 1024];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var peak = baseline;
        long total = 0;
        await using (var handle = await reader.OpenReadAsync(Tenant, Ref(), CancellationToken.None))
        {
            Assert.Equal(size, handle.Size);
            int read;
            while ((read = await handle.Content.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            }
        }

        var growth = peak - baseline;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Console.WriteLine($"50 MiB read: peak managed growth {growth / 1024.0 / 1024.0:F2} MiB, allocated {allocated / 1024.0 / 1024.0:F2} MiB");
        Assert.Equal(size, total);
        Assert.Equal(expected, hash.GetHashAndReset());
        Assert.True(growth < 16L * 1024 * 1024, $"peak managed memory grew by {growth} bytes while streaming a {size}-byte object");
    }

    [Fact]
    public async Task Read_with_the_announced_ETag_returns_the_content_size_and_ETag()
    {
        var eTag = await PutAsync("""{"message":"hello"}""");
        using var reader = Reader(_proxy.Endpoint);

        await using var handle = await reader.OpenReadAsync(Tenant, Ref(eTag), CancellationToken.None);
        using var text = new StreamReader(handle.Content);

        Assert.Equal("""{"message":"hello"}""", await text.ReadToEndAsync());
        Assert.Equal(19, handle.Size);
        Assert.Equal(eTag, handle.ETag);
    }

    [Fact]
    public async Task Missing_key_is_poison_naming_the_tenant_and_key()
    {
        using var reader = Reader(_proxy.Endpoint);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => reader.OpenReadAsync(Tenant, Ref(), CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Poison, error.ErrorClass);
        Assert.Equal("s3:GetObject", error.Operation);
        Assert.Equal(Tenant, error.Tenant);
        Assert.Equal(Key, error.ObjectKey);
        Assert.Contains("NoSuchKey", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{_bucket}/{Key}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_bucket_is_poison()
    {
        using var reader = Reader(_proxy.Endpoint);

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            reader.OpenReadAsync(Tenant, Ref() with { Bucket = MotoServer.UniqueName("gone") }, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Poison, error.ErrorClass);
        Assert.Contains("NoSuchBucket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Object_replaced_since_the_notification_is_poison_object_changed()
    {
        var oldETag = await PutAsync("first version");
        await PutAsync("second version, replaced");
        using var reader = Reader(_proxy.Endpoint);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => reader.OpenReadAsync(Tenant, Ref(oldETag), CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Poison, error.ErrorClass);
        Assert.Contains("object changed since notification", error.Message, StringComparison.Ordinal);
        Assert.Contains(oldETag, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowDown_on_the_first_GET_is_retried_by_the_SDK_and_succeeds()
    {
        await PutAsync("after a pause");
        var rule = _proxy.Inject(FaultRule.FirstN("s3", "GetObject", new FaultAction.Fail(AwsError.SlowDown), 1));
        using var reader = Reader(_proxy.Endpoint);

        await using var handle = await reader.OpenReadAsync(Tenant, Ref(), CancellationToken.None);
        using var text = new StreamReader(handle.Content);

        Assert.Equal("after a pause", await text.ReadToEndAsync());
        Assert.Equal(1, rule.Fired);
        Assert.Equal([503, 200], _proxy.Requests.Where(r => r.Info.Operation == "GetObject").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Server_errors_past_the_retries_are_transient()
    {
        await PutAsync("unlucky");
        _proxy.Inject(FaultRule.Always("s3", "GetObject", new FaultAction.Fail(AwsError.InternalError)));
        using var reader = Reader(_proxy.Endpoint, maxErrorRetry: 1);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => reader.OpenReadAsync(Tenant, Ref(), CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Transient, error.ErrorClass);
        Assert.Equal(Key, error.ObjectKey);
        Assert.Equal(2, _proxy.Count("s3", "GetObject"));
    }

    [Fact]
    public async Task AccessDenied_on_the_staging_bucket_is_transient_because_it_is_the_clusters_own_permission()
    {
        await PutAsync("forbidden");
        _proxy.Inject(FaultRule.Always("s3", "GetObject", new FaultAction.Fail(AwsError.AccessDenied)));
        using var reader = Reader(_proxy.Endpoint);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => reader.OpenReadAsync(Tenant, Ref(), CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Transient, error.ErrorClass);
        Assert.Contains("cluster's own access", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _proxy.Count("s3", "GetObject"));
    }

    private static S3ObjectReader Reader(Uri endpoint, int maxErrorRetry = 4) =>
        new(
            new S3ObjectReaderOptions { ServiceUrl = endpoint, Region = MotoServer.Region, ForcePathStyle = true, MaxErrorRetry = maxErrorRetry },
            TestAws.DefaultCredentials,
            logger: null);

    private ObjectRef Ref(string eTag = "") => new(_bucket, Key, 0, eTag, "", DateTimeOffset.UnixEpoch);

    private async Task<string> PutAsync(string content)
    {
        using var s3 = TestAws.S3(moto.Endpoint);
        var response = await s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = Key, ContentBody = content });
        return response.ETag.Trim('"');
    }
}
