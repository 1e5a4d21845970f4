using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace LogGrains.Delivery.Tests;

/// <summary>One generated Vector file and the events it must produce.</summary>
internal sealed record StagedFile(string Tenant, string Application, string Pod, string Key, IReadOnlyList<(long Timestamp, string Message)> Events, byte[] Content)
{
    public static StagedFile Create(string tenant, string application, string pod, int number, int events, long firstTimestamp, int messagePadding = 0)
    {
        var list = new List<(long, string)>();
        var text = new StringBuilder();
        for (var j = 0; j < events; j++)
        {
            var timestamp = firstTimestamp + j;
            var message = $"{{\"object\":{number},\"event\":{j},\"tenant\":\"{tenant}\",\"text\":\"ünï 🚀 <>& \\\"q\\\"\"}}{new string('x', messagePadding)}";
            list.Add((timestamp, message));
            var iso = DateTimeOffset.FromUnixTimeMilliseconds(timestamp).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
            text.Append(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["customer_id"] = tenant,
                ["application"] = application,
                ["pod_name"] = pod,
                ["kubernetes"] = new Dictionary<string, string> { ["pod_namespace"] = "ns", ["container_name"] = "app" },
                ["message"] = message,
                ["stream"] = "stdout",
                ["timestamp"] = $"{iso}123456Z",
            })).Append('\n');
        }

        var key = $"{tenant}/prod-cluster-1/{application}/{pod}/{firstTimestamp}-{Guid.NewGuid():N}.json.gz";
        return new StagedFile(tenant, application, pod, key, list, Gzip(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
