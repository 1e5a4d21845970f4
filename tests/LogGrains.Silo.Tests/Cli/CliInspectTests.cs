using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace LogGrains.Silo.Tests.Cli;

public sealed class CliInspectTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Inspect_reports_what_delivery_would_decode_exclude_and_batch()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loggrains-inspect-{Guid.NewGuid():N}.json.gz");
        try
        {
            await File.WriteAllBytesAsync(path, GeneratedFile());
            File.SetLastWriteTimeUtc(path, Now.AddMinutes(-30).UtcDateTime);

            var result = await CliRun.RunWithInputAsync(new Dictionary<string, string?>(), "", new FixedTime(Now), "inspect", path, "--json");

            Assert.True(result.Exit == 0, result.ToString());
            using var document = JsonDocument.Parse(result.Out);
            var r = document.RootElement;
            Assert.True(r.GetProperty("gzip").GetBoolean());
            Assert.Equal("Ndjson", r.GetProperty("format").GetString());
            Assert.Equal(12_015, r.GetProperty("records").GetInt64());
            Assert.Equal(12_012, r.GetProperty("events").GetInt64());
            Assert.Equal(3, r.GetProperty("emptySkipped").GetInt64());
            Assert.Equal(2, r.GetProperty("invalidUtf8Repaired").GetInt64());
            Assert.Equal(1, r.GetProperty("timestampFallbacks").GetInt64());
            Assert.Equal(4, r.GetProperty("excluded").GetProperty("tooOld").GetInt64());
            Assert.Equal(5, r.GetProperty("excluded").GetProperty("tooNew").GetInt64());
            Assert.Equal(12_003, r.GetProperty("eventsPlanned").GetInt64());
            Assert.Equal(Iso(Now.AddDays(-20)), r.GetProperty("firstEvent").GetString());
            Assert.Equal(Iso(Now.AddHours(3)), r.GetProperty("lastEvent").GetString());
            var batches = r.GetProperty("batches");
            Assert.Equal(2, batches.GetProperty("count").GetInt64());
            Assert.Equal(2_003, batches.GetProperty("eventsMin").GetInt64());
            Assert.Equal(10_000, batches.GetProperty("eventsMax").GetInt64());

            // Batch 1: two repaired messages (12 bytes), the fallback one (7), 9,997 of 11 bytes; batch 2: 2,003 of 11; +26 each.
            Assert.Equal((2 * 38) + 33 + (9_997 * 37), batches.GetProperty("bytesMax").GetInt64());
            Assert.Equal(2_003 * 37, batches.GetProperty("bytesMin").GetInt64());
            Assert.Equal(JsonValueKind.Null, r.GetProperty("failure").ValueKind);

            var table = await CliRun.RunWithInputAsync(new Dictionary<string, string?>(), "", new FixedTime(Now), "inspect", path);
            Assert.Equal(0, table.Exit);
            Assert.Contains("12,003 event(s) in 2 batch(es) would be sent", table.Out, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Inspect_exits_1_with_the_reason_for_a_file_delivery_would_dead_letter()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loggrains-inspect-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(path, "[{\"message\":\"a\"},{\"message\":");

            var result = await CliRun.RunWithInputAsync(new Dictionary<string, string?>(), "", new FixedTime(Now), "inspect", path);

            Assert.Equal(1, result.Exit);
            Assert.Contains("MalformedJson", result.Out, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] GeneratedFile()
    {
        using var text = new MemoryStream();
        void Line(string json) => text.Write(Encoding.UTF8.GetBytes(json + "\n"));
        for (var i = 0; i < 2; i++)
        {
            // A message with a raw 0xFF byte: not UTF-8, delivered with U+FFFD in its place.
            text.Write(Encoding.UTF8.GetBytes($"{{\"timestamp\":\"{Iso(Now.AddMinutes(-50))}\",\"message\":\"bad "));
            text.WriteByte(0xFF);
            text.Write(" byte\"}\n"u8);
        }

        Line("""{"message":"no time"}""");
        for (var i = 0; i < 3; i++)
        {
            Line($$"""{"timestamp":"{{Iso(Now.AddMinutes(-40))}}","message":""}""");
        }

        for (var i = 0; i < 4; i++)
        {
            Line($$"""{"timestamp":"{{Iso(Now.AddDays(-20))}}","message":"too old {{i}}"}""");
        }

        for (var i = 0; i < 5; i++)
        {
            Line($$"""{"timestamp":"{{Iso(Now.AddHours(3))}}","message":"too new {{i}}"}""");
        }

        for (var i = 0; i < 12_000; i++)
        {
            Line($$"""{"timestamp":"{{Iso(Now.AddHours(-1).AddMilliseconds(i))}}","message":"event {{i.ToString("D5", CultureInfo.InvariantCulture)}}"}""");
        }

        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(text.ToArray());
        }

        return gzipped.ToArray();
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
