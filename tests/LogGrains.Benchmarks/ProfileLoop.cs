using System.Buffers;
using System.Diagnostics;

namespace LogGrains.Benchmarks;

/// <summary>
/// Runs the full core over one case for a number of seconds, for a profiler (<c>perf record</c>) to sample.
/// </summary>
public static class ProfileLoop
{
    /// <summary>Loops <see cref="CorePipeline.RunAsync"/> and prints the mean time per file.</summary>
    public static async Task RunAsync(RecordShape shape, Framing framing, double seconds)
    {
        var (gzip, _, _) = VectorCorpus.Generate(shape, framing, CoreBenchmarks.FileBytes);
        var body = new ArrayBufferWriter<byte>(1_200_000);
        var watch = Stopwatch.StartNew();
        var runs = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            await CorePipeline.RunAsync(gzip, body).ConfigureAwait(false);
            runs++;
        }

        Console.WriteLine($"{shape}/{framing}: {runs} runs, {watch.Elapsed.TotalMilliseconds / runs:F2} ms per file");
    }
}
