using System.Diagnostics;
using System.Globalization;
using LogGrains.Testing.Processes;

namespace LogGrains.LoadHarness;

/// <summary>One reading of one silo slot; counters are cumulative over the slot's restarts.</summary>
internal sealed record SiloSample(double Seconds, int Slot, long Events, long Bytes, long Objects, long StreamGrains, double CpuSeconds, double RssMiB, bool Up);

/// <summary>
/// Reads every silo every <see cref="Interval"/>: its <c>/metrics</c> (delivered events, bytes and objects, counted
/// on the silo of the tenant grain; stream grain activations) and its CPU and RSS from <c>/proc</c>. A counter that
/// went back (the slot's process was restarted) is continued from the last value, so a slot's series is cumulative.
/// </summary>
internal sealed class MetricsSampler : IAsyncDisposable
{
    /// <summary>How often each silo is read; every <c>/metrics</c> read costs the silo a collection of all its instruments.</summary>
    public static TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(3);
    private readonly SiloCluster _cluster;
    private readonly Stopwatch _clock;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<(int Slot, string Name), (double Last, double Offset)> _counters = [];
    private readonly Dictionary<int, double> _cpuByPid = [];
    private readonly Dictionary<int, double> _peakRssByPid = [];
    private readonly Task _loop;
    private readonly Lock _gate = new();

    public MetricsSampler(SiloCluster cluster, Stopwatch clock)
    {
        _cluster = cluster;
        _clock = clock;
        _loop = Task.Run(LoopAsync);
    }

    public List<SiloSample> Samples { get; } = [];

    /// <summary>Peak RSS (VmHWM) of each process ever seen, by slot.</summary>
    public Dictionary<int, double> PeakRssBySlot()
    {
        lock (_gate)
        {
            return _cluster.Incarnations.Select((list, slot) => (slot, peak: list.Select(p => _peakRssByPid.GetValueOrDefault(p.Id)).DefaultIfEmpty(0).Max()))
                .ToDictionary(x => x.slot, x => x.peak);
        }
    }

    /// <summary>The RSS of each slot at its latest sample (0 before the first).</summary>
    public double[] LastRssMiB()
    {
        lock (_gate)
        {
            return [.. Enumerable.Range(0, _cluster.Web.Count).Select(slot => Samples.LastOrDefault(s => s.Slot == slot)?.RssMiB ?? 0)];
        }
    }

    /// <summary>CPU seconds of every process of every slot so far (the last reading of an exited one).</summary>
    public double TotalCpuSeconds()
    {
        lock (_gate)
        {
            ReadProcesses();
            return _cpuByPid.Values.Sum();
        }
    }

    /// <summary>The CPU seconds of every slot (all its incarnations), read once from <c>/proc</c>.</summary>
    public double[] CpuSecondsPerSlot()
    {
        lock (_gate)
        {
            ReadProcesses();
            return [.. _cluster.Incarnations.Select(list => list.Sum(p => _cpuByPid.GetValueOrDefault(p.Id)))];
        }
    }

    public async Task<SiloSample[]> SampleNowAsync()
    {
        var samples = new SiloSample[_cluster.Web.Count];
        var seconds = _clock.Elapsed.TotalSeconds;
        for (var slot = 0; slot < samples.Length; slot++)
        {
            var text = await SiloCluster.MetricsAsync(_http, _cluster.Web[slot]).ConfigureAwait(false);
            lock (_gate)
            {
                ReadProcesses();
                var process = _cluster.Processes[slot];
                var up = text is not null;
                var rss = 0.0;
                try
                {
                    rss = process.HasExited ? 0 : ProcStat.RssMiB(process.Id);
                }
                catch (IOException)
                {
                }
                catch (InvalidOperationException)
                {
                }

                samples[slot] = new SiloSample(
                    seconds,
                    slot,
                    (long)Counter(slot, "loggrains_delivered_events_total", text),
                    (long)Counter(slot, "loggrains_delivered_bytes_total", text),
                    (long)Counter(slot, "loggrains_delivered_objects_total", text),
                    text is null ? 0 : (long)Sum(text, "orleans_catalog_activations", "grain_type=\"logstream\""),
                    _cluster.Incarnations[slot].Sum(p => _cpuByPid.GetValueOrDefault(p.Id)),
                    rss,
                    up);
                Samples.Add(samples[slot]);
            }
        }

        return samples;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _http.Dispose();
    }

    /// <summary>Sum of the samples of metric <paramref name="name"/> whose labels contain <paramref name="label"/>.</summary>
    public static double Sum(string text, string name, string? label = null)
    {
        var total = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length <= name.Length || line[name.Length] is not ('{' or ' '))
            {
                continue;
            }

            if (label is not null && !line.Contains(label, StringComparison.Ordinal))
            {
                continue;
            }

            var close = line.LastIndexOf('}');
            var rest = line[(close < 0 ? name.Length : close + 1)..].Trim().Split(' ');
            if (double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                total += value;
            }
        }

        return total;
    }

    private double Counter(int slot, string name, string? text)
    {
        var key = (slot, name);
        var (last, offset) = _counters.GetValueOrDefault(key);
        if (text is null)
        {
            return last + offset;
        }

        var value = Sum(text, name);
        if (value < last)
        {
            offset += last;
        }

        _counters[key] = (value, offset);
        return value + offset;
    }

    private void ReadProcesses()
    {
        foreach (var process in _cluster.Incarnations.SelectMany(p => p))
        {
            try
            {
                if (!process.HasExited)
                {
                    _cpuByPid[process.Id] = ProcStat.CpuSeconds(process.Id);
                    _peakRssByPid[process.Id] = ProcStat.PeakRssMiB(process.Id);
                }
            }
            catch (IOException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await SampleNowAsync().ConfigureAwait(false);
                await Task.Delay(Interval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
