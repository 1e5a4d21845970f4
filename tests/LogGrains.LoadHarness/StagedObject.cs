using System.Globalization;
using System.Text;
using LogGrains.Testing.Vector;

namespace LogGrains.LoadHarness;

/// <summary>
/// One generated Vector object of one stream. Its events are a pure function of (tenant, pod, number), so the
/// verification regenerates them instead of keeping every event in memory.
/// </summary>
/// <param name="Tenant">The tenant (the key's <c>customer_id</c>).</param>
/// <param name="Pod">The pod: one pod is one log stream.</param>
/// <param name="Number">A number unique in the run.</param>
/// <param name="Events">Events in the object.</param>
/// <param name="MessageBytes">Bytes of each message.</param>
/// <param name="FirstTimestamp">Unix ms of the first event; event j is at +j ms.</param>
internal sealed record StagedObject(string Tenant, string Pod, int Number, int Events, int MessageBytes, long FirstTimestamp)
{
    public const string Application = "api";

    public string Key => $"{Tenant}/prod-cluster-1/{Application}/{Pod}/{FirstTimestamp}-{Number:D8}.json.gz";

    /// <summary>The message of event <paramref name="index"/>: tenant, pod, object and event numbers, then padding.</summary>
    public string Message(int index)
    {
        var head = $"{Tenant}|{Pod}|o{Number}|e{index}|";
        return head.Length >= MessageBytes ? head : head + new string('x', MessageBytes - head.Length);
    }

    public long Timestamp(int index) => FirstTimestamp + index;

    /// <summary>The object as Vector's kubernetes_logs source and S3 sink write it: NDJSON, gzip.</summary>
    public (byte[] Gzip, long Uncompressed) Generate()
    {
        var text = new StringBuilder(Events * (MessageBytes + 600));
        for (var j = 0; j < Events; j++)
        {
            text.Append(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["customer_id"] = Tenant,
                ["cluster_id"] = "prod-cluster-1",
                ["namespace"] = "payments",
                ["application"] = Application,
                ["pod_name"] = Pod,
                ["file"] = $"/var/log/pods/payments_{Pod}_0b7c/{Application}/0.log",
                ["kubernetes"] = new Dictionary<string, object>
                {
                    ["container_name"] = Application,
                    ["pod_namespace"] = "payments",
                    ["pod_node_name"] = "ip-10-0-1-17.ec2.internal",
                    ["pod_labels"] = new Dictionary<string, string> { ["app"] = Application, ["pod-template-hash"] = "7d9f8b6c5" },
                },
                ["message"] = Message(j),
                ["source_type"] = "kubernetes_logs",
                ["stream"] = "stdout",
                ["timestamp"] = VectorNdjson.Timestamp(Timestamp(j), "123"),
                ["ingest_timestamp"] = VectorNdjson.Timestamp(Timestamp(j) + 5, "456"),
            })).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return (VectorNdjson.Gzip(bytes), bytes.Length);
    }

    /// <summary>Parses the object number and event index back out of a message this harness wrote, or null.</summary>
    public static (string Tenant, string Pod, int Number, int Index)? Parse(string message)
    {
        var parts = message.Split('|', 5);
        return parts.Length == 5 && parts[2].StartsWith('o') && parts[3].StartsWith('e')
            && int.TryParse(parts[2].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && int.TryParse(parts[3].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? (parts[0], parts[1], number, index)
                : null;
    }
}
