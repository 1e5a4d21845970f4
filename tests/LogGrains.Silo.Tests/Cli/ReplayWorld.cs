using System.Globalization;
using System.Text.Json;
using Amazon.S3.Model;
using LogGrains.Aws.Tenants;
using LogGrains.Silo.Hosting;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;
using LogGrains.Testing.Vector;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace LogGrains.Silo.Tests.Cli;

/// <summary>
/// A staging bucket WITHOUT notifications holding 2,500 tiny Vector files of two tenants (and three keys that do not fit
/// the layout), a tenant table, and one aws-profile silo running in-process against moto. Built once per test class.
/// </summary>
public sealed class ReplayWorld : IAsyncDisposable
{
    public const int Objects = 2_500;
    public const int EventsPerObject = 2;
    public static readonly string[] MalformedKeys =
    [
        "replay-a/only/three.json.gz",
        "replay-a/cluster-1/app/pod/one-too-many/x.json.gz",
        "bad tenant!/cluster-1/app/pod/x.json.gz",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplication? _silo;

    public string Bucket { get; private set; } = "";

    public Dictionary<string, string?> CliSettings { get; } = new();

    /// <summary>Customer account → every message its tenant's objects hold.</summary>
    public Dictionary<string, List<string>> ExpectedMessages { get; } = new();

    public Uri Moto { get; private set; } = null!;

    public async Task EnsureAsync(MotoServer moto)
    {
        await _gate.WaitAsync();
        try
        {
            if (_silo is null)
            {
                await BuildAsync(moto);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
        }

        _gate.Dispose();
    }

    private async Task BuildAsync(MotoServer moto)
    {
        Moto = moto.Endpoint;
        var accounts = new[] { RandomAccount(), RandomAccount() };
        var tenants = new[] { "replay-a", "replay-b" };
        Bucket = MotoServer.UniqueName("replay");
        var table = MotoServer.UniqueName("tenants");
        using var s3 = TestAws.S3(moto.Endpoint);
        await s3.PutBucketAsync(Bucket);
        using (var dynamo = TestAws.DynamoDb(moto.Endpoint))
        {
            await DynamoDbTenantStore.CreateTableAsync(dynamo, table, TenantTableShape.TenantIdAndType, CancellationToken.None);
        }

        using var sqs = TestAws.Sqs(moto.Endpoint);
        var queue = await sqs.CreateQueueAsync(MotoServer.UniqueName("objects"));
        var dlq = await sqs.CreateQueueAsync(MotoServer.UniqueName("dlq"));

        var settings = AwsProfileTestSettings.For(moto.Endpoint, queue.QueueUrl, dlq.QueueUrl, table);
        settings["LogGrains:Cluster:ServiceId"] = MotoServer.UniqueName("service");
        settings["LogGrains:Delivery:StreamLinger"] = "00:00:00.200";

        // Replay is not about usage records, and moto's transactions (which copy the usage table per item, without a
        // lock) slow a 2,500-object replay and sometimes fail it with a 500 (docs/USAGE.md "Switching it off").
        settings["LogGrains:Usage:Enabled"] = "false";
        foreach (var (key, value) in settings)
        {
            CliSettings[key] = value;
        }

        for (var t = 0; t < tenants.Length; t++)
        {
            var item = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["tenant_id"] = tenants[t],
                ["type"] = "cloudwatch",
                ["log_distribution_role_arn"] = $"arn:aws:iam::{accounts[t]}:role/customer-log-writer",
                ["log_group_name"] = $"/rosa/{tenants[t]}",
            });
            var put = await CliRun.RunWithInputAsync(CliSettings, item, null, "tenants", "put", "-");
            Assert.True(put.Exit == 0, put.ToString());
            ExpectedMessages[accounts[t]] = [];
        }

        var start = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        var files = Enumerable.Range(0, Objects).Select(i =>
        {
            var t = i % 2;
            var application = (i / 2) % 2 == 0 ? "payments" : "web";
            var pod = $"{application}-{(i / 4) % 2}";
            var messages = Enumerable.Range(0, EventsPerObject).Select(j => $"{{\"tenant\":\"{tenants[t]}\",\"object\":{i},\"event\":{j},\"text\":\"ünï <>&\"}}").ToList();
            ExpectedMessages[accounts[t]].AddRange(messages);
            var key = $"{tenants[t]}/cluster-1/{application}/{pod}/{i:D5}-{Guid.NewGuid():N}.json.gz";
            return (Key: key, Content: VectorFile(messages, start + i));
        }).ToList();
        files.AddRange(MalformedKeys.Select(k => (k, VectorFile(["malformed key: must never be delivered"], start))));

        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (file, ct) =>
        {
            using var content = new MemoryStream(file.Content);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = file.Key, InputStream = content }, ct);
        });

        var builder = WebApplication.CreateBuilder();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddLogGrains();
        _silo = builder.Build();
        await _silo.StartAsync();
    }

    internal static byte[] VectorFile(IReadOnlyList<string> messages, long timestampMs) =>
        VectorNdjson.Gzip(messages.Select(message => new Dictionary<string, object>
        {
            ["timestamp"] = VectorNdjson.Timestamp(timestampMs, "123456"),
            ["message"] = message,
            ["stream"] = "stdout",
        }));

    private static string RandomAccount() => Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(CultureInfo.InvariantCulture);
}
