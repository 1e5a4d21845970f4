using System.Diagnostics;
using System.Globalization;
using LogGrains.Testing.Aws;
using Microsoft.Extensions.DependencyInjection;

namespace LogGrains.LoadHarness;

/// <summary>
/// The scale run: tenants × streams stream grains on a three-silo cluster, warmed up first, then one measured window
/// in which every stream receives its objects (fed in waves). Reports throughput per silo and in total, the share of
/// objects and stream grains per silo, CPU per GB and per event over all silos, peak RSS, AWS calls per GB by
/// operation, AssumeRole calls per tenant and silo, latency from upload to ingestion, and checks every event.
/// </summary>
internal static class ScaleRun
{
    /// <summary>How long the silos' CPU is measured when quiet, just before the window.</summary>
    private static readonly TimeSpan QuietSpan = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(HarnessOptions options, CancellationToken token)
    {
        var tenants = Enumerable.Range(0, options.Tenants).Select(t => $"tenant-{t:D3}").ToList();
        var clock = Stopwatch.StartNew();
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var warm = Enumerable.Range(0, options.Warmup)
            .Select(i => new StagedObject(
                tenants[i % tenants.Count],
                options.WarmOnWindowStreams ? $"pod-{i / tenants.Count % options.Streams:D5}" : $"warm-{i / tenants.Count % 10}",
                10_000_000 + i,
                options.Events,
                options.MessageBytes,
                first + (i * 10_000L))).ToList();
        var measured = new List<StagedObject>();
        for (var o = 0; o < options.ObjectsPerStream; o++)
        {
            for (var s = 0; s < options.Streams; s++)
            {
                foreach (var tenant in tenants)
                {
                    var n = measured.Count;
                    measured.Add(new StagedObject(tenant, $"pod-{s:D5}", n, options.Events, options.MessageBytes, first + (o * 100_000L) + 1_000L));
                }
            }
        }

        Console.WriteLine($"scale: {tenants.Count} tenants × {options.Streams} streams × {options.ObjectsPerStream} objects of {options.Events} events = {measured.Count} objects after {warm.Count} warm-up objects, {options.Silos} silos");
        var settings = new Dictionary<string, string?> { ["LogGrains:Poller:WaitTime"] = "00:00:20" };
        await using var cluster = await SiloCluster.StartAsync(options, tenants, settings).ConfigureAwait(false);
        var ledger = new RequestLedger(cluster.Proxy, clock);
        await using var sampler = new MetricsSampler(cluster, clock);
        using var uploader = new Uploader(cluster.Moto.Endpoint, cluster.Chain.Bucket, cluster.Chain.QueueUrl, cluster.Chain.DeadLetterQueueUrl);
        var marks = new List<Mark> { new(clock.Elapsed.TotalSeconds, "silos ready") };
        Console.WriteLine($"{options.Silos} silos ready at {clock.Elapsed.TotalSeconds:F0} s; warming up");
        var cpuAtReady = sampler.CpuSecondsPerSlot();

        await uploader.FeedInWavesAsync(warm, options.Wave, token).ConfigureAwait(false);
        var warmEvents = warm.Sum(o => (long)o.Events);
        await WaitDeliveredAsync(ledger, uploader, warmEvents, TimeSpan.FromMinutes(5), token).ConfigureAwait(false);
        var preactivated = await PreactivateAsync(options, tenants, first + 1_000L, cluster, sampler, token).ConfigureAwait(false);
        var quiet = await WaitQuietAsync(sampler, token).ConfigureAwait(false);
        var afterWarm = await sampler.SampleNowAsync().ConfigureAwait(false);
        Console.WriteLine($"warm at {clock.Elapsed.TotalSeconds:F0} s ({quiet:F2} CPU-s/s over all silos when quiet); measuring");

        var start = clock.Elapsed.TotalSeconds;
        marks.Add(new Mark(start, "measured window"));
        var cpuBefore = sampler.CpuSecondsPerSlot();
        var bytesBefore = uploader.UncompressedBytes;
        var gzipBefore = uploader.GzipBytes;
        var feed = uploader.FeedInWavesAsync(measured, options.Wave, token);
        var measuredEvents = measured.Sum(o => (long)o.Events);
        var complete = await WaitDeliveredAsync(ledger, uploader, warmEvents + measuredEvents, TimeSpan.FromMinutes(3), token, feed).ConfigureAwait(false);
        await feed.ConfigureAwait(false);
        var end = clock.Elapsed.TotalSeconds;
        var cpuAfter = sampler.CpuSecondsPerSlot();
        var atEnd = await sampler.SampleNowAsync().ConfigureAwait(false);
        marks.Add(new Mark(end, complete ? "all delivered" : "gave up waiting"));
        Console.WriteLine($"measured window: {end - start:F1} s; idling 30 s for memory per idle stream grain");
        await Task.Delay(TimeSpan.FromSeconds(30), token).ConfigureAwait(false);
        var idle = await sampler.SampleNowAsync().ConfigureAwait(false);
        var peak = sampler.PeakRssBySlot();
        var harnessPeak = HarnessMemory.Now();

        var input = uploader.UncompressedBytes - bytesBefore;
        var gb = input / 1e9;
        var cpu = cpuAfter.Sum() - cpuBefore.Sum();
        var window = end - start;
        var calls = ledger.CallsBetween(start, end);
        var customerAssumes = ledger.AssumeRoles.Where(a => a.RoleArn != AwsProfileTestSettings.CentralRoleArn && a.Status == 200).ToList();
        var perTenantSilo = customerAssumes.GroupBy(a => (a.RoleArn, a.AccessKeyId)).Select(g => g.Count()).DefaultIfEmpty(0).ToList();
        var verify = await Verification.RunAsync(cluster.Moto.Endpoint, tenants, warm.Concat(measured), uploader.UploadedAtMs, ledger.Puts, new HashSet<string>()).ConfigureAwait(false);
        harnessPeak = harnessPeak.AfterVerification();
        var measuredNumbers = measured.Select(o => o.Number).ToHashSet();
        var objectShare = atEnd.Select((s, i) => s.Objects - afterWarm[i].Objects).ToArray();
        var grainDelta = idle.Sum(s => s.StreamGrains) - afterWarm.Sum(s => s.StreamGrains);
        var rssDelta = idle.Sum(s => s.RssMiB) - afterWarm.Sum(s => s.RssMiB);
        var steady = Steady(sampler.Samples, start, end, options.SampleInterval);
        var steadyMicros = steady.Events > 0 ? steady.Cpu * 1e6 / steady.Events : double.NaN;
        var steadyNetMicros = steady.Events > 0 ? (steady.Cpu - (quiet * steady.Seconds)) * 1e6 / steady.Events : double.NaN;

        var table = new List<(string, string)>
        {
            ("command", $"scale --tenants {options.Tenants} --streams {options.Streams} --objects-per-stream {options.ObjectsPerStream} --events {options.Events} --message-bytes {options.MessageBytes} --warmup {options.Warmup} --sample-seconds {options.SampleInterval.TotalSeconds} --silos {options.Silos}{(options.Preactivate > 0 ? $" --preactivate {options.Preactivate}" : "")}{(options.WarmOnWindowStreams ? " --warm-streams window" : "")}"),
            ("measured", $"{measured.Count:N0} objects, {measuredEvents:N0} events, {input / 1e6:F1} MB uncompressed ({(uploader.GzipBytes - gzipBefore) / 1e6:F1} MB gzip) in {window:F1} s"),
            ("throughput, all silos", $"{measuredEvents / window:F0} events/s, {input / 1e6 / window:F2} MB/s of input, {measured.Count / window:F1} objects/s"),
            ("objects per silo (tenant grain's silo)", string.Join(" / ", objectShare.Select(o => $"{o} ({100.0 * o / Math.Max(1, objectShare.Sum()):F0} %)"))),
            ("stream grains per silo at the end", string.Join(" / ", atEnd.Select(s => s.StreamGrains.ToString(CultureInfo.InvariantCulture)))),
            ("stream grains activated before the window (--preactivate)", preactivated),
            ("CPU, all silos", $"{cpu:F1} CPU-s = {cpu / gb:F2} CPU-s/GB of input = {cpu * 1e6 / measuredEvents:F2} µs/event"),
            ("CPU per silo", string.Join(" / ", cpuAfter.Select((c, i) => $"{c - cpuBefore[i]:F1} s"))),
            ("CPU per silo from ready to the window (warm-up; a silo that did little of it meets the window cold, for the JIT warms each process apart)", string.Join(" / ", cpuBefore.Select((c, i) => $"{c - cpuAtReady[i]:F1} s"))),
            ("CPU per event in the steady window (the window's full samples after its first), all silos", steady.Events > 0
                ? $"{steadyMicros:F2} µs/event, {steadyNetMicros:F2} net of the quiet burn ({steady.Events:N0} events in {steady.Seconds:F0} s)"
                : "n/a (no full sample after the window's first)"),
            ($"CPU when quiet, all silos ({QuietSpan.TotalSeconds:F0} s just before the window)", $"{quiet:F3} CPU-s/s = {quiet * window:F1} CPU-s over the window's {window:F0} s"),
            ("peak RSS per silo (VmHWM)", string.Join(" / ", peak.Values.Select(p => $"{p:F0} MiB"))),
            ("RSS per silo after 30 s idle", string.Join(" / ", idle.Select(s => $"{s.RssMiB:F0} MiB"))),
            ("RSS growth per stream grain (after warm-up → idle)", grainDelta > 0 ? $"{rssDelta * 1024 * 1024 / grainDelta:F0} bytes ({grainDelta:N0} more stream grains, {rssDelta:F0} MiB more RSS)" : "n/a"),
            ("customer AssumeRole per (tenant, silo session)", $"max {perTenantSilo.Max()}, {customerAssumes.Count} in all for {tenants.Count} tenants over {clock.Elapsed.TotalMinutes:F1} min"),
            ("latency upload → ingested, measured objects", LatencyText(verify, measuredNumbers)),
            ("events lost / duplicated", $"{verify.LostEvents} / {verify.DuplicatedEvents} (streams equal by count + SHA-256: {verify.StreamsEqual} of {verify.Streams})"),
            ("cross-tenant / misrouted events", $"{verify.CrossTenantEvents} / {verify.MisroutedEvents}"),
            ("PutLogEvents limit violations", cluster.Proxy.Violations.Count.ToString(CultureInfo.InvariantCulture)),
            (HarnessMemory.Label, harnessPeak.ToString()),
        };
        table.AddRange(calls.OrderByDescending(c => c.Value).Select(c => ($"calls per GB: {c.Key}", $"{c.Value / gb:F0} ({c.Value} in the window)")));
        var results = new
        {
            options.Tenants, options.Streams, options.ObjectsPerStream, EventsPerObject = options.Events, options.MessageBytes, options.Warmup, options.Silos, options.Preactivate, Preactivated = preactivated,
            Objects = measured.Count, Events = measuredEvents, InputBytes = input, WindowSeconds = window,
            CpuSeconds = cpu, CpuSecondsPerGb = cpu / gb, QuietCpuSecondsPerSecond = quiet, CpuMicrosecondsPerEvent = cpu * 1e6 / measuredEvents,
            SteadyMicrosecondsPerEvent = steadyMicros, SteadyNetMicrosecondsPerEvent = steadyNetMicros,
            CpuPerSilo = cpuAfter.Select((c, i) => c - cpuBefore[i]).ToArray(), WarmupCpuPerSilo = cpuBefore.Select((c, i) => c - cpuAtReady[i]).ToArray(), ObjectsPerSilo = objectShare, StreamGrainsPerSilo = atEnd.Select(s => s.StreamGrains).ToArray(),
            PeakRssMiB = peak.Values.ToArray(), IdleRssMiB = idle.Select(s => s.RssMiB).ToArray(), StreamGrainDelta = grainDelta, RssDeltaMiB = rssDelta,
            CallsPerGb = calls.ToDictionary(c => c.Key, c => c.Value / gb), CustomerAssumeRoleMaxPerTenantSilo = perTenantSilo.Max(), CustomerAssumeRoles = customerAssumes.Count,
            Verification = verify with { ObjectLatencySeconds = new Dictionary<int, double>() }, LatencyP50 = verify.Latency(measuredNumbers, 0.5), LatencyP99 = verify.Latency(measuredNumbers, 0.99),
            Samples = sampler.Samples, Marks = marks, HarnessPeakRss = harnessPeak,
        };
        Report.Write(options.Output, "scale", results, table, sampler.Samples, marks, start);
        await cluster.HoldAsync(options.HoldTime, token).ConfigureAwait(false);
    }

