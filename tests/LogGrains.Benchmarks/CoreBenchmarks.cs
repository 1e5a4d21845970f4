using System.Buffers;
using BenchmarkDotNet.Attributes;

namespace LogGrains.Benchmarks;

/// <summary>
/// The full core against bare gzip decompression of the same 64 MiB (uncompressed) file, in one run.
/// Report: MB/s of uncompressed input, events/s, allocated bytes per event, ratio to the baseline.
/// </summary>
/// <remarks>
/// Three processes per case, and the median reported beside the mean: on the shared 2-vCPU machine the same build runs a
/// case at one of two speeds for the life of a process (see docs/PERFORMANCE.md), so one process per case measured that
/// process's luck as much as the code.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 3, warmupCount: 2, iterationCount: 6)]
public class CoreBenchmarks
{
    private byte[] _gzip = [];
    private readonly byte[] _sink = new byte[64 * 1024];
    private readonly ArrayBufferWriter<byte> _body = new(1_200_000);

    /// <summary>The record shape.</summary>
    [Params(RecordShape.Vector, RecordShape.Bare)]
    public RecordShape Shape { get; set; }

    /// <summary>The framing.</summary>
    [Params(Framing.Ndjson, Framing.Array)]
    public Framing Framing { get; set; }

    /// <summary>Uncompressed size of the generated file.</summary>
    public static long FileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Generates the file once per case.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (gzip, events, bytes) = VectorCorpus.Generate(Shape, Framing, FileBytes);
        _gzip = gzip;
        Console.WriteLine($"// corpus {Shape}/{Framing}: {bytes:N0} bytes uncompressed, {gzip.Length:N0} gzip, {events:N0} events");
    }

    /// <summary>Bare GZipStream decompression of the same file.</summary>
    [Benchmark(Baseline = true)]
    public long GzipDecompressOnly() => GzipBaseline.Decompress(_gzip, _sink);

    /// <summary>Decode, extract, plan and serialize every PutLogEvents body.</summary>
    [Benchmark]
    public async Task<long> FullCore() => (await CorePipeline.RunAsync(_gzip, _body).ConfigureAwait(false)).Events;
}
