using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using LogGrains.Abstractions;
using LogGrains.Aws.Tenants;
using LogGrains.Core.Tenants;
using LogGrains.Grains.Polling;
using LogGrains.Silo.Hosting;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LogGrains.Delivery.Tests;

/// <summary>
/// A busy stream as a heavy user makes one: thousands of small objects of one pod, one log stream, one silo in the
/// aws profile with DynamoDB membership, grain storage and checkpoints — then a restart and duplicate notifications.
/// </summary>
[Collection(MotoTests.Collection)]
public sealed class BusyStreamTests(MotoServer moto, ITestOutputHelper output)
{
    private const int Objects = 5_000;
    private const int EventsPerObject = 2;
    private const int Duplicated = 100;
    private const string Account = "818181818181";
    private const int MaxStoredItemBytes = 64 * 1024;
    private const int QueueDepth = 150;

    [Fact]
    public async Task A_stream_of_5000_objects_keeps_small_state_and_recognises_duplicates_after_a_restart()
    {
        var proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        await using var _ = proxy;
        var chain = await StagingChain.CreateAsync(moto.Endpoint, maxReceiveCount: 50);
        var tenant = MotoServer.UniqueName("busy");
        var group = $"/loggrains/{tenant}";
        var settings = await SettingsAsync(proxy, chain, tenant, group);
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var files = Enumerable.Range(0, Objects)
            .Select(i => StagedFile.Create(tenant, "api", "api-0", i, EventsPerObject, first + ((long)i * EventsPerObject)))
            .ToList();
        var bucket = await UploadAsync(files);

        var warnings = new WarningLog();
        var app = await StartSiloAsync(settings, warnings);
        await NotifyAsync(chain, bucket, files);
        await WaitUntilDeletedAsync(app, chain, Objects);
        var checkpointWrites = proxy.RequestsTo("dynamodb", "PutItem").Where(r => r.BodyText.Contains(settings["LogGrains:Delivery:CheckpointTableName"]!, StringComparison.Ordinal)).ToList();
        var stateWrites = proxy.RequestsTo("dynamodb", "PutItem").Where(r => r.BodyText.Contains(settings["LogGrains:Cluster:GrainStateTableName"]!, StringComparison.Ordinal)).ToList();
        var before = await app.Services.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>(tenant).GetStats();
        await app.StopAsync();
        await app.DisposeAsync();
        var puts = proxy.Count("logs", "PutLogEvents");

        var again = files.Take(Duplicated).Concat(files.Skip(Objects - Duplicated)).ToList();
        var restarted = await StartSiloAsync(settings, warnings);
        await NotifyAsync(chain, bucket, again);
        await WaitUntilDeletedAsync(restarted, chain, again.Count);
        var stats = await restarted.Services.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>(tenant).GetStats();
        await restarted.StopAsync();
        await restarted.DisposeAsync();

        Expect.ExactlyDelivered(await MotoLogs.ReadAccountAsync(moto.Endpoint, Account), group, files);
        var resent = proxy.RequestsTo("logs", "PutLogEvents").Skip(puts).ToList();
        Assert.True(
            resent.Count == 0,
            $"{resent.Count} PutLogEvents after the restart: "
            + string.Join("; ", resent.Select(r => $"HTTP {r.StatusCode} {r.Fault} objects {string.Join(",", ObjectNumbers(r.BodyText))}")));
        // SQS delivers at least once: a notification may come twice in either run, so every re-announced object must be
        // recognised, and any more are SQS's own repeats (none of them sent anything, as asserted above).
        Assert.True(
            stats.Duplicates - before.Duplicates >= Duplicated * 2,
            $"{stats.Duplicates - before.Duplicates} duplicates recognised after the restart, {Duplicated * 2} notified again");
        Assert.DoesNotContain(warnings.Lines, line => line.Contains("failed unexpectedly", StringComparison.Ordinal));
        var largest = await LargestItemAsync(settings["LogGrains:Cluster:GrainStateTableName"]!, settings["LogGrains:Delivery:CheckpointTableName"]!);
        var writeBytes = checkpointWrites.Sum(r => (long)r.Body.Length) + stateWrites.Sum(r => (long)r.Body.Length);
        output.WriteLine(
            $"{Objects} objects ({before.Duplicates} announced twice by SQS) in {puts} PutLogEvents; DynamoDB writes: {checkpointWrites.Count} checkpoint + {stateWrites.Count} grain state PutItem, "
            + $"{writeBytes / (double)Objects:F0} request bytes per object; largest stored item {largest.Bytes} bytes ({largest.Table}).");
        Assert.True(largest.Bytes <= MaxStoredItemBytes, $"largest stored item is {largest.Bytes} bytes in {largest.Table}, over {MaxStoredItemBytes}");
        Assert.True(checkpointWrites.Count <= Objects * 11 / 10, $"{checkpointWrites.Count} checkpoint writes for {Objects} one-request objects");
        Assert.True(writeBytes <= Objects * 1024L, $"{writeBytes} bytes of DynamoDB writes for {Objects} objects: over 1 KB each");
        proxy.AssertNoLimitViolations();
    }