    /// <summary>
    /// CPU of all silos and events accepted over the window's full sample intervals after its first: the first holds
    /// the window's start-up (its first objects, cold stream grains), the last is cut short by the window's end.
    /// </summary>
    private static (double Seconds, double Cpu, long Events) Steady(IReadOnlyList<SiloSample> samples, double start, double end, TimeSpan interval)
    {
        var at = samples.GroupBy(s => s.Seconds).OrderBy(g => g.Key).Select(g => (Seconds: g.Key, Cpu: g.Sum(s => s.CpuSeconds), Events: g.Sum(s => s.Events))).ToList();
        double seconds = 0, cpu = 0;
        long events = 0;
        foreach (var (a, b) in at.Zip(at.Skip(1)))
        {
            if (a.Seconds > start + 1 && b.Seconds <= end && b.Seconds - a.Seconds >= 0.9 * interval.TotalSeconds)
            {
                seconds += b.Seconds - a.Seconds;
                cpu += b.Cpu - a.Cpu;
                events += b.Events - a.Events;
            }
        }

        return (seconds, cpu, events);
    }

    /// <summary>
    /// With <c>--preactivate N</c>: activates N stream grains per tenant (pods <c>pod-00000</c>…, keyed for the window's
    /// objects, so the window delivers into grains that are already alive) through an Orleans client, and says how many
    /// and where; they stay alive through the window (Orleans deactivates an idle grain after 15 minutes).
    /// </summary>
    private static async Task<string> PreactivateAsync(HarnessOptions options, List<string> tenants, long objectTime, SiloCluster cluster, MetricsSampler sampler, CancellationToken token)
    {
        if (options.Preactivate <= 0)
        {
            return "none";
        }

        var streams = GrainsRun.StreamsOf(tenants, options.Preactivate, objectTime);
        Console.WriteLine($"activating {streams.Count:N0} stream grains ({options.Preactivate} per tenant)");
        using var client = await GrainsRun.ConnectAsync(cluster, token).ConfigureAwait(false);
        var factory = client.Services.GetRequiredService<IClusterClient>();
        var clock = Stopwatch.StartNew();
        var (activated, failed, firstFailure) = await GrainsRun.ActivateAsync(factory, streams, options.Parallelism, sampler, token).ConfigureAwait(false);
        var placed = await GrainsRun.StreamGrainsBySiloAsync(factory, cluster).ConfigureAwait(false);
        await client.StopAsync(CancellationToken.None).ConfigureAwait(false);
        var text = $"{activated:N0} of {streams.Count:N0} ({failed} failed{(firstFailure is null ? "" : $", first: {firstFailure}")}) in {clock.Elapsed.TotalSeconds:F0} s; stream grains per silo then {string.Join(" / ", placed.Select(p => p.ToString("N0", CultureInfo.InvariantCulture)))}";
        Console.WriteLine(text);
        if (failed > 0)
        {
            throw new InvalidOperationException($"--preactivate: {text}");
        }

        return text;
    }

