using System.Globalization;
using System.Text;

namespace LogGrains.Core.Tests.Decoding;

/// <summary>One generated Vector record: its JSON text and the event a correct decoder must produce from it.</summary>
internal sealed record GeneratedRecord(string Message, TimestampForm Form, long EpochMs, int SubMsNanos, int OffsetMinutes, int EscapeSeed)
{
    private const string Kubernetes =
        "{\"container_name\":\"app\",\"pod_labels\":{\"app\":\"x\",\"message\":\"not me\"},\"pod_ips\":[\"10.0.0.1\"],\"n\":12345678901234567890,\"ok\":true,\"none\":null}";

    public bool IsEmpty => Message.Length == 0;

    public LoggedEvent Expected(long fallbackMs) => new(
        Form is TimestampForm.Missing or TimestampForm.Garbage ? fallbackMs
            : Form is TimestampForm.EpochSeconds ? EpochMs / 1000 * 1000
            : EpochMs,
        Message);

    public string ToJson(bool pretty)
    {
        var separator = pretty ? ",\n    " : ",";
        var colon = pretty ? ": " : ":";
        var fields = new List<string>
        {
            $"\"customer_id\"{colon}\"acme\"",
            $"\"kubernetes\"{colon}{Kubernetes}",
            $"\"message\"{colon}\"{Escape(Message, EscapeSeed)}\"",
            $"\"stream\"{colon}\"stdout\"",
        };
        var timestamp = TimestampJson();
        if (timestamp is not null)
        {
            fields.Insert(EscapeSeed % (fields.Count + 1), $"\"timestamp\"{colon}{timestamp}");
        }

        return pretty ? "{\n    " + string.Join(separator, fields) + "\n  }" : "{" + string.Join(separator, fields) + "}";
    }

    private string? TimestampJson()
    {
        var utc = DateTimeOffset.FromUnixTimeMilliseconds(EpochMs);
        var fraction = ((EpochMs % 1000 + 1000) % 1000 * 1_000_000 + SubMsNanos).ToString("D9", CultureInfo.InvariantCulture);
        switch (Form)
        {
            case TimestampForm.Rfc3339Nanos:
                return $"\"{utc:yyyy-MM-ddTHH:mm:ss}.{fraction}Z\"";
            case TimestampForm.Rfc3339Offset:
                var local = utc.ToOffset(TimeSpan.FromMinutes(OffsetMinutes));
                var sign = OffsetMinutes < 0 ? '-' : '+';
                var abs = Math.Abs(OffsetMinutes);
                return $"\"{local:yyyy-MM-ddTHH:mm:ss}.{fraction[..(3 + (EscapeSeed % 7))]}{sign}{abs / 60:D2}:{abs % 60:D2}\"";
            case TimestampForm.Rfc3339SpaceNoOffset:
                return $"\"{utc:yyyy-MM-dd HH:mm:ss}.{fraction[..3]}\"";
            case TimestampForm.EpochSeconds:
                return utc.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            case TimestampForm.EpochSecondsFraction:
                return (EpochMs / 1000m).ToString("0.000", CultureInfo.InvariantCulture);
            case TimestampForm.EpochMillis:
                return EpochMs.ToString(CultureInfo.InvariantCulture);
            case TimestampForm.EpochMicrosString:
                return $"\"{(EpochMs * 1000) + (SubMsNanos / 1000)}\"";
            case TimestampForm.EpochNanos:
                return ((EpochMs * 1_000_000) + SubMsNanos).ToString(CultureInfo.InvariantCulture);
            case TimestampForm.Garbage:
                return "\"at noon\"";
            default:
                return null;
        }
    }

    // Escapes what JSON requires and, driven by the seed, a random share of the rest as \uXXXX (surrogate pairs as two escapes).
    private static string Escape(string text, int seed)
    {
        var random = new Random(seed);
        var output = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length;
            if (c == '"' || c == '\\')
            {
                output.Append('\\').Append(random.Next(4) == 0 ? $"u{(int)c:x4}" : c.ToString());
            }
            else if (c < 0x20)
            {
                output.Append(c switch { '\n' => "\\n", '\t' => "\\t", '\r' => "\\r", _ => $"\\u{(int)c:X4}" });
            }
            else if (random.Next(4) == 0)
            {
                output.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                if (pair)
                {
                    output.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[++i]:X4}");
                }
            }
            else
            {
                output.Append(c);
                if (pair)
                {
                    output.Append(text[++i]);
                }
            }
        }

        return output.ToString();
    }
}
