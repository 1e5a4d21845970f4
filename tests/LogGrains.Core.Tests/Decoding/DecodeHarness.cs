using System.IO.Compression;
using System.Text;
using LogGrains.Core.Decoding;

namespace LogGrains.Core.Tests.Decoding;

internal static class DecodeHarness
{
    public static readonly DateTimeOffset Fallback = new(2026, 11, 26, 13, 0, 0, TimeSpan.Zero);

    public static long FallbackMs => Fallback.ToUnixTimeMilliseconds();

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Gzip(params byte[][] members)
    {
        var output = new MemoryStream();
        foreach (var member in members)
        {
            using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
            gzip.Write(member);
        }

        return output.ToArray();
    }

    public static async Task<DecodeResult> DecodeAsync(byte[] input, DecodeOptions? options = null, int maxBytesPerRead = int.MaxValue)
    {
        var sink = new CollectingSink();
        await using var reader = new VectorFileReader(new TrickleStream(input, maxBytesPerRead), Fallback, options);
        var calls = 1;
        while (await reader.ReadAsync(sink))
        {
            calls++;
        }

        return new DecodeResult(sink.Events, reader.Stats, calls);
    }

    public static Task<DecodeResult> DecodeAsync(string plain, DecodeOptions? options = null) => DecodeAsync(Utf8(plain), options);

    public static async Task<VectorDecodeException> FailAsync(byte[] input, DecodeOptions? options = null) =>
        await Assert.ThrowsAsync<VectorDecodeException>(() => DecodeAsync(input, options));

    public static Task<VectorDecodeException> FailAsync(string plain, DecodeOptions? options = null) => FailAsync(Utf8(plain), options);

    public static string SamplePath(string name) => Path.Combine(AppContext.BaseDirectory, "Decoding", "Samples", name);
}