    private static string LatencyText(VerificationResult verify, HashSet<int> numbers) =>
        $"p50 {verify.Latency(numbers, 0.5):F2} s, p99 {verify.Latency(numbers, 0.99):F2} s ({numbers.Count(verify.ObjectLatencySeconds.ContainsKey)} objects)";

    /// <summary>
    /// Until the proxy saw <paramref name="events"/> events accepted and the queue is empty, or <paramref name="limit"/>
    /// passed after the feed ended (then false: the caller reports what it has); prints progress every 10 s.
    /// </summary>
    public static async Task<bool> WaitDeliveredAsync(RequestLedger ledger, Uploader uploader, long events, TimeSpan limit, CancellationToken token, Task? feed = null)
    {
        var progress = Stopwatch.StartNew();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var queued = await uploader.QueuedAsync(token).ConfigureAwait(false);
            if (ledger.AcceptedEvents >= events && (feed is null || feed.IsCompleted) && queued == 0)
            {
                return true;
            }

            if (feed is { IsFaulted: true })
            {
                await feed.ConfigureAwait(false);
            }

            if (feed is { IsCompleted: false })
            {
                deadline.Restart();
            }

            if (deadline.Elapsed > limit)
            {
                Console.WriteLine($"  gave up waiting after {limit}: accepted {ledger.AcceptedEvents:N0} of {events:N0} events, {queued} messages queued");
                return false;
            }

            if (progress.Elapsed > TimeSpan.FromSeconds(10))
            {
                Console.WriteLine($"  {DateTime.UtcNow:HH:mm:ss} accepted {ledger.AcceptedEvents:N0} of {events:N0} events; staged {uploader.Uploaded:N0} objects; {queued} messages queued, {await uploader.DeadLetteredAsync(token).ConfigureAwait(false)} dead-lettered");
                progress.Restart();
            }

            await Task.Delay(1000, token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until all silos together burn under 0.15 CPU-s/s over 5 s (the tiered JIT has settled), or 60 s; then
    /// returns what they burn over the next 15 s, the silos' cost of waiting that the window's CPU also contains.
    /// </summary>
    private static async Task<double> WaitQuietAsync(MetricsSampler sampler, CancellationToken token)
    {
        var rate = double.MaxValue;
        for (var i = 0; i < 12 && rate > 0.15; i++)
        {
            rate = await CpuRateAsync(sampler, TimeSpan.FromSeconds(5), token).ConfigureAwait(false);
        }

        return await CpuRateAsync(sampler, QuietSpan, token).ConfigureAwait(false);
    }

    private static async Task<double> CpuRateAsync(MetricsSampler sampler, TimeSpan span, CancellationToken token)
    {
        var before = sampler.TotalCpuSeconds();
        await Task.Delay(span, token).ConfigureAwait(false);
        return (sampler.TotalCpuSeconds() - before) / span.TotalSeconds;
    }
}
