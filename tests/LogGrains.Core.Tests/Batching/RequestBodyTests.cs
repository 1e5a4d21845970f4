using System.Buffers;
using System.Text;
using System.Text.Json;
using LogGrains.Core.Batching;

namespace LogGrains.Core.Tests.Batching;

public sealed class RequestBodyTests
{
    private static readonly string[] Messages =
    [
        "plain",
        "quote \" and backslash \\ and slash /",
        "controls \u0000 \u0001 \t \n \r \u001f \u007f",
        "line separators \u2028 \u2029",
        "emoji 😀👍🏽 and 𝄞",
        "html <script>alert('x')</script> & more",
        "{\"level\":\"info\",\"n\":12345678901234567890,\"msg\":\"a\\u00e9\"}",
        "ünïcödé € 漢字",
    ];

    [Fact]
    public void Body_round_trips_through_System_Text_Json_to_the_same_message_bytes()
    {
        var now = PlanRun.NowMs;
        var events = Messages.Select((m, i) => (now + i, Encoding.UTF8.GetBytes(m)));

        var body = WriteSingleBatch(events, "/tenant/app", "app-pod-2026-11-26");

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal(["logGroupName", "logStreamName", "logEvents"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("/tenant/app", root.GetProperty("logGroupName").GetString());
        Assert.Equal("app-pod-2026-11-26", root.GetProperty("logStreamName").GetString());
        var sent = root.GetProperty("logEvents").EnumerateArray().ToList();
        Assert.Equal(Messages.Length, sent.Count);
        for (var i = 0; i < Messages.Length; i++)
        {
            Assert.Equal(["timestamp", "message"], sent[i].EnumerateObject().Select(p => p.Name));
            Assert.Equal(now + i, sent[i].GetProperty("timestamp").GetInt64());
            Assert.Equal(Encoding.UTF8.GetBytes(Messages[i]), DecodedBytes(sent[i].GetProperty("message")));
        }
    }

    [Fact]
    public void Html_characters_are_written_as_themselves_not_escaped()
    {
        var body = WriteSingleBatch([(PlanRun.NowMs, Encoding.UTF8.GetBytes("<a href=\"x\">&amp;</a>"))], "g", "s");

        Assert.Contains("\"message\":\"<a href=\\\"x\\\">&amp;</a>\"", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Fact]
    public void Body_lists_events_in_send_order()
    {
        var events = new[] { (PlanRun.NowMs + 2, "c"u8.ToArray()), (PlanRun.NowMs, "a"u8.ToArray()), (PlanRun.NowMs + 1, "b"u8.ToArray()) };

        var body = WriteSingleBatch(events, "g", "s");

        using var document = JsonDocument.Parse(body);
        var messages = document.RootElement.GetProperty("logEvents").EnumerateArray().Select(e => e.GetProperty("message").GetString());
        Assert.Equal(["a", "b", "c"], messages);
    }

    [Fact]
    public void Pieces_of_a_split_multibyte_message_decode_to_the_original_when_concatenated()
    {
        var message = Utf8Reference.Repeat("é😀\"\\\u2028<", 2_000);
        var limits = new BatchLimits { MaxEventBytes = 26 + 1_000 };

        var body = WriteSingleBatch([(PlanRun.NowMs, message)], "g", "s", limits);

        using var document = JsonDocument.Parse(body);
        var decoded = document.RootElement.GetProperty("logEvents").EnumerateArray().SelectMany(e => DecodedBytes(e.GetProperty("message")));
        Assert.Equal(message, decoded.ToArray());
    }

    [Fact]
    public void Missing_names_are_refused_naming_the_argument()
    {
        using var planner = new BatchPlanner(new BatchLimits(), PlanRun.Now);
        planner.Add(PlanRun.NowMs, "x"u8);
        planner.Complete();
        Assert.True(planner.TryTakeBatch(out var batch));
        using (batch)
        {
            var output = new ArrayBufferWriter<byte>();
            Assert.Equal("logGroupName", Assert.ThrowsAny<ArgumentException>(() => batch.WriteRequestBody(output, "", "s")).ParamName);
            Assert.Equal("logStreamName", Assert.ThrowsAny<ArgumentException>(() => batch.WriteRequestBody(output, "g", null!)).ParamName);
            Assert.Equal(0, output.WrittenCount);
        }
    }

    private static byte[] DecodedBytes(JsonElement message)
    {
        // Unescape through the reader's own UTF-8 path, not via a .NET string, to compare bytes exactly.
        var raw = Encoding.UTF8.GetBytes(message.GetRawText());
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        var buffer = new byte[reader.ValueSpan.Length];
        var length = reader.CopyString(buffer);
        return buffer[..length];
    }

    private static byte[] WriteSingleBatch(IEnumerable<(long, byte[])> events, string group, string stream, BatchLimits? limits = null)
    {
        using var planner = new BatchPlanner(limits ?? new BatchLimits(), PlanRun.Now);
        foreach (var (timestamp, message) in events)
        {
            planner.Add(timestamp, message);
        }

        planner.Complete();
        Assert.True(planner.TryTakeBatch(out var batch));
        Assert.False(planner.TryTakeBatch(out _));
        using (batch)
        {
            var output = new ArrayBufferWriter<byte>();
            batch.WriteRequestBody(output, group, stream);
            return output.WrittenSpan.ToArray();
        }
    }
}
