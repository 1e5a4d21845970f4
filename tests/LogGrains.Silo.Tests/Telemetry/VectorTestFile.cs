using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LogGrains.Silo.Tests.Telemetry;

/// <summary>A generated gzip NDJSON Vector file with unique timestamps, and the events it must produce.</summary>
internal sealed record VectorTestFile(string Key, IReadOnlyList<(long Timestamp, string Message)> Events, byte[] Content)
{
    public static VectorTestFile Create(string tenant, string application, int events, int messagePadding = 0)
    {
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var list = new List<(long, string)>();
        var text = new StringBuilder();
        for (var j = 0; j < events; j++)
        {
            var timestamp = first + j;
            var message = $"{{\"tenant\":\"{tenant}\",\"event\":{j}}}{new string('x', messagePadding)}";
            list.Add((timestamp, message));
            var iso = DateTimeOffset.FromUnixTimeMilliseconds(timestamp).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
            text.Append(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["customer_id"] = tenant,
                ["application"] = application,
                ["pod_name"] = $"{application}-0",
                ["message"] = message,
                ["timestamp"] = $"{iso}Z",
            })).Append('\n');
        }

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }

        return new VectorTestFile($"{tenant}/prod-cluster-1/{application}/{application}-0/{first}-{Guid.NewGuid():N}.json.gz", list, output.ToArray());
    }

    public static string Hash(IEnumerable<(long Timestamp, string Message)> events) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", events.OrderBy(e => e.Timestamp).Select(e => $"{e.Timestamp}\t{e.Message}")))));
}
