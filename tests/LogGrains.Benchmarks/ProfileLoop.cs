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

    /// <summary>Loops <see cref="CorePipeline.RunAsync"/> and prints the mean time per file.</summary>
    public static async Task RunAsync(RecordShape shape, Framing framing, double seconds)
    {
        var (gzip, _, _) = VectorCorpus.Generate(shape, framing, CoreBenchmarks.FileBytes);
        var body = new ArrayBufferWriter<byte>(1_200_000);
        var times = new List<double>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            var run = Stopwatch.StartNew();
            await CorePipeline.RunAsync(gzip, body).ConfigureAwait(false);
            times.Add(run.Elapsed.TotalMilliseconds);
        }

        // The second half only: the first runs include tiered JIT compilation.
        var steady = times.Skip(times.Count / 2).Order().ToList();
        Console.WriteLine(FormattableString.Invariant(
            $"{shape}/{framing}: {times.Count} runs, steady min {steady[0]:F2} ms, median {steady[steady.Count / 2]:F2} ms per file"));
    }
}
