using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using LogGrains.Abstractions;
using LogGrains.Grains;
using LogGrains.Grains.Metrics;
using LogGrains.Testing;
using LogGrains.Testing.Ports;
using LogGrains.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace LogGrains.Benchmarks;

/// <summary>
/// What one idle <see cref="LogStreamGrain"/> costs in memory: an in-process silo over the in-memory fakes of the ports
/// (<see cref="FakePorts"/>) and a grain storage that keeps nothing (as DynamoDB keeps the state out of the process)
/// activates N stream grains with keys in the real format, forces full collections and reports the managed heap and the
/// working set per grain. Case <c>idle</c>: activated by <c>GetProgress</c> (state read, one checkpoint lookup, nothing
/// delivered). Case <c>delivered</c>: each grain delivered one small object of its own (state written, its checkpoint
/// cached) — the stream grain as it idles after real work.
/// </summary>
/// <remarks>
/// In the <c>delivered</c> case the fakes keep what they received (the object's bytes, the request, the checkpoint), so
/// the heap grows by more than the grains. The grains' own share is therefore also measured the other way round: all
/// activations are collected, and the heap that goes away with them is the grains' (an upper and a lower bound).
/// </remarks>
internal static class GrainMemory
{
    private const string Region = "eu-west-1";
    private const int Parallelism = 256;

    /// <summary>The event time of every object: an hour ago, well inside what CloudWatch accepts.</summary>
    private static readonly DateTimeOffset ObjectTime = DateTimeOffset.UtcNow.AddHours(-1);

