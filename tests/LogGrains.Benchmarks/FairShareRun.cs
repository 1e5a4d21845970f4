using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using LogGrains.Aws.Tenants;
using LogGrains.Core.Tenants;
using LogGrains.Testing;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using LogGrains.Testing.Processes;
using LogGrains.Testing.Vector;

namespace LogGrains.Benchmarks;

/// <summary>
/// The fair-share load run (issue 17) on moto behind the fault proxy, with one or more <c>loggrains</c> processes in the
/// aws profile: (1) a noisy tenant's backlog alone; (2) the same backlog for another noisy tenant while a quiet tenant
/// stages one small object a second, whose latency (upload done → its PutLogEvents accepted, seen at the proxy) is
/// measured; (3) two busy tenants of weight 1 and 3 with equal backlogs, whose accepted events are compared while both
/// are busy. Every event of every tenant is then read back from moto and compared (count and SHA-256) with what was staged.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project tests/LogGrains.Benchmarks -- fairshare [noisy objects] [events per object] [busy objects] [silos] [silo dll]</c>.
/// Build the silo first (<c>dotnet build src/LogGrains.Silo -c Release</c>). Each object has its own pod, so its own
/// stream: a log storm over many pods, and deliveries that do not queue behind one another in a stream grain.
/// </remarks>
public static class FairShareRun
{
    private const string Account = "434343434343";
    private const int QuietEvents = 5;
    private static readonly TimeSpan PhaseLimit = TimeSpan.FromMinutes(4);

