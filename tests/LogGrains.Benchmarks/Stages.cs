using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using LogGrains.Core.Batching;
using LogGrains.Core.Decoding;
using LogGrains.Core.Events;

namespace LogGrains.Benchmarks;

/// <summary>
/// A quick stopwatch breakdown of where the full core spends its time (best of N runs per stage, single thread):
/// gzip alone; decode of the already-decompressed file into a sink that does nothing; + planning; + serializing
/// bodies; and the full core on the gzip file. Coarse, but it says which stage to look at; use the BenchmarkDotNet
/// run for the reported numbers.
/// </summary>
public static class Stages
{
    /// <summary>Prints one line per case, MB/s of uncompressed input (MB = 10^6 bytes) for each stage.</summary>
    public static async Task RunAsync(int repetitions)
    {
        foreach (var shape in Enum.GetValues<RecordShape>())
        {
            foreach (var framing in Enum.GetValues<Framing>())
            {
                var (gzip, events, bytes) = VectorCorpus.Generate(shape, framing, CoreBenchmarks.FileBytes);
                var plain = Decompress(gzip);
                var body = new ArrayBufferWriter<byte>(1_200_000);
                var chunk = new byte[64 * 1024];
                var gz = await BestAsync(repetitions, () =>
                {
                    GzipBaseline.Decompress(gzip, chunk);
                    return Task.CompletedTask;
                }).ConfigureAwait(false);
                var decode = await BestAsync(repetitions, () => DecodeAsync(plain, new NullSink())).ConfigureAwait(false);
                var plan = await BestAsync(repetitions, () => PlanAsync(plain)).ConfigureAwait(false);
                var serialize = await BestAsync(repetitions, () => CorePipeline.RunAsync(plain, body)).ConfigureAwait(false);
                var full = await BestAsync(repetitions, () => CorePipeline.RunAsync(gzip, body)).ConfigureAwait(false);
                double Mbps(double seconds) => bytes / 1e6 / seconds;
                Console.WriteLine(
                    $"{shape,-6} {framing,-6} events={events:N0} gzip={Mbps(gz):F0} decode(plain)={Mbps(decode):F0} +plan={Mbps(plan):F0} " +
                    $"+serialize={Mbps(serialize):F0} full(gzip)={Mbps(full):F0} MB/s  speed ratio full/gzip={gz / full:F2}");
            }
        }
    }

    private static byte[] Decompress(byte[] gzip)
    {
        using var output = new MemoryStream();
        using (var input = new GZipStream(new MemoryStream(gzip, writable: false), CompressionMode.Decompress))
        {
            input.CopyTo(output);
        }

        return output.ToArray();
    }

    private static async Task DecodeAsync(byte[] file, ILogEventSink sink)
    {
        await using var reader = new VectorFileReader(new MemoryStream(file, writable: false), VectorCorpus.EventTime);
        while (await reader.ReadAsync(sink).ConfigureAwait(false))
        {
        }
    }

    private static async Task PlanAsync(byte[] file)
    {
        await using var reader = new VectorFileReader(new MemoryStream(file, writable: false), VectorCorpus.EventTime);
        using var planner = new BatchPlanner(new BatchLimits(), CorePipeline.Now);
        while (await reader.ReadAsync(planner).ConfigureAwait(false))
        {
            Drop(planner);
        }

        planner.Complete();
        Drop(planner);
    }

    private static void Drop(BatchPlanner planner)
    {
        while (planner.TryTakeBatch(out var batch))
        {
            batch.Dispose();
        }
    }

    private static async Task<double> BestAsync(int repetitions, Func<Task> run)
    {
        var best = double.MaxValue;
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            await run().ConfigureAwait(false);
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    private sealed class NullSink : ILogEventSink
    {
        public void Add(long timestampMs, ReadOnlySpan<byte> messageUtf8)
        {
        }
    }
}
