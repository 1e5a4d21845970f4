using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Amazon.S3.Model;
using LogGrains.Aws.Tenants;
using LogGrains.Core.Tenants;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using LogGrains.Testing.Processes;

namespace LogGrains.Benchmarks;

/// <summary>
/// The whole silo on one record shape, in its steady state: moto behind the fault proxy, the S3 → SNS → SQS chain,
/// one <c>loggrains</c> process in the aws profile (DynamoDB membership, grain storage and checkpoints). Warm-up
/// objects first; then the measured objects, with the silo's CPU read from <c>/proc</c> before and after. Prints
/// CPU per event and per GB of input beside the core pipeline's CPU for the same files, the AWS calls and
/// DynamoDB write bytes per object, and the silo's peak RSS. Loopback only; bounded by the object counts and a
/// deadline per phase.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project tests/LogGrains.Benchmarks -- endtoend vector [objects] [warmup] [MiB per object] [silo dll]</c>.
/// Build the silo first (<c>dotnet build src/LogGrains.Silo -c Release</c>), or pass a published <c>loggrains.dll</c>.
/// </remarks>
public static class EndToEnd
{
    private const int Tenants = 2;
    private const int PodsPerTenant = 4;
    private const string Account = "424242424242";
    private static readonly TimeSpan PhaseLimit = TimeSpan.FromMinutes(10);