    public static async Task RunAsync(int grains, bool deliver, int tenants, TimeSpan pause)
    {
        var ports = new FakePorts();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        ports.Register(builder.Services);
        builder.Services.AddMetrics();
        builder.Services.AddOptions<LogGrainsMetricsOptions>();
        builder.Services.AddSingleton<LogGrainsMetrics>();
        builder.Services.AddOptions<DeliveryOptions>().Configure(o =>
        {
            o.ClusterRegion = Region;
            o.CentralAccountId = "111122223333";

            // No batching window: every grain sends its object at once (the linger holds no memory once it has passed).
            o.StreamLinger = TimeSpan.Zero;
        });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: LoopbackPort.Free(), gatewayPort: LoopbackPort.Free());
            silo.Services.AddGrainStorage("loggrains", static (_, _) => new DiscardingGrainStorage());
        });
        using var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var factory = host.Services.GetRequiredService<IGrainFactory>();
        var management = factory.GetGrain<IManagementGrain>(0);
        var pid = Environment.ProcessId;

        // Warm-up: the JIT, Orleans' per-type caches and the fakes' dictionaries, then every warm-up grain collected.
        var warm = Enumerable.Range(0, 2_000).Select(i => Stream($"warm-{i % 10:D3}", i)).ToList();
        foreach (var stream in warm)
        {
            ports.Objects.Put(ObjectKey(stream), Content(stream));
        }

        await ActivateAsync(factory, warm, deliver).ConfigureAwait(false);
        await CollectAllAsync(management).ConfigureAwait(false);

        var streams = Enumerable.Range(0, grains).Select(i => Stream($"tenant-{i % tenants:D3}", i)).ToList();
        if (deliver)
        {
            // Objects staged before the baseline: their bytes are the bucket's, not the grains'.
            foreach (var stream in streams)
            {
                ports.Objects.Put(ObjectKey(stream), Content(stream));
            }
        }

        var before = Measure(pid);
        var clock = Stopwatch.StartNew();
        await ActivateAsync(factory, streams, deliver).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var active = Measure(pid);
        var counted = await LogStreamActivationsAsync(management).ConfigureAwait(false);
        if (pause > TimeSpan.Zero)
        {
            // Time for a heap snapshot of the grains by type: dotnet-gcdump collect -p PID, then dotnet-gcdump report.
            Console.WriteLine($"pid {pid}: {counted:N0} stream grains active; pausing {pause.TotalSeconds:F0} s");
            await Task.Delay(pause).ConfigureAwait(false);
        }

        await CollectAllAsync(management).ConfigureAwait(false);
        var collected = Measure(pid);

        var perGrain = (active.Heap - before.Heap) / (double)grains;
        var released = (active.Heap - collected.Heap) / (double)grains;
        Console.WriteLine($"case {(deliver ? "delivered" : "idle")}: {grains:N0} stream grains of {tenants} tenants activated in {seconds:F1} s ({counted:N0} logstream activations counted); GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        Console.WriteLine($"  managed heap after full GC: {before.Heap / 1048576.0:F1} MiB before, {active.Heap / 1048576.0:F1} MiB with the grains, {collected.Heap / 1048576.0:F1} MiB after they were collected");
        Console.WriteLine($"  managed bytes per grain: {perGrain:F0} (heap growth / N), {released:F0} (heap released by collecting them / N)");
        Console.WriteLine($"  working set: {before.RssMiB:F1} MiB before, {active.RssMiB:F1} MiB with the grains = {(active.RssMiB - before.RssMiB) * 1048576 / grains:F0} bytes per grain");
        var collection = host.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
        Console.WriteLine($"  Orleans deactivates a grain idle for CollectionAge = {collection.CollectionAge} (checked every CollectionQuantum = {collection.CollectionQuantum}); [CollectionAgeLimit] on LogStreamGrain: {(System.Reflection.CustomAttributeExtensions.GetCustomAttribute<CollectionAgeLimitAttribute>(typeof(LogStreamGrain)) is { } limit ? limit.AgeLimit.ToString() : "none")}");
        if (deliver)
        {
            Console.WriteLine($"  the fakes keep what they received: {(collected.Heap - before.Heap) / (double)grains:F0} bytes per grain stay after the grains are collected");
        }

        await host.StopAsync().ConfigureAwait(false);
    }

    private static LogStreamKey Stream(string tenant, int pod) =>
        new(tenant, Region, $"/loggrains/{tenant}", $"api-pod-{pod:D6}-{DateTime.UtcNow:yyyy-MM-dd}");

    private static (long Heap, double RssMiB) Measure(int pid)
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return (GC.GetTotalMemory(forceFullCollection: true), ProcStat.RssMiB(pid));
    }

    private static async Task ActivateAsync(IGrainFactory factory, IReadOnlyList<LogStreamKey> streams, bool deliver)
    {
        await Parallel.ForEachAsync(streams, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (stream, _) =>
        {
            var grain = factory.GetGrain<ILogStreamGrain>(stream.ToString());
            if (!deliver)
            {
                await grain.GetProgress("none").ConfigureAwait(false);
                return;
            }

            var staged = Staged(stream);
            var outcome = await grain.Deliver(new StreamDelivery(staged, new CredentialReference(stream.Tenant, FakeTenantStore.RoleArn, "111122223333", Region))).ConfigureAwait(false);
            if (outcome.Status != DeliveryStatus.Delivered)
            {
                throw new InvalidOperationException($"stream {stream}: {outcome.Status} {outcome.Reason}");
            }
        }).ConfigureAwait(false);
    }

    private static string Pod(LogStreamKey stream) =>
        stream.LogStreamName["api-".Length..stream.LogStreamName.LastIndexOf("-20", StringComparison.Ordinal)];

    private static string ObjectKey(LogStreamKey stream) =>
        $"{stream.Tenant}/prod-cluster-1/api/{Pod(stream)}/{ObjectTime.ToUnixTimeMilliseconds()}-00000001.json.gz";

    /// <summary>The stream's one small object: one event, gzip NDJSON.</summary>
    private static byte[] Content(LogStreamKey stream)
    {
        var line = $"{{\"timestamp\":{ObjectTime.ToUnixTimeMilliseconds()},\"message\":\"{stream.Tenant} {Pod(stream)} GET /v1/orders/1234 200 12ms\"}}\n";
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(line));
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The object's announcement, built anew for each call (a grain on another silo gets its own copy of every string
    /// from the wire, so the grain's share must not be one the baseline already holds).
    /// </summary>
    private static StagedObject Staged(LogStreamKey stream)
    {
        var key = ObjectKey(stream);
        var pod = Pod(stream);
        return new StagedObject("staging", key, 200, $"etag-{pod}", "0001", ObjectTime, stream.Tenant, "prod-cluster-1", "api", pod, key[(key.LastIndexOf('/') + 1)..]);
    }

    private static async Task<int> LogStreamActivationsAsync(IManagementGrain management)
    {
        var statistics = await management.GetSimpleGrainStatistics().ConfigureAwait(false);
        return statistics.Where(s => s.GrainType.Contains(nameof(LogStreamGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    /// <summary>Deactivates every idle activation and waits until no stream grain is left (at most 2 minutes).</summary>
    private static async Task CollectAllAsync(IManagementGrain management)
    {
        for (var i = 0; i < 120; i++)
        {
            await management.ForceActivationCollection(TimeSpan.Zero).ConfigureAwait(false);
            if (await LogStreamActivationsAsync(management).ConfigureAwait(false) == 0)
            {
                return;
            }

            await Task.Delay(1000).ConfigureAwait(false);
        }

        throw new TimeoutException("stream grains still active 2 minutes after ForceActivationCollection");
    }

    /// <summary>Grain storage that keeps nothing in the process, as DynamoDB does: reads find no state, writes only move the ETag.</summary>
    private sealed class DiscardingGrainStorage : IGrainStorage
    {
        private long _version;

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            ArgumentNullException.ThrowIfNull(grainState);
            grainState.ETag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
    }
}
