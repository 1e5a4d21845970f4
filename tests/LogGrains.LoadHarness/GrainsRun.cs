using System.Diagnostics;
using System.Globalization;
using LogGrains.Abstractions;
using LogGrains.Orleans.DynamoDB;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace LogGrains.LoadHarness;

/// <summary>
/// The grain memory run: tenants × streams stream grains activated on the cluster straight through an Orleans client
/// (<c>GetProgress</c> of an object the stream never saw: the grain's state is read from DynamoDB and one checkpoint is
/// looked up), instead of an object each through moto, which would take about 100 minutes for 100,000 streams. Then the
/// cluster idles, and each silo's RSS, peak RSS (<c>VmHWM</c>) and stream grain count are read.
/// </summary>
internal static class GrainsRun
{
    /// <summary><c>LogGrainsClusterOptions.ServiceId</c>'s default, which the harness' silos keep.</summary>
    private const string ServiceId = "loggrains";

    public static async Task RunAsync(HarnessOptions options, CancellationToken token)
    {
        var tenants = Enumerable.Range(0, options.Tenants).Select(t => $"tenant-{t:D3}").ToList();
        var streams = StreamsOf(tenants, options.Streams, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());
        var siloEnvironment = Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("SILO_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(k => $"{k["SILO_".Length..]}={Environment.GetEnvironmentVariable(k)}").ToList();
        Console.WriteLine($"grains: {tenants.Count} tenants × {options.Streams} streams = {streams.Count:N0} stream grains on {options.Silos} silos, {options.Parallelism} activations in flight; silo environment: {(siloEnvironment.Count == 0 ? "as built" : string.Join(' ', siloEnvironment))}");

        var clock = Stopwatch.StartNew();
        var settings = new Dictionary<string, string?> { ["LogGrains:Poller:WaitTime"] = "00:00:20" };
        await using var cluster = await SiloCluster.StartAsync(options, tenants, settings).ConfigureAwait(false);
        await using var sampler = new MetricsSampler(cluster, clock);
        var ledger = new RequestLedger(cluster.Proxy, clock);
        var marks = new List<Mark> { new(clock.Elapsed.TotalSeconds, "silos ready") };
        using var client = await ConnectAsync(cluster, token).ConfigureAwait(false);
        var factory = client.Services.GetRequiredService<IClusterClient>();
        Console.WriteLine($"{options.Silos} silos ready and a client connected at {clock.Elapsed.TotalSeconds:F0} s; letting them settle");
        await Task.Delay(TimeSpan.FromSeconds(20), token).ConfigureAwait(false);
        var before = await sampler.SampleNowAsync().ConfigureAwait(false);
        var cpuBefore = sampler.CpuSecondsPerSlot();

        var start = clock.Elapsed.TotalSeconds;
        marks.Add(new Mark(start, "activating"));
        var (activated, failed, firstFailure) = await ActivateAsync(factory, streams, options.Parallelism, sampler, token).ConfigureAwait(false);
        var end = clock.Elapsed.TotalSeconds;
        var cpuAfter = sampler.CpuSecondsPerSlot();
        var calls = ledger.CallsBetween(start, end).ToDictionary(c => c.Key, c => (long)c.Value, StringComparer.Ordinal);
        var atEnd = await sampler.SampleNowAsync().ConfigureAwait(false);
        marks.Add(new Mark(end, "all activated"));
        Console.WriteLine($"{activated:N0} activated, {failed} failed in {end - start:F0} s{(firstFailure is null ? "" : $"; first failure: {firstFailure}")}; idling {options.IdleTime.TotalSeconds:F0} s");
        await Task.Delay(options.IdleTime, token).ConfigureAwait(false);
        var idle = await sampler.SampleNowAsync().ConfigureAwait(false);
        marks.Add(new Mark(clock.Elapsed.TotalSeconds, "idle"));
        var peak = sampler.PeakRssBySlot();
        var placed = await StreamGrainsBySiloAsync(factory, cluster).ConfigureAwait(false);

        var grainDelta = idle.Sum(s => s.StreamGrains) - before.Sum(s => s.StreamGrains);
        var rssDelta = idle.Sum(s => s.RssMiB) - before.Sum(s => s.RssMiB);
        var window = end - start;
        var table = new List<(string, string)>
        {
            ("command", $"grains --tenants {options.Tenants} --streams {options.Streams} --parallelism {options.Parallelism} --idle-seconds {options.IdleTime.TotalSeconds} --silos {options.Silos}"),
            ("silo environment (SILO_*)", siloEnvironment.Count == 0 ? "none: the build's runtimeconfig" : string.Join(", ", siloEnvironment)),
            ("stream grains activated", $"{activated:N0} of {streams.Count:N0} ({failed} failed) in {window:F0} s = {activated / window:F0}/s"),
            ("stream grains per silo after idling (/metrics)", string.Join(" / ", idle.Select(s => s.StreamGrains.ToString("N0", CultureInfo.InvariantCulture)))),
            ("stream grains per silo (management grain)", string.Join(" / ", placed.Select(p => p.ToString("N0", CultureInfo.InvariantCulture)))),
            ("RSS per silo before activating", string.Join(" / ", before.Select(s => $"{s.RssMiB:F0} MiB"))),
            ("RSS per silo when all were activated", string.Join(" / ", atEnd.Select(s => $"{s.RssMiB:F0} MiB"))),
            ($"RSS per silo after {options.IdleTime.TotalSeconds:F0} s idle", string.Join(" / ", idle.Select(s => $"{s.RssMiB:F0} MiB"))),
            ("peak RSS per silo (VmHWM)", string.Join(" / ", peak.Values.Select(p => $"{p:F0} MiB"))),
            ("RSS growth per stream grain (before → idle, all silos)", grainDelta > 0 ? $"{rssDelta * 1024 * 1024 / grainDelta:F0} bytes ({grainDelta:N0} more stream grains, {rssDelta:F0} MiB more RSS)" : "n/a"),
            ("CPU per silo while activating", string.Join(" / ", cpuAfter.Select((c, i) => $"{c - cpuBefore[i]:F1} s"))),
            ("CPU per 1,000 activations, all silos", $"{(cpuAfter.Sum() - cpuBefore.Sum()) * 1000 / Math.Max(1, activated):F2} CPU-s"),
        };
        table.AddRange(calls.OrderByDescending(c => c.Value).Select(c => ($"AWS calls per activation: {c.Key}", $"{(double)c.Value / Math.Max(1, activated):F2} ({c.Value:N0})")));
        var results = new
        {
            options.Tenants, options.Streams, options.Silos, options.Parallelism, IdleSeconds = options.IdleTime.TotalSeconds, SiloEnvironment = siloEnvironment,
            Activated = activated, Failed = failed, FirstFailure = firstFailure, WindowSeconds = window,
            StreamGrainsPerSilo = idle.Select(s => s.StreamGrains).ToArray(), StreamGrainsPerSiloByManagement = placed,
            RssBeforeMiB = before.Select(s => s.RssMiB).ToArray(), RssActivatedMiB = atEnd.Select(s => s.RssMiB).ToArray(), RssIdleMiB = idle.Select(s => s.RssMiB).ToArray(),
            PeakRssMiB = peak.Values.ToArray(), StreamGrainDelta = grainDelta, RssDeltaMiB = rssDelta,
            CpuPerSilo = cpuAfter.Select((c, i) => c - cpuBefore[i]).ToArray(), Calls = calls,
            Samples = sampler.Samples, Marks = marks,
        };
        Report.WriteLevels(options.Output, "grains", results, table, sampler.Samples, marks, start);
        await cluster.HoldAsync(options.HoldTime, token).ConfigureAwait(false);

        await client.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// The stream grains of pods <c>pod-00000</c> … of every tenant, stream by stream with every tenant in turn (as 100
    /// tenants' pods would appear), keyed as the delivery path keys them for objects of <paramref name="objectTime"/>
    /// (the default stream template <c>{application}-{pod_name}-{date}</c>), each with the key of an object the stream
    /// never saw for <c>GetProgress</c>.
    /// </summary>
    public static List<(LogStreamKey Key, string Object)> StreamsOf(IReadOnlyList<string> tenants, int streamsPerTenant, long objectTime)
    {
        var date = DateTimeOffset.FromUnixTimeMilliseconds(objectTime).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return [.. Enumerable.Range(0, streamsPerTenant).SelectMany(s => tenants.Select(t => (
            new LogStreamKey(t, MotoServer.Region, $"/loggrains/{t}", $"{StagedObject.Application}-pod-{s:D5}-{date}"),
            $"{t}/prod-cluster-1/{StagedObject.Application}/pod-{s:D5}/{objectTime}-00000000.json.gz")))];
    }

    /// <summary>
    /// Activates each stream grain with <c>GetProgress</c>, <paramref name="parallelism"/> calls in flight, printing
    /// progress and the silos' RSS every 10 s; a failed call is counted, the first one's error kept.
    /// </summary>
    public static async Task<(int Activated, int Failed, string? FirstFailure)> ActivateAsync(
        IClusterClient factory, IReadOnlyList<(LogStreamKey Key, string Object)> streams, int parallelism, MetricsSampler sampler, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        var activated = 0;
        var failed = 0;
        string? firstFailure = null;
        using var progress = new Timer(_ => Console.WriteLine($"  {DateTime.UtcNow:HH:mm:ss} {Volatile.Read(ref activated):N0} of {streams.Count:N0} activated ({Volatile.Read(ref activated) / clock.Elapsed.TotalSeconds:F0}/s), {Volatile.Read(ref failed)} failed; RSS {string.Join(" / ", sampler.LastRssMiB().Select(r => $"{r:F0}"))} MiB"), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        await Parallel.ForEachAsync(streams, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = token }, async (stream, _) =>
        {
            try
            {
                await factory.GetGrain<ILogStreamGrain>(stream.Key.ToString()).GetProgress(stream.Object).ConfigureAwait(false);
                Interlocked.Increment(ref activated);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (Interlocked.Increment(ref failed) == 1)
                {
                    firstFailure = $"{stream.Key}: {e.GetType().Name}: {e.Message}";
                }
            }
        }).ConfigureAwait(false);
        return (activated, failed, firstFailure);
    }

    /// <summary>An Orleans client of the harness' cluster, through the gateways in its DynamoDB membership table (read from moto directly).</summary>
    public static async Task<IHost> ConnectAsync(SiloCluster cluster, CancellationToken token)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.Settings["LogGrains:Cluster:ClusterId"]!;
                o.ServiceId = ServiceId;
            });
            client.UseDynamoDbClustering(o =>
            {
                o.TableName = cluster.Settings["LogGrains:Cluster:MembershipTableName"]!;
                o.Region = MotoServer.Region;
                o.ServiceUrl = cluster.Moto.Endpoint.ToString();
                o.CreateIfNotExists = false;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(token).ConfigureAwait(false);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Stream grain activations per slot, as the management grain counts them.</summary>
    public static async Task<int[]> StreamGrainsBySiloAsync(IClusterClient client, SiloCluster cluster)
    {
        var statistics = await client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics().ConfigureAwait(false);
        var streams = statistics.Where(s => s.GrainType.Contains("LogStreamGrain", StringComparison.Ordinal)).ToList();
        return [.. Enumerable.Range(0, cluster.Processes.Count).Select(slot => streams.Where(s => s.SiloAddress.Endpoint.Port == cluster.SiloPortOf(slot)).Sum(s => s.ActivationCount))];
    }
}
