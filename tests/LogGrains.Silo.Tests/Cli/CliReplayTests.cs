using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.S3.Model;
using LogGrains.Core.Keys;
using LogGrains.Core.Tenants;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;
using Xunit.Abstractions;

namespace LogGrains.Silo.Tests.Cli;

[Collection(MotoTests.Collection)]
public sealed class CliReplayTests(MotoServer moto, ReplayWorld world, ITestOutputHelper output) : IClassFixture<ReplayWorld>
{
    [Fact]
    public async Task Replay_delivers_every_object_of_every_listing_page_exactly_once_and_a_second_replay_adds_nothing()
    {
        await world.EnsureAsync(moto);

        var clock = Stopwatch.StartNew();
        var first = await ReplayAsync("--parallelism", "256");
        var firstSeconds = clock.Elapsed.TotalSeconds;

        Assert.True(first.Exit == 0, first.ToString());
        using (var summary = JsonDocument.Parse(first.Out))
        {
            var s = summary.RootElement;
            Assert.Equal(3, s.GetProperty("pages").GetInt64());
            Assert.Equal(ReplayWorld.Objects + ReplayWorld.MalformedKeys.Length, s.GetProperty("listed").GetInt64());
            Assert.Equal(ReplayWorld.MalformedKeys.Length, s.GetProperty("rejected").GetInt64());
            Assert.Equal(ReplayWorld.Objects, s.GetProperty("delivered").GetInt64());
            Assert.Equal(0, s.GetProperty("duplicates").GetInt64());
            Assert.Equal(0, s.GetProperty("failed").GetInt64());
            Assert.Equal(ReplayWorld.Objects * ReplayWorld.EventsPerObject, s.GetProperty("events").GetInt64());
            Assert.Equal(
                ReplayWorld.MalformedKeys.Order(StringComparer.Ordinal),
                s.GetProperty("rejections").EnumerateArray().Select(r => r.GetProperty("key").GetString()!).Order(StringComparer.Ordinal));
        }

        await AssertEveryMessageExactlyOnceAsync();

        clock.Restart();
        var second = await ReplayAsync("--parallelism", "256");
        var secondSeconds = clock.Elapsed.TotalSeconds;

        Assert.True(second.Exit == 0, second.ToString());
        using (var summary = JsonDocument.Parse(second.Out))
        {
            var s = summary.RootElement;
            Assert.Equal(0, s.GetProperty("delivered").GetInt64());
            Assert.Equal(ReplayWorld.Objects, s.GetProperty("duplicates").GetInt64());
            Assert.Equal(0, s.GetProperty("events").GetInt64());
        }

        await AssertEveryMessageExactlyOnceAsync();
        output.WriteLine($"replay of {ReplayWorld.Objects} objects (3 pages): first {firstSeconds:0.0} s, second {secondSeconds:0.0} s");
    }

