using System.Buffers;
using System.Diagnostics;

namespace LogGrains.Benchmarks;

/// <summary>
/// Runs the full core over one case for a number of seconds, for a profiler (<c>perf record</c>) to sample.
/// </summary>
public static class ProfileLoop
{
    /// <summary>Runs <see cref="CorePipeline.RunAsync"/> exactly <paramref name="runs"/> times (for instruction counts under callgrind).</summary>
    public static async Task RunCountAsync(RecordShape shape, Framing framing, int runs, long fileBytes)
    {
        var (gzip, _, _) = VectorCorpus.Generate(shape, framing, fileBytes);
        var body = new ArrayBufferWriter<byte>(1_200_000);
        long events = 0;
        for (var i = 0; i < runs; i++)
        {
            events += (await CorePipeline.RunAsync(gzip, body).ConfigureAwait(false)).Events;
        }

        Console.WriteLine(FormattableString.Invariant($"{shape}/{framing}: {runs} runs, {events} events"));
    }

    /// <summary>
    /// Loops <see cref="CorePipeline.RunAsync"/> (or, with <paramref name="gzipOnly"/>, the baseline: bare gzip
    /// decompression of the same file) and prints the steady minimum and median time per file.
    /// </summary>
    public static async Task RunAsync(RecordShape shape, Framing framing, double seconds, bool gzipOnly = false)
    {
        var (gzip, _, _) = VectorCorpus.Generate(shape, framing, CoreBenchmarks.FileBytes);
        var body = new ArrayBufferWriter<byte>(1_200_000);
        var sink = new byte[64 * 1024];
        var times = new List<double>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            var run = Stopwatch.StartNew();
            if (gzipOnly)
            {
                GzipBaseline.Decompress(gzip, sink);
            }
            else
            {
                await CorePipeline.RunAsync(gzip, body).ConfigureAwait(false);
            }

            times.Add(run.Elapsed.TotalMilliseconds);
        }

        var (min, median) = Steady(times);
        Console.WriteLine(FormattableString.Invariant(
            $"{shape}/{framing}{(gzipOnly ? " gzip only" : string.Empty)}: {times.Count} runs, steady min {min:F2} ms, median {median:F2} ms per file"));
    }

    /// <summary>
    /// Alternates bare gzip decompression and the full core on the same file for a number of seconds and prints the
    /// steady minimum and median of each and their ratio: the issue's speed ratio measured in one process.
    /// </summary>
    public static async Task RunRatioAsync(RecordShape shape, Framing framing, double seconds)
    {
        var (gzip, _, _) = VectorCorpus.Generate(shape, framing, CoreBenchmarks.FileBytes);
        var body = new ArrayBufferWriter<byte>(1_200_000);
        var sink = new byte[64 * 1024];
        var baseline = new List<double>();
        var core = new List<double>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            var run = Stopwatch.StartNew();
            GzipBaseline.Decompress(gzip, sink);
            baseline.Add(run.Elapsed.TotalMilliseconds);
            run.Restart();
            await CorePipeline.RunAsync(gzip, body).ConfigureAwait(false);
            core.Add(run.Elapsed.TotalMilliseconds);
        }

        var (baseMin, baseMedian) = Steady(baseline);
        var (coreMin, coreMedian) = Steady(core);
        Console.WriteLine(FormattableString.Invariant(
            $"{shape}/{framing}: {core.Count} pairs, gzip min {baseMin:F2} / median {baseMedian:F2} ms, core min {coreMin:F2} / median {coreMedian:F2} ms, speed ratio of minima {baseMin / coreMin:F3}, of medians {baseMedian / coreMedian:F3}"));
    }

    // The second half only: the first runs include tiered JIT compilation.
    private static (double Min, double Median) Steady(List<double> times)
    {
        var steady = times.Skip(times.Count / 2).Order().ToList();
        return (steady[0], steady[steady.Count / 2]);
    }
}