    private async Task<Dictionary<string, string?>> SettingsAsync(AwsFaultProxy proxy, StagingChain chain, string tenant, string group)
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        var table = MotoServer.UniqueName("tenants");
        using (var dynamo = TestAws.DynamoDb(moto.Endpoint))
        {
            await DynamoDbTenantStore.CreateTableAsync(dynamo, table, TenantTableShape.TenantIdAndType, CancellationToken.None);
        }

        using (var store = new DynamoDbTenantStore(new DynamoDbTenantStoreOptions { TableName = table, Region = MotoServer.Region, ServiceUrl = moto.Endpoint }, TestAws.DefaultCredentials))
        {
            var config = new TenantConfig(
                tenant, DeliveryType.CloudWatch, Enabled: true, DeliveryWorld.RoleIn(Account), DeliveryWorld.CentralAccount, MotoServer.Region,
                DesiredLogsFilter.All, group, BucketName: null, TenantConfig.DefaultBucketPrefix);
            await store.PutItemAsync(TenantItemWriter.Write(config), CancellationToken.None);
        }

        var settings = AwsProfileTestSettings.For(proxy.Endpoint, chain.QueueUrl, chain.DeadLetterQueueUrl, table);
        settings["LogGrains:Logging:Format"] = "text";
        settings["LogGrains:Poller:RetryBackoffBase"] = "00:00:01";
        settings["LogGrains:Poller:RetryBackoffMax"] = "00:00:02";
        settings["LogGrains:Shutdown:GracePeriod"] = "00:00:05";