    [Fact]
    public async Task Replay_dry_run_lists_every_page_and_delivers_nothing()
    {
        await world.EnsureAsync(moto);
        var before = await CountEventsAsync();

        var result = await CliRun.RunAsync(world.CliSettings, "replay", "--bucket", world.Bucket, "--prefix", "", "--dry-run", "--json");

        Assert.True(result.Exit == 0, result.ToString());
        using var summary = JsonDocument.Parse(result.Out);
        var s = summary.RootElement;
        Assert.Equal(3, s.GetProperty("pages").GetInt64());
        Assert.Equal(ReplayWorld.Objects + ReplayWorld.MalformedKeys.Length, s.GetProperty("listed").GetInt64());
        Assert.Equal(ReplayWorld.Objects, s.GetProperty("toDeliver").GetInt64());
        Assert.Equal(ReplayWorld.Objects / 2, s.GetProperty("perTenant").GetProperty("replay-a").GetInt64());
        Assert.Equal(0, s.GetProperty("delivered").GetInt64());
        Assert.Equal(0, s.GetProperty("duplicates").GetInt64());
        Assert.Equal(before, await CountEventsAsync());

        var table = await CliRun.RunAsync(world.CliSettings, "replay", "--bucket", world.Bucket, "--prefix", "replay-b/", "--dry-run");
        Assert.True(table.Exit == 0, table.ToString());
        Assert.Contains("listed 1250, matched 1250, delivered 0", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_counts_objects_outside_the_time_window_without_delivering_them()
    {
        await world.EnsureAsync(moto);

        var result = await CliRun.RunAsync(world.CliSettings, "replay", "--bucket", world.Bucket, "--prefix", "", "--since", "1d", "--until", "2d", "--json");

        Assert.Equal(2, result.Exit);
        var future = await CliRun.RunAsync(world.CliSettings, "replay", "--bucket", world.Bucket, "--prefix", "", "--since", DateTimeOffset.UtcNow.AddHours(1).ToString("O"), "--dry-run", "--json");
        Assert.True(future.Exit == 0, future.ToString());
        using var summary = JsonDocument.Parse(future.Out);
        Assert.Equal(0, summary.RootElement.GetProperty("matched").GetInt64());
        Assert.Equal(ReplayWorld.Objects + ReplayWorld.MalformedKeys.Length, summary.RootElement.GetProperty("outsideWindow").GetInt64());
    }

    [Fact]
    public async Task Replay_puts_an_object_into_the_stream_its_notification_chose_when_eventTime_and_LastModified_fall_on_different_days()
    {
        await world.EnsureAsync(moto);
        var account = Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(CultureInfo.InvariantCulture);
        var tenant = "replay-midnight";
        var put = await CliRun.RunWithInputAsync(world.CliSettings, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["tenant_id"] = tenant,
            ["type"] = "cloudwatch",
            ["log_distribution_role_arn"] = $"arn:aws:iam::{account}:role/customer-log-writer",
            ["log_group_name"] = "/rosa/" + tenant,
        }), null, "tenants", "put", "-");
        Assert.True(put.Exit == 0, put.ToString());

        // The collector named the object two seconds before midnight UTC and S3 announced it a second before; moto's
        // LastModified is now, the next day or later. Before the rule, the notification chose yesterday's stream and
        // the replay today's, and delivered the object a second time there.
        var midnight = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        var ts = midnight.AddSeconds(-2);
        var eventTime = midnight.AddSeconds(-1);
        var bucket = MotoServer.UniqueName("midnight");
        var key = $"{tenant}/cluster-1/payments/payments-0/{ts.ToUnixTimeSeconds()}-{Guid.NewGuid():N}.json.gz";
        var messages = new[] { "{\"at\":\"23:59:58\",\"n\":1}", "{\"at\":\"23:59:58\",\"n\":2}" };
        var content = ReplayWorld.VectorFile(messages, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());
        using (var s3 = TestAws.S3(moto.Endpoint))
        {
            await s3.PutBucketAsync(bucket);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(content) });
            var lastModified = (await s3.GetObjectMetadataAsync(bucket, key)).LastModified!.Value.ToUniversalTime();
            Assert.NotEqual(eventTime.UtcDateTime.Date, lastModified.Date);
        }

        using (var sqs = TestAws.Sqs(moto.Endpoint))
        {
            var record = new
            {
                eventVersion = "2.1",
                eventSource = "aws:s3",
                awsRegion = MotoServer.Region,
                eventTime = eventTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                eventName = "ObjectCreated:Put",
                s3 = new { bucket = new { name = bucket }, @object = new { key, size = content.Length, sequencer = "00AB" } },
            };
            await sqs.SendMessageAsync(world.CliSettings["LogGrains:Sqs:QueueUrl"], JsonSerializer.Serialize(new { Records = new[] { record } }));
        }

        var notified = await WaitForEventsAsync(account, messages.Length);
        Assert.True(KeyLayout.Default.TryParse(key, out var parsed, out _));
        Assert.True(StreamNameTemplate.Default.TryFormat(parsed, ObjectEventTime.Of(parsed, eventTime), out var expected, out _));
        Assert.Equal(("/rosa/" + tenant, expected), Assert.Single(notified.Keys));
        Assert.EndsWith(ts.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), expected, StringComparison.Ordinal);

        var replay = await CliRun.RunAsync(world.CliSettings, "replay", "--bucket", bucket, "--prefix", "", "--json");

        Assert.True(replay.Exit == 0, replay.ToString());
        using (var summary = JsonDocument.Parse(replay.Out))
        {
            Assert.Equal(0, summary.RootElement.GetProperty("delivered").GetInt64());
            Assert.Equal(1, summary.RootElement.GetProperty("duplicates").GetInt64());
        }

        var after = await MotoLogs.ReadAccountAsync(world.Moto, account);
        var stream = Assert.Single(after);
        Assert.Equal(("/rosa/" + tenant, expected), stream.Key);
        Assert.Equal(messages.Order(StringComparer.Ordinal), stream.Value.Select(e => e.Message).Order(StringComparer.Ordinal));
    }

    private async Task<IReadOnlyDictionary<(string Group, string Stream), IReadOnlyList<(long Timestamp, string Message)>>> WaitForEventsAsync(string account, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var logs = await MotoLogs.ReadAccountAsync(world.Moto, account);
            if (logs.Values.Sum(events => events.Count) >= count || DateTime.UtcNow > deadline)
            {
                return logs;
            }

            await Task.Delay(250);
        }
    }

    private Task<CliResult> ReplayAsync(params string[] extra) =>
        CliRun.RunAsync(world.CliSettings, ["replay", "--bucket", world.Bucket, "--prefix", "", "--json", .. extra]);

    private async Task AssertEveryMessageExactlyOnceAsync()
    {
        foreach (var (account, expected) in world.ExpectedMessages)
        {
            var logs = await MotoLogs.ReadAccountAsync(world.Moto, account);
            var actual = logs.Values.SelectMany(events => events).Select(e => e.Message).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected.Order(StringComparer.Ordinal), actual);
        }
    }

    private async Task<long> CountEventsAsync()
    {
        long count = 0;
        foreach (var account in world.ExpectedMessages.Keys)
        {
            var logs = await MotoLogs.ReadAccountAsync(world.Moto, account);
            count += logs.Values.Sum(events => events.Count);
        }

        return count;
    }
}