    public static async Task RunAsync(RecordShape shape, int measured, int warmup, double mibPerObject, string? siloDll)
    {
        var silo = SiloProcess.Find(siloDll);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        using var moto = new MotoServer();
        await moto.InitializeAsync().ConfigureAwait(false);
        await using var proxy = await AwsFaultProxy.StartAsync(moto.Endpoint).ConfigureAwait(false);
        var chain = await StagingChain.CreateAsync(moto.Endpoint, maxReceiveCount: 50).ConfigureAwait(false);
        var tenantTable = MotoServer.UniqueName("tenants");
        var tenants = Enumerable.Range(0, Tenants).Select(t => $"load-{t}").ToList();
        await PutTenantsAsync(moto.Endpoint, tenantTable, tenants).ConfigureAwait(false);

        Console.WriteLine($"Generating {warmup} + {measured} {shape} objects of {mibPerObject} MiB uncompressed...");
        // Every object's events must be within CloudWatch's window when the silo sends them (at most 2 h ahead, 14 days
        // back): the objects are spread over the last 100 minutes. Spacing them 30 s apart from 2 h ago once put the
        // measured objects hours in the future, where the planner rightly dropped every event and nothing was sent.
        var count = warmup + measured;
        var start = DateTime.UtcNow.AddMinutes(-100);
        var step = TimeSpan.FromMinutes(90) / Math.Max(1, count);
        var objects = Enumerable.Range(0, count)
            .Select(i => StagedObject.Create(shape, i, tenants[i % Tenants], $"pod-{i / Tenants % PodsPerTenant}", (long)(mibPerObject * 1024 * 1024), start + (step * i)))
            .ToList();

        var settings = AwsProfileTestSettings.For(proxy.Endpoint, chain.QueueUrl, chain.DeadLetterQueueUrl, tenantTable);
        settings["LogGrains:Logging:Format"] = "json";

        // The production long poll: the tests' 1 s wait would bill the silo for an idle receive per loop every second.
        settings.Remove("LogGrains:Poller:WaitTime");
        using var process = SiloProcess.Start(silo, settings);
        try
        {
            var web = new Uri($"http://127.0.0.1:{settings["LogGrains:Web:Port"]}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await WaitAsync(async () => (await TryGetAsync(http, new Uri(web, "/readyz")).ConfigureAwait(false)).Ok, "the silo to become ready", process).ConfigureAwait(false);

            await UploadAsync(moto.Endpoint, chain.Bucket, objects.Take(warmup)).ConfigureAwait(false);
            await WaitForDeliveredAsync(moto.Endpoint, chain.QueueUrl, http, web, warmup, process).ConfigureAwait(false);

            // The tiered JIT keeps recompiling hot methods for a while after the warm-up objects are delivered; the
            // steady state starts once the silo is quiet (below 2 % of a core over 5 s), or after a minute.
            var quiet = await WaitUntilQuietAsync(process.Id).ConfigureAwait(false);
            Console.WriteLine($"silo pid {process.Id}: quiet at {quiet:F3} CPU-s/s after the warm-up; measuring now");

            proxy.ClearRecords();
            var cpuBefore = ProcStat.CpuSeconds(process.Id);
            var wall = Stopwatch.StartNew();
            var measuredObjects = objects.Skip(warmup).ToList();
            await UploadAsync(moto.Endpoint, chain.Bucket, measuredObjects).ConfigureAwait(false);
            await WaitForDeliveredAsync(moto.Endpoint, chain.QueueUrl, http, web, warmup + measured, process).ConfigureAwait(false);
            var cpu = ProcStat.CpuSeconds(process.Id) - cpuBefore;
            wall.Stop();
            var peakRss = ProcStat.PeakRssMiB(process.Id);

            var events = measuredObjects.Sum(o => (long)o.Events);
            var input = measuredObjects.Sum(o => o.UncompressedBytes);
            var gzip = measuredObjects.Sum(o => (long)o.Gzip.Length);
            var core = await CoreCpuSecondsAsync(measuredObjects).ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine($"shape {shape}: {measured} objects measured after {warmup} warm-up, {events:N0} events, {input / 1e6:F1} MB uncompressed ({gzip / 1e6:F1} MB gzip), {wall.Elapsed.TotalSeconds:F1} s wall");
            Console.WriteLine($"silo CPU      {cpu:F2} s = {cpu * 1e6 / events:F2} µs/event = {cpu / (input / 1e9):F2} CPU-s/GB of input ({quiet:F3} CPU-s/s when quiet)");
            Console.WriteLine($"core pipeline {core:F2} s = {core * 1e6 / events:F2} µs/event = {core / (input / 1e9):F2} CPU-s/GB (decode → plan → serialize, same files, this process)");
            Console.WriteLine($"silo peak RSS {peakRss:F0} MiB");
            var requests = proxy.Requests.ToList();
            if (!requests.Any(r => r.Info.Operation == "PutLogEvents"))
            {
                throw new InvalidOperationException("No PutLogEvents was sent in the measured window: the figures above measure a silo that delivered nothing (are the objects' event times within CloudWatch's window?).");
            }

            var writes = requests.Where(r => r.Info.Service == "dynamodb" && r.Info.Operation is "PutItem" or "UpdateItem" or "BatchWriteItem" or "TransactWriteItems" or "DeleteItem").ToList();
            Console.WriteLine($"DynamoDB writes {writes.Count} = {writes.Count / (double)measured:F2} per object, {writes.Sum(r => (long)r.Body.Length) / (double)measured:F0} request bytes per object");
            Console.WriteLine("AWS calls per object by operation:");
            foreach (var group in requests.GroupBy(r => $"{r.Info.Service}:{r.Info.Operation}").OrderByDescending(g => g.Count()))
            {
                Console.WriteLine($"  {group.Key,-36} {group.Count(),7} {group.Count() / (double)measured,8:F2}");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    private static async Task PutTenantsAsync(Uri moto, string table, IEnumerable<string> tenants)
    {
        using (var dynamo = TestAws.DynamoDb(moto))
        {
            await DynamoDbTenantStore.CreateTableAsync(dynamo, table, TenantTableShape.TenantIdAndType, CancellationToken.None).ConfigureAwait(false);
        }

        using var store = new DynamoDbTenantStore(new DynamoDbTenantStoreOptions { TableName = table, Region = MotoServer.Region, ServiceUrl = moto }, TestAws.DefaultCredentials);
        foreach (var tenant in tenants)
        {
            var config = new TenantConfig(
                tenant, DeliveryType.CloudWatch, Enabled: true, $"arn:aws:iam::{Account}:role/customer-log-writer", MotoServer.DefaultAccountId, MotoServer.Region,
                DesiredLogsFilter.All, $"/loggrains/{tenant}", BucketName: null, TenantConfig.DefaultBucketPrefix);
            await store.PutItemAsync(TenantItemWriter.Write(config), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task UploadAsync(Uri moto, string bucket, IEnumerable<StagedObject> objects)
    {
        using var s3 = TestAws.S3(moto);
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (o, token) =>
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = o.Key, InputStream = new MemoryStream(o.Gzip) }, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the silo's own count of delivered objects, read from <c>/metrics</c> once the queue is empty: every
    /// scrape costs the silo a collection of all its instruments, so it is not scraped while it works.
    /// </summary>
    private static async Task WaitForDeliveredAsync(Uri moto, string queueUrl, HttpClient http, Uri web, int objects, Process silo)
    {
        using var sqs = TestAws.Sqs(moto);
        await WaitAsync(
            async () =>
            {
                var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]).ConfigureAwait(false);
                return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible == 0
                    && await DeliveredObjectsAsync(http, web).ConfigureAwait(false) >= objects;
            },
            $"{objects} objects delivered",
            silo).ConfigureAwait(false);
    }

    /// <summary>The silo's own count of delivered objects, summed over tenants, from <c>/metrics</c>.</summary>
    private static async Task<long> DeliveredObjectsAsync(HttpClient http, Uri web)
    {
        var (ok, text) = await TryGetAsync(http, new Uri(web, "/metrics")).ConfigureAwait(false);
        if (!ok)
        {
            return 0;
        }

        return text.Split('\n')
            .Where(l => l.StartsWith("loggrains_delivered_objects_total{", StringComparison.Ordinal))
            .Sum(l => (long)double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static async Task<(bool Ok, string Text)> TryGetAsync(HttpClient http, Uri uri)
    {
        try
        {
            using var response = await http.GetAsync(uri).ConfigureAwait(false);
            return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        }
        catch (HttpRequestException)
        {
            return (false, "");
        }
        catch (TaskCanceledException)
        {
            return (false, "");
        }
    }

    private static async Task<double> WaitUntilQuietAsync(int pid)
    {
        var window = TimeSpan.FromSeconds(5);
        var rate = double.MaxValue;
        for (var i = 0; i < 12 && rate > 0.02; i++)
        {
            var before = ProcStat.CpuSeconds(pid);
            await Task.Delay(window).ConfigureAwait(false);
            rate = (ProcStat.CpuSeconds(pid) - before) / window.TotalSeconds;
        }

        return rate;
    }

    /// <summary>The core pipeline's CPU for the same files in this process, after one pass to warm it up.</summary>
    private static async Task<double> CoreCpuSecondsAsync(List<StagedObject> objects)
    {
        var body = new ArrayBufferWriter<byte>(2 << 20);
        var now = DateTimeOffset.UtcNow;
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(3))
        {
            foreach (var o in objects.Take(8))
            {
                await CorePipeline.RunAsync(o.Gzip, body, now: now).ConfigureAwait(false);
            }
        }

        var before = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var o in objects)
        {
            await CorePipeline.RunAsync(o.Gzip, body, now: now).ConfigureAwait(false);
        }

        return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
    }

    private static Task WaitAsync(Func<Task<bool>> done, string what, Process silo) =>
        SiloProcess.WaitAsync(done, what, silo, PhaseLimit, TimeSpan.FromMilliseconds(250));

    /// <summary>One generated object and its key.</summary>
    private sealed record StagedObject(string Key, byte[] Gzip, int Events, long UncompressedBytes)
    {
        public static StagedObject Create(RecordShape shape, int number, string tenant, string pod, long bytes, DateTime start)
        {
            var (gzip, events, uncompressed) = VectorCorpus.Generate(shape, Framing.Ndjson, bytes, start, seed: number);
            return new StagedObject($"{tenant}/prod-cluster-1/payment-service/{pod}/{new DateTimeOffset(start).ToUnixTimeSeconds()}-{Guid.NewGuid():N}.json.gz", gzip, events, uncompressed);
        }
    }
}
