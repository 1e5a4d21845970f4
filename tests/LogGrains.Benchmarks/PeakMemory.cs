using System.Buffers;

namespace LogGrains.Benchmarks;

/// <summary>
/// Measures peak managed heap while the full core processes a 64 MiB file: the heap size is sampled
/// after every decoder chunk (forced full collections would hide nothing: the sample is of live + garbage).
/// </summary>
public static class PeakMemory
{
    /// <summary>Prints one line per case: events, peak managed heap, allocated bytes per event.</summary>
    public static async Task RunAsync()
    {
        foreach (var shape in Enum.GetValues<RecordShape>())
        {
            foreach (var framing in Enum.GetValues<Framing>())
            {
                var (gzip, events, bytes) = VectorCorpus.Generate(shape, framing, CoreBenchmarks.FileBytes);
                var body = new ArrayBufferWriter<byte>(1_200_000);
                await CorePipeline.RunAsync(gzip, body).ConfigureAwait(false);
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                var baseline = GC.GetTotalMemory(forceFullCollection: true);
                long peak = 0;
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var (planned, _) = await CorePipeline.RunAsync(gzip, body, () => peak = Math.Max(peak, GC.GetTotalMemory(false))).ConfigureAwait(false);
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                Console.WriteLine(
                    $"{shape,-6} {framing,-6} uncompressed={bytes / 1048576.0:F1} MiB gzip={gzip.Length / 1048576.0:F2} MiB events={events:N0} planned={planned:N0} " +
                    $"peak-heap-above-baseline={(peak - baseline) / 1048576.0:F2} MiB allocated/event={allocated / (double)events:F1} B");
            }
        }
    }
}