    public static async Task RunAsync(int noisyObjects, int eventsPerObject, int busyObjects, int silos, string? siloDll)
    {
        var silo = SiloProcess.Find(siloDll);
        if (!File.Exists(silo))
        {
            throw new FileNotFoundException($"{silo} is missing: run 'dotnet build src/LogGrains.Silo -c Release' first.");
        }

        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        using var moto = new MotoServer();
        await moto.InitializeAsync().ConfigureAwait(false);
        await using var proxy = await AwsFaultProxy.StartAsync(moto.Endpoint).ConfigureAwait(false);
        var chain = await StagingChain.CreateAsync(moto.Endpoint, maxReceiveCount: 50).ConfigureAwait(false);
        var table = MotoServer.UniqueName("tenants");
        var weights = new Dictionary<string, int> { ["warm"] = 1, ["noisy-alone"] = 1, ["noisy"] = 1, ["noisy-again"] = 1, ["quiet"] = 1, ["busy-w1"] = 1, ["busy-w3"] = 3 };
        await PutTenantsAsync(moto.Endpoint, table, weights).ConfigureAwait(false);

        Console.WriteLine($"Generating 3 × {noisyObjects} noisy and 2 × {busyObjects} busy objects of {eventsPerObject} events...");
        var start = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds();
        var staged = new Dictionary<string, List<Staged>>(StringComparer.Ordinal);
        List<Staged> Make(string tenant, int count, int events) => staged[tenant] = [.. Enumerable.Range(0, count).Select(i => Staged.Create(tenant, $"pod-{i}", i, events, start))];
        var warm = Make("warm", 16, 200);
        var noisyAlone = Make("noisy-alone", noisyObjects, eventsPerObject);
        var noisy = Make("noisy", noisyObjects, eventsPerObject);
        var noisyAgain = Make("noisy-again", noisyObjects, eventsPerObject);
        var busy1 = Make("busy-w1", busyObjects, eventsPerObject);
        var busy3 = Make("busy-w3", busyObjects, eventsPerObject);
        staged["quiet"] = [];
        Console.WriteLine($"noisy object: {noisy[0].Gzip.Length / 1024.0:F0} KiB gzip, {eventsPerObject} events");

        var common = AwsProfileTestSettings.For(proxy.Endpoint, chain.QueueUrl, chain.DeadLetterQueueUrl, table);
        common["LogGrains:Logging:Format"] = "json";

        // moto's TransactWriteItems copies the whole usage table per item, so usage records would slow the run as the
        // table fills (docs/USAGE.md "Switching it off"); the run measures the order between tenants, not the ledger.
        common["LogGrains:Usage:Enabled"] = "false";
        // The tests' 1 s long poll (not the production 20 s), so that a held-back receive (see Backlog) ends within a second.
        var processes = new List<(Process Process, Uri Web)>();
        try
        {
            for (var i = 0; i < silos; i++)
            {
                var settings = new Dictionary<string, string?>(common)
                {
                    ["LogGrains:Cluster:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
                    ["LogGrains:Cluster:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
                    ["LogGrains:Web:Port"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
                };
                processes.Add((SiloProcess.Start(silo, settings), new Uri($"http://127.0.0.1:{settings["LogGrains:Web:Port"]}")));
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var (process, web) in processes)
            {
                await WaitAsync(async () => await SiloProcess.AnswersOkAsync(http, new Uri(web, "/readyz")).ConfigureAwait(false), "a silo to become ready", process).ConfigureAwait(false);
            }

            using var watch = new AcceptedWatch(proxy);
            var main = processes[0].Process;
            await UploadAsync(moto.Endpoint, chain.Bucket, warm).ConfigureAwait(false);
            await watch.WaitForAsync("warm", warm.Sum(o => o.Events.Count), main).ConfigureAwait(false);
            Console.WriteLine($"{silos} silo(s) warm; measuring");

            // (1) The noisy backlog alone.
            await BacklogAsync(proxy, moto.Endpoint, chain.Bucket, noisyAlone).ConfigureAwait(false);
            var alone = Stopwatch.StartNew();
            await watch.WaitForAsync("noisy-alone", noisyAlone.Sum(o => o.Events.Count), main).ConfigureAwait(false);
            var aloneTime = alone.Elapsed;
            Console.WriteLine($"(1) noisy backlog alone: {noisyObjects} objects, {noisyAlone.Sum(o => o.Events.Count):N0} events in {aloneTime.TotalSeconds:F1} s");

            // (2) The same backlog while the quiet tenant stages one small object a second.
            await BacklogAsync(proxy, moto.Endpoint, chain.Bucket, noisy).ConfigureAwait(false);
            using var stopQuiet = new CancellationTokenSource();
            var latencies = new List<double>();
            var shared = Stopwatch.StartNew();
            var quietLoop = QuietAsync(moto.Endpoint, chain.Bucket, watch, staged["quiet"], latencies, start, stopQuiet.Token);
            await watch.WaitForAsync("noisy", noisy.Sum(o => o.Events.Count), main).ConfigureAwait(false);
            var sharedTime = shared.Elapsed;
            await stopQuiet.CancelAsync().ConfigureAwait(false);
            await quietLoop.ConfigureAwait(false);
            await watch.WaitForAsync("quiet", staged["quiet"].Sum(o => o.Events.Count), main).ConfigureAwait(false);
            lock (latencies)
            {
                latencies.Sort();
            }

            await BacklogAsync(proxy, moto.Endpoint, chain.Bucket, noisyAgain).ConfigureAwait(false);
            var again = Stopwatch.StartNew();
            await watch.WaitForAsync("noisy-again", noisyAgain.Sum(o => o.Events.Count), main).ConfigureAwait(false);
            var againTime = again.Elapsed;
            var baseline = (aloneTime + againTime) / 2;
            Console.WriteLine($"(1') the same backlog alone again (another tenant), after (2): {againTime.TotalSeconds:F1} s");
            Console.WriteLine($"(2) noisy backlog with the quiet tenant: {sharedTime.TotalSeconds:F1} s ({(sharedTime / baseline - 1) * 100:+0.0;-0.0} % against the mean of (1) and (1'))");
            Console.WriteLine($"    quiet: {latencies.Count} objects staged during the drain; latency upload → accepted: p50 {Percentile(latencies, 0.5):F2} s, p99 {Percentile(latencies, 0.99):F2} s, max {latencies[^1]:F2} s");

            // The silos' own view of the wait: the poller's histogram, summed over silos.
            foreach (var (_, web) in processes)
            {
                var metrics = await http.GetStringAsync(new Uri(web, "/metrics")).ConfigureAwait(false);
                foreach (var line in metrics.Split('\n').Where(l => l.StartsWith("loggrains_poller_wait_seconds_", StringComparison.Ordinal) && !l.Contains("_bucket", StringComparison.Ordinal) && (l.Contains("\"noisy\"", StringComparison.Ordinal) || l.Contains("\"quiet\"", StringComparison.Ordinal))))
                {
                    Console.WriteLine($"    {web.Port}: {line}");
                }
            }

            // (3) Two busy tenants, weights 1 and 3, equal backlogs staged together.
            await BacklogAsync(proxy, moto.Endpoint, chain.Bucket, busy1.Zip(busy3).SelectMany(p => new[] { p.First, p.Second })).ConfigureAwait(false);
            var busy = Stopwatch.StartNew();

            // The split is read between the moment a quarter of both backlogs is accepted (the first receives start both
            // tenants' objects in arrival order, before any slot is contended) and the moment the first tenant finishes.
            var busyEvents = busy1.Sum(o => o.Events.Count) + busy3.Sum(o => o.Events.Count);
            await WaitAsync(() => Task.FromResult(watch.Accepted("busy-w1") + watch.Accepted("busy-w3") >= busyEvents / 4), "a quarter of the busy backlogs", main).ConfigureAwait(false);
            var (q1, q3, qAt) = (watch.Accepted("busy-w1"), watch.Accepted("busy-w3"), busy.Elapsed);
            foreach (var (_, web) in processes)
            {
                var metrics = await http.GetStringAsync(new Uri(web, "/metrics")).ConfigureAwait(false);
                var gauges = metrics.Split('\n').Where(l => (l.StartsWith("loggrains_poller_held{", StringComparison.Ordinal) || l.StartsWith("loggrains_poller_delivering{", StringComparison.Ordinal)) && l.Contains("busy-", StringComparison.Ordinal));
                Console.WriteLine($"    at a quarter, silo {web.Port}: {string.Join("; ", gauges.Select(g => g.Replace("otel_scope_name=\"LogGrains\",", "", StringComparison.Ordinal)))}");
            }
            await WaitAsync(() => Task.FromResult(watch.Accepted("busy-w3") >= busy3.Sum(o => o.Events.Count) || watch.Accepted("busy-w1") >= busy1.Sum(o => o.Events.Count)), "one busy tenant to finish", main).ConfigureAwait(false);
            var (w1, w3, at) = (watch.Accepted("busy-w1"), watch.Accepted("busy-w3"), busy.Elapsed);
            await watch.WaitForAsync("busy-w1", busy1.Sum(o => o.Events.Count), main).ConfigureAwait(false);
            Console.WriteLine($"(3) weights 1 : 3, {busyObjects} objects each: when the first finished ({at.TotalSeconds:F1} s) weight 1 had {w1:N0} events, weight 3 {w3:N0}: {(double)w3 / Math.Max(1, w1):F2} ×; all done in {busy.Elapsed.TotalSeconds:F1} s");
            var span = (at - qAt).TotalSeconds;
            Console.WriteLine($"    contended, from {qAt.TotalSeconds:F1} s to {at.TotalSeconds:F1} s: weight 1 {(w1 - q1) / span:F0} events/s, weight 3 {(w3 - q3) / span:F0} events/s: {(double)(w3 - q3) / Math.Max(1, w1 - q1):F2} ×");

            // Exactly once: every staged event of every tenant, read back from moto.
            var logs = await MotoLogs.ReadAccountAsync(moto.Endpoint, Account).ConfigureAwait(false);
            foreach (var (tenant, objects) in staged)
            {
                var expected = objects.SelectMany(o => o.Events).ToList();
                var actual = logs.Where(l => l.Key.Group == $"/loggrains/{tenant}").SelectMany(l => l.Value).ToList();
                var same = actual.Count == expected.Count && Hash(actual) == Hash(expected);
                Console.WriteLine($"    exactly once {tenant,-12}: {actual.Count,9:N0} events in CloudWatch, {expected.Count,9:N0} staged, SHA-256 {(same ? "equal" : "DIFFERENT")}");
            }

            proxy.AssertNoLimitViolations();
            Console.WriteLine($"    PutLogEvents limit violations at the proxy: none; dead letters: {await QueuedAsync(moto.Endpoint, chain.DeadLetterQueueUrl).ConfigureAwait(false)}");
        }
        finally
        {
            foreach (var (process, _) in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task QuietAsync(Uri moto, string bucket, AcceptedWatch watch, List<Staged> quiet, List<double> latencies, long start, CancellationToken stop)
    {
        using var s3 = TestAws.S3(moto);
        var pending = new List<Task>();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var next = Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            var item = Staged.Create("quiet", "quiet-api-0", i, QuietEvents, start);
            quiet.Add(item);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = item.Key, InputStream = new MemoryStream(item.Gzip) }, CancellationToken.None).ConfigureAwait(false);
            var uploaded = Stopwatch.GetTimestamp();
            pending.Add(Task.Run(async () =>
            {
                var at = await watch.MarkerSeenAsync(item.Events[^1].Message).ConfigureAwait(false);
                lock (latencies)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(uploaded, at).TotalSeconds);
                }
            }, CancellationToken.None));
            await next.ConfigureAwait(false);
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Hash(IEnumerable<(long Timestamp, string Message)> events) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", events.OrderBy(e => e.Timestamp).ThenBy(e => e.Message, StringComparer.Ordinal).Select(e => $"{e.Timestamp}\t{e.Message}")))));

