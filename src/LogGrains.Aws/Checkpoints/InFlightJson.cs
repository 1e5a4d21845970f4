using System.Buffers;
using System.Text.Json;
using LogGrains.Core.Ports;

namespace LogGrains.Aws.Checkpoints;

/// <summary>
/// The <c>request</c> attribute of a stream's in-flight item: <c>{"events":n,"first":ms,"last":ms,"fingerprint":"…",
/// "declared_at":ms,"objects":[{"key":"…","end":n,"complete":b},…]}</c>. At most 64 objects of a few hundred bytes
/// each: a few KB, far below DynamoDB's 400 KB item limit.
/// </summary>
internal static class InFlightJson
{
    public static string Write(InFlightRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("events", request.Events);
            json.WriteNumber("first", request.FirstTimestamp);
            json.WriteNumber("last", request.LastTimestamp);
            json.WriteString("fingerprint", request.Fingerprint);
            json.WriteNumber("declared_at", request.DeclaredAt.ToUnixTimeMilliseconds());
            json.WriteStartArray("objects");
            foreach (var checkpoint in request.Checkpoints)
            {
                json.WriteStartObject();
                json.WriteString("key", checkpoint.ObjectKey);
                json.WriteNumber("end", checkpoint.EndPiece);
                json.WriteBoolean("complete", checkpoint.Complete);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static InFlightRequest Read(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var declaredAt = DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("declared_at").GetInt64());
        var checkpoints = root.GetProperty("objects").EnumerateArray()
            .Select(o => new ObjectCheckpoint(
                o.GetProperty("key").GetString() ?? throw new FormatException("an object without a key"),
                o.GetProperty("end").GetInt64(),
                o.GetProperty("complete").GetBoolean(),
                declaredAt))
            .ToList();
        return new InFlightRequest(
            checkpoints,
            root.GetProperty("events").GetInt32(),
            root.GetProperty("first").GetInt64(),
            root.GetProperty("last").GetInt64(),
            root.GetProperty("fingerprint").GetString() ?? throw new FormatException("no fingerprint"),
            declaredAt);
    }
}
