using System.Buffers;
using System.Text;
using System.Text.Json;
using CsCheck;
using LogGrains.Core.Batching;

namespace LogGrains.Core.Tests.Batching;

public sealed class JsonBodyWriterTests
{
    private static readonly string[] Specials = ["\"", "\\", "/", "\\\"", "\"\"", "\u2028", "\u2029", "\u007f"];

    // Every control character, the two JSON specials, '/', ASCII, 2-, 3- and 4-byte UTF-8, and U+2028/U+2029.
    private static readonly Gen<string> Piece = Gen.Frequency(
        (3, Gen.Int[0x00, 0x1F].Select(c => ((char)c).ToString())),
        (3, Gen.Int[0, Specials.Length - 1].Select(i => Specials[i])),
        (4, Gen.Int[0x20, 0x7E].Select(c => ((char)c).ToString())),
        (2, Gen.Int[0x80, 0x7FF].Select(c => ((char)c).ToString())),
        (2, Gen.Int[0x800, 0xFFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(c => ((char)c).ToString())),
        (2, Gen.Int[0x10000, 0x10FFFF].Select(c => new Rune(c).ToString())),
        (1, Gen.Int[1, 2000].Select(n => new string('x', n))));

    private static readonly Gen<string> Text = Piece.Array[0, 120].Select(pieces => string.Concat(pieces));

    [Fact]
    public void Escaped_text_decodes_to_exactly_the_input_bytes_whatever_the_output_chunking()
    {
        Gen.Select(Text, Gen.Int[1, 64]).Sample((text, chunk) =>
        {
            var utf8 = Encoding.UTF8.GetBytes(text);
            var output = new TinyChunkWriter(chunk);
            var writer = new JsonBodyWriter(output);
            writer.WriteByte((byte)'"');
            writer.WriteEscaped(utf8);
            writer.WriteByte((byte)'"');
            writer.Flush();

            var json = output.Written;
            Assert.True(Encoding.UTF8.GetString(json).All(c => c >= 0x20), "no raw control character may remain");
            var reader = new Utf8JsonReader(json);
            Assert.True(reader.Read());
            Assert.Equal(JsonTokenType.String, reader.TokenType);
            var decoded = new byte[json.Length];
            var length = reader.CopyString(decoded);
            Assert.Equal(utf8, decoded[..length]);
            Assert.Equal(text, JsonSerializer.Deserialize<string>(json));
        });
    }

    [Fact]
    public void Control_characters_use_the_short_escapes_where_JSON_has_them()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new JsonBodyWriter(output);
        writer.WriteEscaped("\b\f\n\r\t\"\\\u0000\u001f/é"u8);
        writer.Flush();

        Assert.Equal("\\b\\f\\n\\r\\t\\\"\\\\\\u0000\\u001F/é", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Numbers_are_written_in_full_including_extremes()
    {
        foreach (var value in new[] { 0L, -1L, 1_795_694_400_101L, long.MinValue, long.MaxValue })
        {
            var output = new TinyChunkWriter(1);
            var writer = new JsonBodyWriter(output);
            writer.WriteNumber(value);
            writer.Flush();
            Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(output.Written));
        }
    }

    [Fact]
    public void Request_body_round_trips_random_messages_through_System_Text_Json()
    {
        Gen.Select(Text.Where(t => t.Length > 0), Gen.Int[1, 40]).Array[1, 30].Sample(events =>
        {
            using var planner = new BatchPlanner(new BatchLimits(), PlanRun.Now);
            var messages = events.Select(e => Encoding.UTF8.GetBytes(e.Item1)).ToArray();
            for (var i = 0; i < messages.Length; i++)
            {
                planner.Add(PlanRun.NowMs - events[i].Item2, messages[i]);
            }

            planner.Complete();
            Assert.True(planner.TryTakeBatch(out var batch));
            using (batch)
            {
                var output = new TinyChunkWriter(7);
                batch.WriteRequestBody(output, "/g \"q\" é", "s\\t");
                using var document = JsonDocument.Parse(output.Written);
                var root = document.RootElement;
                Assert.Equal("/g \"q\" é", root.GetProperty("logGroupName").GetString());
                Assert.Equal("s\\t", root.GetProperty("logStreamName").GetString());
                var sent = root.GetProperty("logEvents").EnumerateArray().ToList();
                Assert.Equal(batch.Count, sent.Count);
                for (var i = 0; i < sent.Count; i++)
                {
                    Assert.Equal(["timestamp", "message"], sent[i].EnumerateObject().Select(p => p.Name));
                    Assert.Equal(batch.GetTimestamp(i), sent[i].GetProperty("timestamp").GetInt64());
                    Assert.Equal(Encoding.UTF8.GetString(batch.GetMessage(i)), sent[i].GetProperty("message").GetString());
                }
            }
        });
    }

    /// <summary>Hands out spans of exactly the size asked (at least <c>chunk</c>), so every boundary case is hit.</summary>
    private sealed class TinyChunkWriter(int chunk) : IBufferWriter<byte>
    {
        private readonly List<byte> _written = [];
        private byte[] _current = [];

        public byte[] Written => [.. _written];

        public void Advance(int count) => _written.AddRange(_current.AsSpan(0, count));

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            _current = new byte[Math.Max(sizeHint, chunk)];
            return _current;
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
