using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using LogGrains.Core.Tenants;

namespace LogGrains.Local;

/// <summary>
/// Writes the local profile's sample tenants (<c>acme-corp</c>, <c>globex</c>) and sample Vector files: gzip NDJSON
/// of <c>kubernetes_logs</c> records with nanosecond timestamps a few minutes old, shaped like Vector's output.
/// </summary>
internal sealed class LocalSampleWriter(LocalPaths paths)
{
    public const string ClusterId = "local-cluster";

    public const string LocalRoleArn = "arn:aws:iam::111111111111:role/loggrains-local";

    /// <summary>The globex application its <c>desired_logs</c> lets through; <see cref="FilteredApplication"/> is not.</summary>
    public const string DesiredApplication = "checkout";

    public const string FilteredApplication = "batch-reports";

    private static readonly (string Tenant, string Application, string Pod, string Namespace, bool ReachesLogs, int Count)[] InitialFiles =
    [
        ("acme-corp", "payment-service", "payment-service-7d9f8b6c5-x2k4p", "payments", true, 5),
        ("acme-corp", "payment-service", "payment-service-7d9f8b6c5-q8m2z", "payments", true, 4),
        ("acme-corp", "web-frontend", "web-frontend-5c6b7d8e9-h3j4k", "web", true, 4),
        ("globex", DesiredApplication, "checkout-6f7a8b9c0-p1q2r", "shop", true, 4),
        ("globex", FilteredApplication, "batch-reports-28461930-zz9xw", "reports", false, 3),
    ];

    private static readonly string[] Templates =
    [
        "{{\"level\":\"info\",\"msg\":\"request handled\",\"app\":\"{0}\",\"request_id\":\"r-{1}\",\"duration_ms\":{2}}}",
        "GET /api/orders/{1} 200 {2}ms",
        "{{\"level\":\"warn\",\"msg\":\"slow dependency\",\"app\":\"{0}\",\"request_id\":\"r-{1}\",\"latency_ms\":{2}}}",
        "java.lang.IllegalStateException: upstream timeout in {0} (request r-{1})\n\tat com.example.Client.call(Client.java:{2})\n\tat com.example.Handler.handle(Handler.java:88)",
        "{{\"level\":\"info\",\"msg\":\"cache refreshed\",\"app\":\"{0}\",\"entries\":{2},\"note\":\"naïve café ✓\"}}",
    ];

    private int _sequence;

    /// <summary>The tenant items the first start writes.</summary>
    public static IReadOnlyList<TenantItem> SampleTenants() =>
    [
        Item(
            ("tenant_id", TenantAttribute.S("acme-corp")),
            ("type", TenantAttribute.S("cloudwatch")),
            ("enabled", TenantAttribute.FromBool(true)),
            ("log_distribution_role_arn", TenantAttribute.S(LocalRoleArn)),
            ("log_group_name", TenantAttribute.S("/loggrains/acme-corp")),
            ("external_id", TenantAttribute.S("acme-local"))),
        Item(
            ("tenant_id", TenantAttribute.S("globex")),
            ("type", TenantAttribute.S("cloudwatch")),
            ("enabled", TenantAttribute.FromBool(true)),
            ("log_distribution_role_arn", TenantAttribute.S(LocalRoleArn)),
            ("log_group_name", TenantAttribute.S("/loggrains/globex")),
            ("desired_logs", TenantAttribute.L([TenantAttribute.S(DesiredApplication)]))),
        Item(
            ("tenant_id", TenantAttribute.S("globex")),
            ("type", TenantAttribute.S("s3")),
            ("enabled", TenantAttribute.FromBool(true)),
            ("log_distribution_role_arn", TenantAttribute.S(LocalRoleArn)),
            ("bucket_name", TenantAttribute.S("globex-archive")),
            ("bucket_prefix", TenantAttribute.S(TenantConfig.DefaultBucketPrefix))),
    ];

    /// <summary>Writes the first start's files: several pods and applications per tenant, one globex application filtered out.</summary>
    public IReadOnlyList<LocalSampleFile> WriteInitialFiles(DateTimeOffset now) =>
        InitialFiles.Select((f, i) => Write(f.Tenant, f.Application, f.Pod, f.Namespace, f.ReachesLogs, now - TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(i * 7), f.Count)).ToList();