        // The stream's state is the subject here; moto's transactions copy the usage table per item, which would make
        // 5,000 objects' usage records cost minutes (docs/USAGE.md "Switching it off").
        settings["LogGrains:Usage:Enabled"] = "false";
        return settings;
    }

    private static async Task<WebApplication> StartSiloAsync(Dictionary<string, string?> settings, WarningLog warnings)
    {
        var app = SiloApp.Build([], builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.Configuration[key] = value;
            }

            builder.Configuration["LogGrains:Cluster:SiloPort"] = Testing.LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
            builder.Configuration["LogGrains:Cluster:GatewayPort"] = Testing.LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
            builder.Configuration["LogGrains:Web:Port"] = Testing.LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
            builder.Logging.AddProvider(warnings);
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// Uploads the files to a staging bucket of their own, a few at a time. The bucket announces nothing: the test
    /// sends the S3 events itself, ten to a batch, which spares moto an SNS fan-out per object (the S3 → SNS → SQS
    /// chain is the delivery tests' subject, not this one's).
    /// </summary>
    private async Task<string> UploadAsync(IReadOnlyList<StagedFile> files)
    {
        using var s3 = TestAws.S3(moto.Endpoint);
        var bucket = MotoServer.UniqueName("busy-staging");
        await s3.PutBucketAsync(bucket);
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (file, token) =>
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = file.Key, InputStream = new MemoryStream(file.Content) }, token));
        return bucket;
    }

    /// <summary>
    /// Sends each file's S3 event straight into the queue, as S3 would (again, for duplicates), in waves that keep at
    /// most <see cref="QueueDepth"/> messages queued: moto's SQS scans the whole queue on every call, so thousands of
    /// queued messages would make each call take seconds and measure moto instead of the stream.
    /// </summary>
    private async Task NotifyAsync(StagingChain chain, string bucket, List<StagedFile> files)
    {
        using var sqs = TestAws.Sqs(moto.Endpoint);
        for (var sent = 0; sent < files.Count;)
        {
            var attributes = await sqs.GetQueueAttributesAsync(chain.QueueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
            var room = QueueDepth - (attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible);
            if (room < 10)
            {
                await Task.Delay(200);
                continue;
            }

            foreach (var chunk in files.Skip(sent).Take(room - (room % 10)).Chunk(10))
            {
                await SendAsync(sqs, chain.QueueUrl, bucket, chunk);
                sent += chunk.Length;
            }
        }
    }

    private static async Task SendAsync(Amazon.SQS.AmazonSQSClient sqs, string queueUrl, string bucket, StagedFile[] chunk)
    {
        var entries = chunk.Select((file, i) => new SendMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), S3Event(bucket, file))).ToList();
        var result = await sqs.SendMessageBatchAsync(queueUrl, entries);
        Assert.True(result.Failed is not { Count: > 0 }, "SendMessageBatch failed for some notifications");
    }

    private static string S3Event(string bucket, StagedFile file) => System.Text.Json.JsonSerializer.Serialize(new
    {
        Records = new[]
        {
            new
            {
                eventVersion = "2.1",
                eventSource = "aws:s3",
                awsRegion = MotoServer.Region,
                eventTime = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                eventName = "ObjectCreated:Put",
                s3 = new
                {
                    bucket = new { name = bucket },
                    @object = new { key = Uri.EscapeDataString(file.Key).Replace("%2F", "/", StringComparison.Ordinal), size = file.Content.Length, sequencer = "00AB" },
                },
            },
        },
    });

    /// <summary>Waits until the silo deleted at least <paramref name="count"/> messages and the queue holds nothing, visible or in flight.</summary>
    private async Task WaitUntilDeletedAsync(WebApplication app, StagingChain chain, int count)
    {
        var poller = app.Services.GetRequiredService<NotificationPoller>();
        using var sqs = TestAws.Sqs(moto.Endpoint);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(8);
        while (true)
        {
            var attributes = await sqs.GetQueueAttributesAsync(chain.QueueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
            if (poller.Counters.DeletedCount >= count && attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible == 0)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"{poller.Counters.DeletedCount} of {count} messages deleted; {attributes.ApproximateNumberOfMessages} visible, "
                    + $"{attributes.ApproximateNumberOfMessagesNotVisible} in flight, {poller.Counters.RetriedCount} retried, {poller.Counters.DeadLetteredCount} dead-lettered.");
            }

            await Task.Delay(500);
        }

        Assert.Equal(0, poller.Counters.DeadLetteredCount);
    }

    /// <summary>The largest item in either table, by DynamoDB's size rule (attribute names plus values).</summary>
    private async Task<(long Bytes, string Table)> LargestItemAsync(params string[] tables)
    {
        using var dynamo = TestAws.DynamoDb(moto.Endpoint);
        (long Bytes, string Table) largest = (0, "");
        foreach (var table in tables)
        {
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await dynamo.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start });
                foreach (var item in page.Items ?? [])
                {
                    var size = item.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + ValueSize(a.Value));
                    largest = size > largest.Bytes ? (size, table) : largest;
                }

                start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            }
            while (start is not null);
        }

        return largest;
    }

    /// <summary>The <c>object</c> numbers of the generated events in a PutLogEvents body.</summary>
    private static IEnumerable<string> ObjectNumbers(string body) =>
        System.Text.RegularExpressions.Regex.Matches(body, @"\\""object\\"":(\d+)").Select(m => m.Groups[1].Value).Distinct();

    private static long ValueSize(AttributeValue value) =>
        value.S is { } s ? Encoding.UTF8.GetByteCount(s)
        : value.N is { } n ? n.Length
        : value.B is { } b ? b.Length
        : 1;
}
