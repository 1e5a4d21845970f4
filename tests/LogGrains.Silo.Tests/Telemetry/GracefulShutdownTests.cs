using System.Diagnostics;
using System.Globalization;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using LogGrains.Aws.Tenants;
using LogGrains.Core.Tenants;
using LogGrains.Grains.Polling;
using LogGrains.Silo.Hosting;
using LogGrains.Testing;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LogGrains.Silo.Tests.Telemetry;

/// <summary>
/// Stopping a silo (SIGTERM) in the middle of a delivery, over the wire: moto behind the fault proxy, whose latency on
/// PutLogEvents keeps the delivery in flight while the host stops. The AWS profile with DynamoDB grain storage, so
/// checkpoints outlive the silo.
/// </summary>
[Collection(MotoTests.Collection)]
public sealed class GracefulShutdownTests(MotoServer moto, ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Stop_during_a_delivery_that_ends_within_the_grace_period_deletes_the_message_after_delivering_once()
    {
        await using var world = await World.CreateAsync(moto, "999999999901");
        var latency = world.Proxy.Inject(FaultRule.FirstN("logs", "PutLogEvents", new FaultAction.Delay(TimeSpan.FromSeconds(4)), 1));
        var app = await world.StartSiloAsync(grace: TimeSpan.FromSeconds(30));
        var file = await world.UploadAsync(VectorTestFile.Create(world.Tenant, "api", 2_000));
        await WaitUntilAsync(() => Task.FromResult(latency.Fired == 1), "a PutLogEvents request to be in flight");

        var stopping = Stopwatch.StartNew();
        await app.StopAsync();
        output.WriteLine($"stop with a delivery in flight (4 s of latency left at most, grace 30 s) took {stopping.Elapsed.TotalSeconds:0.0} s");

        // The chain's s3:TestEvent is deleted as well, hence "at least one".
        var poller = app.Services.GetRequiredService<NotificationPoller>();
        Assert.Equal(0, poller.Counters.ReleasedCount);
        Assert.True(poller.Counters.DeletedCount >= 1);
        Assert.Equal(0, await world.QueuedAsync());
        await world.AssertDeliveredOnceAsync(file);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Stop_with_a_delivery_longer_than_the_grace_period_releases_its_message_and_the_next_silo_delivers_it_once()
    {
        await using var world = await World.CreateAsync(moto, "999999999902");
        var slow = TimeSpan.FromSeconds(12);
        var latency = world.Proxy.Inject(FaultRule.FirstN("logs", "PutLogEvents", new FaultAction.Delay(slow), 1));
        var first = await world.StartSiloAsync(grace: TimeSpan.FromSeconds(1));
        var file = await world.UploadAsync(VectorTestFile.Create(world.Tenant, "api", 2_000));
        await WaitUntilAsync(() => Task.FromResult(latency.Fired == 1), "a PutLogEvents request to be in flight");
        var inFlightSince = Stopwatch.StartNew();

        var stopping = Stopwatch.StartNew();
        await first.StopAsync();
        var stopped = stopping.Elapsed;
        var again = await world.ReceiveVisibleAsync();
        output.WriteLine($"stop with a {slow.TotalSeconds} s PutLogEvents in flight and a 1 s grace took {stopped.TotalSeconds:0.0} s; the message was received again {stopping.Elapsed.TotalSeconds - stopped.TotalSeconds:0.00} s after stop returned");

        Assert.NotNull(again);
        Assert.Equal("2", again.Attributes["ApproximateReceiveCount"]);
        Assert.Equal(1, first.Services.GetRequiredService<NotificationPoller>().Counters.ReleasedCount);
        await first.DisposeAsync();
        world.Proxy.ClearFaults();

        var second = await world.StartSiloAsync(grace: TimeSpan.FromSeconds(30));
        await WaitUntilAsync(async () => await world.QueuedAsync() == 0, "the second silo to settle the released message");
        await second.StopAsync();
        Assert.Equal(1, second.Services.GetRequiredService<NotificationPoller>().Counters.DeletedCount);
        await second.DisposeAsync();

        // Had the first silo's request gone on in the background, it would reach moto once its latency is over.
        while (inFlightSince.Elapsed < slow + TimeSpan.FromSeconds(2))
        {
            await Task.Delay(250);
        }

        await world.AssertDeliveredOnceAsync(file);
    }

    [Fact]
    public async Task Stop_releases_the_messages_waiting_for_their_turn_at_once_and_the_next_silo_delivers_them_once()
    {
        await using var world = await World.CreateAsync(moto, "999999999903");
        var latency = world.Proxy.Inject(FaultRule.FirstN("logs", "PutLogEvents", new FaultAction.Delay(TimeSpan.FromSeconds(15)), 1));

        // One delivery slot: the first object is in delivery (its PutLogEvents held up), the other two wait for their turn.
        var first = await world.StartSiloAsync(grace: TimeSpan.FromSeconds(60), ("LogGrains:Poller:MaxInFlight", "1"));
        var poller = first.Services.GetRequiredService<NotificationPoller>();
        var files = new List<VectorTestFile>();
        foreach (var application in new[] { "api", "web", "worker" })
        {
            files.Add(await world.UploadAsync(VectorTestFile.Create(world.Tenant, application, 500)));
        }

        await WaitUntilAsync(() => Task.FromResult(latency.Fired == 1 && poller.HeldCount == 2), "one object in delivery and two waiting");
        Assert.Equal(1, poller.DeliveringCount);

        var stopping = first.StopAsync();

        // The poller releases the two one after the other; a receive between them would see only the first.
        await WaitUntilAsync(() => Task.FromResult(poller.Counters.ReleasedCount == 2), "both waiting messages to be released");
        var released = await world.ReceiveVisibleAsync(10);

        // Both waiting messages are visible again while the stop still waits for the delivery in flight (grace 60 s).
        Assert.Equal(2, released.Count);
        Assert.False(stopping.IsCompleted, "the stop should still be waiting for the delivery in flight");
        Assert.All(released, m => Assert.Equal("2", m.Attributes["ApproximateReceiveCount"]));
        await stopping;
        Assert.Equal(2, poller.Counters.ReleasedCount);
        Assert.True(poller.Counters.DeletedCount >= 1, "the delivery in flight finishes within the grace period and deletes its message");
        await first.DisposeAsync();
        world.Proxy.ClearFaults();

        var second = await world.StartSiloAsync(grace: TimeSpan.FromSeconds(30));
        await WaitUntilAsync(async () => await world.QueuedAsync() == 0, "the second silo to settle the released messages");
        await second.StopAsync();
        Assert.Equal(2, second.Services.GetRequiredService<NotificationPoller>().Counters.DeletedCount);
        await second.DisposeAsync();
        await world.AssertDeliveredOnceAsync(files);
    }

    [Fact]
    public async Task Held_messages_stay_hidden_past_their_visibility_timeout_through_batched_heartbeats()
    {
        await using var world = await World.CreateAsync(moto, "999999999904");
        var slow = TimeSpan.FromSeconds(14);
        var latency = world.Proxy.Inject(FaultRule.FirstN("logs", "PutLogEvents", new FaultAction.Delay(slow), 1));

        // One delivery slot and a 5 s visibility: the first object's request is held up for almost three visibility
        // timeouts, the others wait for their turn, and only the heartbeat keeps all of them from reappearing.
        var app = await world.StartSiloAsync(
            grace: TimeSpan.FromSeconds(30),
            ("LogGrains:Poller:MaxInFlight", "1"),
            ("LogGrains:Poller:VisibilityTimeout", "00:00:05"),
            ("LogGrains:Poller:HeartbeatInterval", "00:00:02"));
        var poller = app.Services.GetRequiredService<NotificationPoller>();
        var files = new List<VectorTestFile>();
        for (var i = 0; i < 12; i++)
        {
            files.Add(await world.UploadAsync(VectorTestFile.Create(world.Tenant, $"app-{i}", 50)));
        }

        await WaitUntilAsync(() => Task.FromResult(latency.Fired == 1 && poller.HeldCount == 11), "one object in delivery and eleven waiting");
        var held = Stopwatch.StartNew();
        while (held.Elapsed < slow - TimeSpan.FromSeconds(3))
        {
            var visible = await world.ReceiveVisibleAsync(10);
            Assert.True(visible.Count == 0, $"{visible.Count} held messages became visible {held.Elapsed.TotalSeconds:0.0} s into the hold");
        }

        await WaitUntilAsync(async () => await world.QueuedAsync() == 0, "the silo to settle all twelve messages");
        await app.StopAsync();
        Assert.Equal(0, poller.Counters.RetriedCount);
        Assert.Equal(0, poller.Counters.ReleasedCount);
        await world.AssertDeliveredOnceAsync(files);

        var heartbeats = world.Proxy.Requests.Where(r => r.Info.Operation == "ChangeMessageVisibilityBatch").ToList();
        var extensions = heartbeats.Sum(r => System.Text.Json.JsonDocument.Parse(r.BodyText).RootElement.GetProperty("Entries").GetArrayLength());
        output.WriteLine($"{extensions} visibility extensions of 12 messages in {heartbeats.Count} ChangeMessageVisibilityBatch calls");
        Assert.DoesNotContain(world.Proxy.Requests, r => r.Info.Operation == "ChangeMessageVisibility");
        Assert.True(extensions >= 12, $"{extensions} extensions: every held message is extended at least once in {slow.TotalSeconds} s");
        Assert.True(heartbeats.Count * 2 <= extensions, $"{heartbeats.Count} calls for {extensions} extensions: messages due together share a call");
        await app.DisposeAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {Bound.TotalSeconds} s waiting for {what}.");
            await Task.Delay(200);
        }
    }

    /// <summary>The staging chain, tenant table and cluster tables one test shares between its silos.</summary>
    private sealed class World : IAsyncDisposable
    {
        private readonly MotoServer _moto;
        private readonly StagingChain _chain;
        private readonly Dictionary<string, string?> _settings;

        private World(MotoServer moto, AwsFaultProxy proxy, StagingChain chain, string account, string tenant, Dictionary<string, string?> settings)
        {
            _moto = moto;
            Proxy = proxy;
            _chain = chain;
            Account = account;
            Tenant = tenant;
            _settings = settings;
        }

        public AwsFaultProxy Proxy { get; }

        public string Account { get; }

        public string Tenant { get; }

        public string Group => $"/loggrains/{Tenant}";

        public static async Task<World> CreateAsync(MotoServer moto, string account)
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
            var proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
            var chain = await StagingChain.CreateAsync(moto.Endpoint, maxReceiveCount: 20);
            var table = MotoServer.UniqueName("tenants");
            var tenant = MotoServer.UniqueName("stop");
            using (var dynamo = TestAws.DynamoDb(moto.Endpoint))
            {
                await DynamoDbTenantStore.CreateTableAsync(dynamo, table, TenantTableShape.TenantIdAndType, CancellationToken.None);
            }

            using (var store = new DynamoDbTenantStore(new DynamoDbTenantStoreOptions { TableName = table, Region = MotoServer.Region, ServiceUrl = moto.Endpoint }, TestAws.DefaultCredentials))
            {
                var config = new TenantConfig(
                    tenant, DeliveryType.CloudWatch, Enabled: true, $"arn:aws:iam::{account}:role/customer-log-writer", "123456789012", MotoServer.Region,
                    DesiredLogsFilter.All, $"/loggrains/{tenant}", BucketName: null, TenantConfig.DefaultBucketPrefix);
                await store.PutItemAsync(TenantItemWriter.Write(config), CancellationToken.None);
            }

            var settings = AwsProfileTestSettings.For(proxy.Endpoint, chain.QueueUrl, chain.DeadLetterQueueUrl, table);
            settings["LogGrains:Logging:Format"] = "text";
            return new World(moto, proxy, chain, account, tenant, settings);
        }

        public async Task<Microsoft.AspNetCore.Builder.WebApplication> StartSiloAsync(TimeSpan grace, params (string Key, string Value)[] extra)
        {
            var app = SiloApp.Build([], builder =>
            {
                foreach (var (key, value) in _settings)
                {
                    builder.Configuration[key] = value;
                }

                builder.Configuration["LogGrains:Shutdown:GracePeriod"] = grace.ToString("c", CultureInfo.InvariantCulture);
                builder.Configuration["LogGrains:Cluster:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
                builder.Configuration["LogGrains:Cluster:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
                builder.Configuration["LogGrains:Web:Port"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
                foreach (var (key, value) in extra)
                {
                    builder.Configuration[key] = value;
                }
            });
            await app.StartAsync();
            return app;
        }

        public async Task<VectorTestFile> UploadAsync(VectorTestFile file)
        {
            using var s3 = TestAws.S3(_moto.Endpoint);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = _chain.Bucket, Key = file.Key, InputStream = new MemoryStream(file.Content) });
            return file;
        }

        /// <summary>Messages in the work queue, visible or in flight.</summary>
        public async Task<int> QueuedAsync()
        {
            using var sqs = TestAws.Sqs(_moto.Endpoint);
            return await TestAws.QueueDepthAsync(sqs, _chain.QueueUrl);
        }

        /// <summary>Receives up to <paramref name="max"/> visible messages in one call and leaves them visible (visibility 0).</summary>
        public async Task<List<Message>> ReceiveVisibleAsync(int max)
        {
            using var sqs = TestAws.Sqs(_moto.Endpoint);
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = _chain.QueueUrl,
                MaxNumberOfMessages = max,
                WaitTimeSeconds = 2,
                VisibilityTimeout = 0,
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            });
            return received.Messages ?? [];
        }

        /// <summary>Receives a visible message and leaves it visible (visibility 0), or null after a 2 s long poll.</summary>
        public async Task<Message?> ReceiveVisibleAsync()
        {
            using var sqs = TestAws.Sqs(_moto.Endpoint);
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = _chain.QueueUrl,
                MaxNumberOfMessages = 1,
                WaitTimeSeconds = 2,
                VisibilityTimeout = 0,
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            });
            return received.Messages is { Count: > 0 } messages ? messages[0] : null;
        }

        public async Task AssertDeliveredOnceAsync(VectorTestFile file)
        {
            var logs = await MotoLogs.ReadAccountAsync(_moto.Endpoint, Account);
            var events = logs.Where(l => l.Key.Group == Group).SelectMany(l => l.Value).ToList();
            Assert.True(events.Count == file.Events.Count, $"{events.Count} events in {Group}, expected {file.Events.Count} exactly once");
            Assert.Equal(VectorTestFile.Hash(file.Events), VectorTestFile.Hash(events));
            Proxy.AssertNoLimitViolations();
        }

        public async Task AssertDeliveredOnceAsync(IReadOnlyList<VectorTestFile> files)
        {
            var logs = await MotoLogs.ReadAccountAsync(_moto.Endpoint, Account);
            var events = logs.Where(l => l.Key.Group == Group).SelectMany(l => l.Value).ToList();
            var expected = files.SelectMany(f => f.Events).ToList();
            Assert.True(events.Count == expected.Count, $"{events.Count} events in {Group}, expected {expected.Count} exactly once");
            Assert.Equal(expected.OrderBy(e => e.Timestamp).ThenBy(e => e.Message, StringComparer.Ordinal), events.OrderBy(e => e.Timestamp).ThenBy(e => e.Message, StringComparer.Ordinal));
            Proxy.AssertNoLimitViolations();
        }

        public async ValueTask DisposeAsync() => await Proxy.DisposeAsync();
    }
}