    /// <summary>Writes one fresh file per sample tenant (for the feeder).</summary>
    public IReadOnlyList<LocalSampleFile> WriteFeedFiles(DateTimeOffset now) =>
    [
        Write("acme-corp", "payment-service", "payment-service-7d9f8b6c5-x2k4p", "payments", true, now - TimeSpan.FromSeconds(30), 5),
        Write("globex", DesiredApplication, "checkout-6f7a8b9c0-p1q2r", "shop", true, now - TimeSpan.FromSeconds(30), 5),
    ];

    /// <summary>A Vector file's bytes (gzip NDJSON) and the events in it, in file order.</summary>
    public static (byte[] Content, IReadOnlyList<LocalSampleEvent> Events) BuildContent(
        string tenant, string application, string pod, string podNamespace, DateTimeOffset start, int first, int count)
    {
        var events = new List<LocalSampleEvent>();
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
            {
                var n = first + i;
                var timestamp = start + TimeSpan.FromMilliseconds(i * 137);
                var message = string.Format(CultureInfo.InvariantCulture, Templates[n % Templates.Length], application, n.ToString("D6", CultureInfo.InvariantCulture), 10 + (n * 7 % 90));
                events.Add(new LocalSampleEvent(timestamp, message));
                gzip.Write(Record(tenant, application, pod, podNamespace, timestamp, i, message));
                gzip.Write("\n"u8);
            }
        }

        return (buffer.ToArray(), events);
    }

    private LocalSampleFile Write(string tenant, string application, string pod, string podNamespace, bool reachesLogs, DateTimeOffset start, int count)
    {
        var first = Interlocked.Add(ref _sequence, count) - count;
        var (content, events) = BuildContent(tenant, application, pod, podNamespace, start, first, count);
        var file = $"{start.UtcDateTime.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}.log.gz";
        var key = $"{tenant}/{ClusterId}/{application}/{pod}/{file}";
        LocalPaths.TryResolve(paths.Staging, key, out var destination);
        Directory.CreateDirectory(paths.Temp);
        var temporary = Path.Combine(paths.Temp, Guid.NewGuid().ToString("N") + ".sample");
        File.WriteAllBytes(temporary, content);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Move(temporary, destination);
        return new LocalSampleFile(key, tenant, application, reachesLogs, events);
    }

    private static byte[] Record(string tenant, string application, string pod, string podNamespace, DateTimeOffset timestamp, int index, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("application", application);
            json.WriteString("cluster_id", ClusterId);
            json.WriteString("customer_id", tenant);
            json.WriteString("file", $"/var/log/pods/{podNamespace}_{pod}_local/app/0.log");
            json.WriteStartObject("kubernetes");
            json.WriteString("container_name", "app");
            json.WriteStartObject("pod_annotations");
            json.WriteString("customer_id", tenant);
            json.WriteString("cluster_id", ClusterId);
            json.WriteString("application", application);
            json.WriteEndObject();
            json.WriteStartObject("pod_labels");
            json.WriteString("app", application);
            json.WriteString("rosa_export_logs", "true");
            json.WriteEndObject();
            json.WriteString("pod_name", pod);
            json.WriteString("pod_namespace", podNamespace);
            json.WriteString("pod_node_name", "ip-10-0-1-23.ec2.internal");
            json.WriteEndObject();
            json.WriteString("message", message);
            json.WriteString("pod_name", pod);
            json.WriteString("source_type", "kubernetes_logs");
            json.WriteString("stream", index % 4 == 3 ? "stderr" : "stdout");
            json.WriteString("timestamp", NanosecondTimestamp(timestamp, index));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>RFC 3339 with nine fraction digits, as Vector writes; the last two digits are below .NET's tick.</summary>
    private static string NanosecondTimestamp(DateTimeOffset timestamp, int index) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture) +
        (index * 37 % 100).ToString("D2", CultureInfo.InvariantCulture) + "Z";

    private static TenantItem Item(params (string Name, TenantAttribute Value)[] attributes) =>
        new(attributes.Select(a => KeyValuePair.Create(a.Name, a.Value)));
}
