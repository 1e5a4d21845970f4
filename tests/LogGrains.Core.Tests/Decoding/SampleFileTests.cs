using System.Globalization;
using System.Text.Json;
using LogGrains.Core.Decoding;
using static LogGrains.Core.Tests.Decoding.DecodeHarness;

namespace LogGrains.Core.Tests.Decoding;

public sealed class SampleFileTests
{
    private const string Ndjson = "vector-kubernetes-logs.ndjson";
    private const string Array = "vector-kubernetes-logs.array.json";

    // An independent oracle: System.Text.Json's DOM, with the nanoseconds cut to milliseconds before DateTimeOffset parsing.
    private static List<LoggedEvent> Expected()
    {
        var events = new List<LoggedEvent>();
        foreach (var line in File.ReadLines(SamplePath(Ndjson)).Where(l => l.Length > 0))
        {
            using var record = JsonDocument.Parse(line);
            var timestamp = record.RootElement.GetProperty("timestamp").GetString()!;
            var ms = DateTimeOffset.Parse(timestamp[..23] + "Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            events.Add(new LoggedEvent(ms, record.RootElement.GetProperty("message").GetString()!));
        }

        return events;
    }

    [Theory]
    [InlineData(Ndjson, false, ContentFormat.Ndjson)]
    [InlineData(Ndjson, true, ContentFormat.Ndjson)]
    [InlineData(Array, false, ContentFormat.JsonArray)]
    [InlineData(Array, true, ContentFormat.JsonArray)]
    public async Task Sample_decodes_to_the_collector_events_in_both_framings(string name, bool gzip, ContentFormat format)
    {
        var bytes = File.ReadAllBytes(SamplePath(name));
        var expected = Expected();

        var result = await DecodeAsync(gzip ? Gzip(bytes) : bytes);

        Assert.Equal(5, expected.Count);
        Assert.Equal(expected, result.Events);
        Assert.Equal(format, result.Stats.Format);
        Assert.Equal(gzip, result.Stats.IsGzip);
        Assert.Equal(0, result.Stats.TimestampFallbacks);
        Assert.Equal(bytes.Length, result.Stats.DecompressedBytes);
    }

    [Theory]
    [InlineData(Ndjson)]
    [InlineData(Array)]
    public async Task A_stream_returning_one_byte_per_read_gives_exactly_the_same_events(string name)
    {
        var bytes = File.ReadAllBytes(SamplePath(name));

        var normal = await DecodeAsync(bytes);
        var trickledPlain = await DecodeAsync(bytes, new DecodeOptions { ChunkSize = 1 }, maxBytesPerRead: 1);
        var trickledGzip = await DecodeAsync(Gzip(bytes), new DecodeOptions { ChunkSize = 7 }, maxBytesPerRead: 1);

        Assert.Equal(normal.Events, trickledPlain.Events);
        Assert.Equal(normal.Events, trickledGzip.Events);
        Assert.Equal(Expected(), normal.Events);
    }
}
