using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LogGrains.Aws.Tests.CloudWatchLogs;

/// <summary>Writes PutLogEvents bodies the way the batch planner does: straight to UTF-8, non-ASCII unescaped.</summary>
internal static class LogEventsBody
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Action<IBufferWriter<byte>> Of(string group, string stream, params (long Timestamp, string Message)[] events) =>
        buffer =>
        {
            using var json = new Utf8JsonWriter(buffer, Options);
            json.WriteStartObject();
            json.WriteString("logGroupName", group);
            json.WriteString("logStreamName", stream);
            json.WriteStartArray("logEvents");
            foreach (var (timestamp, message) in events)
            {
                json.WriteStartObject();
                json.WriteNumber("timestamp", timestamp);
                json.WriteString("message", message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        };

    public static byte[] Bytes(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