    private static async Task PutTenantsAsync(Uri moto, string table, Dictionary<string, int> tenants)
    {
        using (var dynamo = TestAws.DynamoDb(moto))
        {
            await DynamoDbTenantStore.CreateTableAsync(dynamo, table, TenantTableShape.TenantIdAndType, CancellationToken.None).ConfigureAwait(false);
        }

        using var store = new DynamoDbTenantStore(new DynamoDbTenantStoreOptions { TableName = table, Region = MotoServer.Region, ServiceUrl = moto }, TestAws.DefaultCredentials);
        foreach (var (tenant, weight) in tenants)
        {
            var config = new TenantConfig(
                tenant, DeliveryType.CloudWatch, Enabled: true, $"arn:aws:iam::{Account}:role/customer-log-writer", MotoServer.DefaultAccountId, MotoServer.Region,
                DesiredLogsFilter.All, $"/loggrains/{tenant}", BucketName: null, TenantConfig.DefaultBucketPrefix, weight);
            await store.PutItemAsync(TenantItemWriter.Write(config), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Queues a whole backlog before the silos see any of it, as a burst that arrived while they were busy: their receives
    /// fail at the proxy (503) while the objects are staged, then the fault is lifted and the caller starts its clock.
    /// </summary>
    private static async Task BacklogAsync(AwsFaultProxy proxy, Uri moto, string bucket, IEnumerable<Staged> objects)
    {
        proxy.Inject(FaultRule.Always("sqs", "ReceiveMessage", new FaultAction.Fail(AwsError.ServiceUnavailable)));
        await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        await UploadAsync(moto, bucket, objects).ConfigureAwait(false);
        proxy.ClearFaults();
    }

    private static async Task UploadAsync(Uri moto, string bucket, IEnumerable<Staged> objects)
    {
        using var s3 = TestAws.S3(moto);
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (o, token) =>
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = o.Key, InputStream = new MemoryStream(o.Gzip) }, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static async Task<int> QueuedAsync(Uri moto, string queueUrl)
    {
        using var sqs = TestAws.Sqs(moto);
        return await TestAws.QueueDepthAsync(sqs, queueUrl).ConfigureAwait(false);
    }

    private static Task WaitAsync(Func<Task<bool>> done, string what, Process silo) =>
        SiloProcess.WaitAsync(done, what, silo, PhaseLimit, TimeSpan.FromMilliseconds(100));

    /// <summary>One staged object: its key, gzip NDJSON body, and the events it must produce.</summary>
    private sealed record Staged(string Key, byte[] Gzip, IReadOnlyList<(long Timestamp, string Message)> Events)
    {
        public static Staged Create(string tenant, string pod, int number, int events, long start)
        {
            var first = start + (number * 10_000L);
            var padding = new string('x', 100);
            var list = Enumerable.Range(0, events).Select(j => (Timestamp: first + j, Message: $"{tenant} object {number} event {j} {padding}")).ToList();
            var gzip = VectorNdjson.Gzip(list.Select(e => new Dictionary<string, object>
            {
                ["customer_id"] = tenant,
                ["application"] = "api",
                ["pod_name"] = pod,
                ["message"] = e.Message,
                ["timestamp"] = VectorNdjson.Timestamp(e.Timestamp),
            }));
            return new Staged($"{tenant}/prod-cluster-1/api/{pod}/{first}-{Guid.NewGuid():N}.json.gz", gzip, list);
        }
    }

    /// <summary>
    /// Follows the proxy's record of accepted PutLogEvents requests: events accepted per log group, and when a given
    /// message was first accepted. Polls every 50 ms.
    /// </summary>
    private sealed class AcceptedWatch : IDisposable
    {
        private readonly AwsFaultProxy _proxy;
        private readonly Dictionary<string, long> _accepted = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _markers = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _seen;

        public AcceptedWatch(AwsFaultProxy proxy)
        {
            _proxy = proxy;
            _loop = Task.Run(LoopAsync);
        }

        public long Accepted(string tenant)
        {
            lock (_gate)
            {
                return _accepted.GetValueOrDefault($"/loggrains/{tenant}");
            }
        }

        public async Task WaitForAsync(string tenant, long events, Process silo) =>
            await WaitAsync(() => Task.FromResult(Accepted(tenant) >= events), $"{events:N0} events of {tenant}", silo).ConfigureAwait(false);

        /// <summary>The <see cref="Stopwatch"/> timestamp at which a request with <paramref name="message"/> was seen accepted.</summary>
        public async Task<long> MarkerSeenAsync(string message)
        {
            var deadline = DateTime.UtcNow + PhaseLimit;
            while (DateTime.UtcNow < deadline)
            {
                lock (_gate)
                {
                    if (_markers.TryGetValue(message, out var at))
                    {
                        return at;
                    }
                }

                await Task.Delay(20).ConfigureAwait(false);
            }

            throw new TimeoutException($"'{message}' was never accepted");
        }

        public void Dispose()
        {
            _stop.Cancel();
            _loop.Wait();
            _stop.Dispose();
        }

        private async Task LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var fresh = _proxy.Requests.Skip(_seen).ToList();
                var now = Stopwatch.GetTimestamp();
                _seen += fresh.Count;
                foreach (var request in fresh.Where(r => r.Info.Operation == "PutLogEvents" && r.StatusCode == 200 && r.Fault is null))
                {
                    using var body = JsonDocument.Parse(request.Body);
                    var group = body.RootElement.GetProperty("logGroupName").GetString()!;
                    var events = body.RootElement.GetProperty("logEvents");
                    lock (_gate)
                    {
                        _accepted[group] = _accepted.GetValueOrDefault(group) + events.GetArrayLength();
                        if (group == "/loggrains/quiet")
                        {
                            foreach (var e in events.EnumerateArray())
                            {
                                _markers.TryAdd(e.GetProperty("message").GetString()!, now);
                            }
                        }
                    }
                }

                try
                {
                    await Task.Delay(50, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
