using System.IO.Compression;
using System.Text;

namespace LogGrains.Benchmarks;

/// <summary>
/// Generates gzip files of a given uncompressed size, shaped like what the collector writes
/// (see the shared samples): deterministic, so every run measures the same bytes.
/// </summary>
public static class VectorCorpus
{
    /// <summary>The S3 event time used as the fallback timestamp.</summary>
    public static readonly DateTimeOffset EventTime = new(2026, 11, 26, 12, 5, 0, TimeSpan.Zero);

    private static readonly string[] Messages =
    [
        """{"level":"info","ts":"2026-11-26T12:00:00.101Z","msg":"payment authorized","order_id":"A-1001","amount_cents":129900,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}""",
        "I1126 12:00:00.311542       1 controller.go:116] \"Reconciling\" object=\"payments/payment-service\" generation=42 observed=41",
        "time=2026-11-26T12:00:00.5Z level=warn msg=\"slow upstream\" upstream=ledger-api latency_ms=812 route=/v1/charge attempt=2",
        "GET /healthz 200 0.412 ms - 2 \"kube-probe/1.31\" 10.128.2.1 - request completed successfully for readiness check",
        "Ünïcødé line with emoji 🚀 and CJK 日本語テキスト and quotes \"x\" and backslash \\ and tab\tend of message",
    ];

    /// <summary>Writes a gzip file of about <paramref name="uncompressedBytes"/> and returns (compressed bytes, events written).</summary>
    /// <param name="shape">The records' shape.</param>
    /// <param name="framing">NDJSON or one JSON array.</param>
    /// <param name="uncompressedBytes">About how many bytes to write before compression.</param>
    /// <param name="start">The first event's time; the corpus' fixed day when null.</param>
    /// <param name="seed">Seeds the ids and latencies, so files of one run differ while every run writes the same bytes.</param>
    public static (byte[] Gzip, int Events, long UncompressedBytes) Generate(RecordShape shape, Framing framing, long uncompressedBytes, DateTime? start = null, int seed = 20261126)
    {
        using var compressed = new MemoryStream();
        long written = 0;
        var events = 0;
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var first = start ?? new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);
            var random = new Random(seed);
            void Write(string text)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                gzip.Write(bytes);
                written += bytes.Length;
            }

            if (framing == Framing.Array)
            {
                Write("[");
            }

            while (written < uncompressedBytes)
            {
                if (framing == Framing.Array && events > 0)
                {
                    Write(",");
                }

                var timestamp = first.AddTicks(events * 1_237L);
                var nanos = $"{timestamp:yyyy-MM-ddTHH:mm:ss.fffffff}{events % 100:D2}Z";
                Write(shape == RecordShape.Vector ? VectorRecord(events, nanos, random) : BareRecord(events, nanos, random));
                if (framing == Framing.Ndjson)
                {
                    Write("\n");
                }

                events++;
            }

            if (framing == Framing.Array)
            {
                Write("]");
            }
        }

        return (compressed.ToArray(), events, written);
    }

    private static string Escape(string message) =>
        System.Text.Json.JsonSerializer.Serialize(message, JsonOptions.Relaxed);

    /// <summary>
    /// Real messages carry ids, latencies and trace ids that do not repeat; without them gzip reaches
    /// 70:1 on this corpus instead of the ~30:1 the collector sees, and the baseline is flattered.
    /// </summary>
    private static string Message(int n, Random random) =>
        $"{Messages[n % Messages.Length]} seq={n} trace_id={random.NextInt64():x16}{random.NextInt64():x16} latency_ms={random.Next(1, 5000)} user={random.Next():x8}";

    private static string BareRecord(int n, string timestamp, Random random) =>
        $$"""{"timestamp":"{{timestamp}}","message":{{Escape(Message(n, random))}}}""";

    private static string VectorRecord(int n, string timestamp, Random random)
    {
        var pod = $"payment-service-7d9f8b6c5-{random.Next(0, 4096):x3}k4p";
        return $$"""{"application":"payment-service","cluster_id":"prod-cluster-1","customer_id":"acme-corp","file":"/var/log/pods/payments_{{pod}}_0c1f2e3d-4a5b-6c7d-8e9f-0a1b2c3d4e5f/app/0.log","kubernetes":{"container_id":"cri-o://3f2a9c1b7e6d5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a","container_image":"quay.io/acme/payment-service:2.14.1","container_image_id":"quay.io/acme/payment-service@sha256:9b1c7f0e4d2a8b6c3e5f7a9d1b3c5e7f9a1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f","container_name":"app","namespace_labels":{"kubernetes.io/metadata.name":"payments","rosa_export_logs":"true"},"node_labels":{"kubernetes.io/hostname":"ip-10-0-1-23.ec2.internal","topology.kubernetes.io/zone":"us-east-1a"},"pod_annotations":{"customer_id":"acme-corp","cluster_id":"prod-cluster-1","application":"payment-service"},"pod_ip":"10.128.2.17","pod_ips":["10.128.2.17"],"pod_labels":{"app":"payment-service","pod-template-hash":"7d9f8b6c5","rosa_export_logs":"true"},"pod_name":"{{pod}}","pod_namespace":"payments","pod_node_name":"ip-10-0-1-23.ec2.internal","pod_owner":"ReplicaSet/payment-service-7d9f8b6c5","pod_uid":"0c1f2e3d-4a5b-6c7d-8e9f-0a1b2c3d4e5f"},"message":{{Escape(Message(n, random))}},"pod_name":"{{pod}}","source_type":"kubernetes_logs","stream":"stdout","timestamp":"{{timestamp}}"}""";
    }
}
