using System.Diagnostics;
using System.Net.Sockets;
using Amazon.S3.Model;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;

namespace LogGrains.Testing.Tests;

[Collection(MotoTests.Collection)]
public sealed class MotoServerTests(MotoServer moto)
{
    [Fact]
    public async Task Shared_server_answers_S3_calls()
    {
        using var s3 = TestAws.S3(moto.Endpoint);
        var bucket = MotoServer.UniqueName("bucket");
        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a/b.txt", ContentBody = "hello" });
        using var get = await s3.GetObjectAsync(bucket, "a/b.txt");
        using var reader = new StreamReader(get.ResponseStream);
        Assert.Equal("hello", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task A_disposed_server_leaves_no_process_and_frees_its_port()
    {
        var own = new MotoServer();
        await own.InitializeAsync();
        var pid = own.ProcessId;
        var port = own.Port;

        own.Dispose();

        Assert.True(own.HasExited);
        Assert.False(ProcessIsAlive(pid), $"moto_server pid {pid} is still running after Dispose");
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task Account_header_reads_another_accounts_data()
    {
        using var other = TestAws.S3(moto.Endpoint, accountId: "222222222222");
        using var mine = TestAws.S3(moto.Endpoint);
        var bucket = MotoServer.UniqueName("acct");
        await other.PutBucketAsync(bucket);

        var seenByOther = (await other.ListBucketsAsync()).Buckets ?? [];
        var seenByDefault = (await mine.ListBucketsAsync()).Buckets ?? [];

        Assert.Contains(seenByOther, b => b.BucketName == bucket);
        Assert.DoesNotContain(seenByDefault, b => b.BucketName == bucket);
    }

    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
