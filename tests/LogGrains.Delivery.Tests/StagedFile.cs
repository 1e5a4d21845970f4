using LogGrains.Testing.Vector;

namespace LogGrains.Delivery.Tests;

/// <summary>One generated Vector file and the events it must produce.</summary>
internal sealed record StagedFile(string Tenant, string Application, string Pod, string Key, IReadOnlyList<(long Timestamp, string Message)> Events, byte[] Content)
{
    public static StagedFile Create(string tenant, string application, string pod, int number, int events, long firstTimestamp, int messagePadding = 0)
    {
        var list = Enumerable.Range(0, events)
            .Select(j => (Timestamp: firstTimestamp + j, Message: $"{{\"object\":{number},\"event\":{j},\"tenant\":\"{tenant}\",\"text\":\"ünï 🚀 <>& \\\"q\\\"\"}}{new string('x', messagePadding)}"))
            .ToList();
        var content = VectorNdjson.Gzip(list.Select(e => new Dictionary<string, object>
        {
            ["customer_id"] = tenant,
            ["application"] = application,
            ["pod_name"] = pod,
            ["kubernetes"] = new Dictionary<string, string> { ["pod_namespace"] = "ns", ["container_name"] = "app" },
            ["message"] = e.Message,
            ["stream"] = "stdout",
            ["timestamp"] = VectorNdjson.Timestamp(e.Timestamp, "123456"),
        }));
        var key = $"{tenant}/prod-cluster-1/{application}/{pod}/{firstTimestamp}-{Guid.NewGuid():N}.json.gz";
        return new StagedFile(tenant, application, pod, key, list, content);
    }
}
