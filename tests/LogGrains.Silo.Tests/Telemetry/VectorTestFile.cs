using System.Security.Cryptography;
using System.Text;
using LogGrains.Testing.Vector;

namespace LogGrains.Silo.Tests.Telemetry;

/// <summary>A generated gzip NDJSON Vector file with unique timestamps, and the events it must produce.</summary>
internal sealed record VectorTestFile(string Key, IReadOnlyList<(long Timestamp, string Message)> Events, byte[] Content)
{
    public static VectorTestFile Create(string tenant, string application, int events, int messagePadding = 0)
    {
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var list = Enumerable.Range(0, events)
            .Select(j => (Timestamp: first + j, Message: $"{{\"tenant\":\"{tenant}\",\"event\":{j}}}{new string('x', messagePadding)}"))
            .ToList();
        var content = VectorNdjson.Gzip(list.Select(e => new Dictionary<string, object>
        {
            ["customer_id"] = tenant,
            ["application"] = application,
            ["pod_name"] = $"{application}-0",
            ["message"] = e.Message,
            ["timestamp"] = VectorNdjson.Timestamp(e.Timestamp),
        }));
        return new VectorTestFile($"{tenant}/prod-cluster-1/{application}/{application}-0/{first}-{Guid.NewGuid():N}.json.gz", list, content);
    }

    public static string Hash(IEnumerable<(long Timestamp, string Message)> events) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", events.OrderBy(e => e.Timestamp).Select(e => $"{e.Timestamp}\t{e.Message}")))));
}
