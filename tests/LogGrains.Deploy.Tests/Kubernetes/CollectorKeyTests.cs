using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using LogGrains.Core.Keys;
using YamlDotNet.RepresentationModel;

namespace LogGrains.Deploy.Tests.Kubernetes;

/// <summary>
/// The collector's Vector configuration and LogGrains' default key layout describe the same keys: the remap runs on a
/// sample pod's metadata (<see cref="VrlSubset"/>), the sink's key_prefix is rendered from its output, Vector's file
/// name is added, and <see cref="KeyLayout"/> parses the result.
/// </summary>
public sealed partial class CollectorKeyTests
{
    private const string PodName = "checkout-7d9f8b6c5-x2k4q";

    private static readonly DateTimeOffset BatchTime = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_labelled_pod_gets_a_key_that_parses_into_its_customer_cluster_application_and_pod()
    {
        var vector = VectorConfig.Of(Kustomize.Render("collector"));
        var labels = new Dictionary<string, object?> { ["loggrains.io/customer-id"] = "acme", ["app.kubernetes.io/name"] = "checkout" };

        var key = vector.KeyFor(Event(labels, annotations: []));

        Assert.True(KeyLayout.Default.TryParse(key, out var parsed, out var rejection), rejection?.Message);
        Assert.Equal("acme", parsed.Tenant);
        Assert.Equal(vector.Settings["LOGGRAINS_CLUSTER_ID"], parsed.ClusterId);
        Assert.Equal("checkout", parsed.Application);
        Assert.Equal(PodName, parsed.PodName);
        Assert.Matches(VectorFileName(), parsed.FileName);
    }

    [Fact]
    public void Annotations_a_cluster_label_and_the_plain_app_label_are_read_too()
    {
        var vector = VectorConfig.Of(Kustomize.Render("collector"));
        var labels = new Dictionary<string, object?> { ["app"] = "billing", ["loggrains.io/cluster-id"] = "eks-blue" };
        var annotations = new Dictionary<string, object?> { ["loggrains.io/customer-id"] = "globex" };

        var key = vector.KeyFor(Event(labels, annotations));

        Assert.True(KeyLayout.Default.TryParse(key, out var parsed, out var rejection), rejection?.Message);
        Assert.Equal(("globex", "eks-blue", "billing"), (parsed.Tenant, parsed.ClusterId, parsed.Application));
    }

    [Theory]
    [InlineData(false, true, true, "_missing_customer_id")]
    [InlineData(true, false, true, "_missing_application")]
    [InlineData(true, true, false, "_missing_cluster_id")]
    [InlineData(false, false, false, "_missing_customer_id_cluster_id_application")]
    public void A_pod_without_its_labels_gets_a_key_LogGrains_refuses_naming_what_is_missing(bool customer, bool application, bool cluster, string tenantSegment)
    {
        var vector = VectorConfig.Of(Kustomize.Render("collector"));
        var labels = new Dictionary<string, object?>();
        if (customer)
        {
            labels["loggrains.io/customer-id"] = "acme";
        }

        if (application)
        {
            labels["app.kubernetes.io/name"] = "checkout";
        }

        var environment = cluster ? vector.Settings : new Dictionary<string, string>(vector.Settings) { ["LOGGRAINS_CLUSTER_ID"] = "" };

        var key = vector.KeyFor(Event(labels, annotations: []), environment);

        Assert.False(KeyLayout.Default.TryParse(key, out _, out var rejection), $"{key} was accepted");
        Assert.Equal(KeyRejectionReason.InvalidTenantId, rejection.Reason);
        Assert.Contains($"'{tenantSegment}' is not a valid tenant id", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_heartbeat_pod_is_collected_and_keyed_like_any_customer_pod()
    {
        var vector = VectorConfig.Of(Kustomize.Render("collector"));
        var heartbeat = Kustomize.Render("heartbeat");
        var deployment = heartbeat.One<V1Deployment>("loggrains-heartbeat");
        var labels = deployment.Spec.Template.Metadata.Labels.ToDictionary(l => l.Key, l => (object?)l.Value, StringComparer.Ordinal);
        var namespaceLabels = heartbeat.One<V1Namespace>(deployment.Metadata.NamespaceProperty).Metadata.Labels;

        var key = vector.KeyFor(Event(labels, annotations: []));

        var selector = vector.NamespaceLabelSelector.Split('=');
        Assert.Equal(selector[1], namespaceLabels.TryGetValue(selector[0], out var value) ? value : null);
        Assert.True(KeyLayout.Default.TryParse(key, out var parsed, out var rejection), rejection?.Message);
        Assert.Equal(("loggrains-canary", "loggrains-heartbeat"), (parsed.Tenant, parsed.Application));
    }

    [Fact]
    public void The_sink_writes_gzipped_NDJSON_in_10_MiB_or_5_minute_batches_with_an_assumed_role()
    {
        var sink = VectorConfig.Of(Kustomize.Render("collector")).Sink;

        Assert.Equal("aws_s3", Text(sink, "type"));
        Assert.Equal(["keys"], ((YamlSequenceNode)sink["inputs"]).Select(n => ((YamlScalarNode)n).Value));
        Assert.Equal("gzip", Text(sink, "compression"));
        Assert.Equal("json", Text(sink, "encoding", "codec"));
        Assert.Equal("newline_delimited", Text(sink, "framing", "method"));
        Assert.Equal("10485760", Text(sink, "batch", "max_bytes"));
        Assert.Equal("300", Text(sink, "batch", "timeout_secs"));
        Assert.False(string.IsNullOrWhiteSpace(Text(sink, "auth", "assume_role")), "auth.assume_role is not set");
    }

    private static Dictionary<string, object?> Event(Dictionary<string, object?> labels, Dictionary<string, object?> annotations) => new(StringComparer.Ordinal)
    {
        ["message"] = "GET /cart 200",
        ["kubernetes"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["pod_name"] = PodName,
            ["pod_namespace"] = "shop",
            ["container_name"] = "app",
            ["pod_labels"] = labels,
            ["pod_annotations"] = annotations,
        },
    };

    private static string? Text(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var part in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(part), out var child))
            {
                return null;
            }

            current = child;
        }

        return (current as YamlScalarNode)?.Value;
    }

    /// <summary>Vector's object name after the prefix: <c>filename_time_format</c> %s, <c>-</c>, a UUID, <c>.</c> and the extension.</summary>
    [GeneratedRegex(@"^\d{10}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json\.gz$")]
    private static partial Regex VectorFileName();

    /// <summary>The collector's vector.yaml and settings as rendered, and the key Vector would write for an event.</summary>
    private sealed partial class VectorConfig
    {
        private VectorConfig(YamlMappingNode root, IReadOnlyDictionary<string, string> settings)
        {
            Settings = settings;
            var sources = (YamlMappingNode)root["sources"];
            var source = (YamlMappingNode)Assert.Single(sources.Children).Value;
            Assert.Equal("kubernetes_logs", Text(source, "type"));
            NamespaceLabelSelector = Text(source, "extra_namespace_label_selector") ?? throw new InvalidOperationException("kubernetes_logs reads every namespace: extra_namespace_label_selector is not set");
            var remap = (YamlMappingNode)root["transforms"]["keys"];
            Assert.Equal("remap", Text(remap, "type"));
            Remap = Text(remap, "source")!;
            Sink = (YamlMappingNode)root["sinks"]["staging"];
        }

        public IReadOnlyDictionary<string, string> Settings { get; }

        public string NamespaceLabelSelector { get; }

        public string Remap { get; }

        public YamlMappingNode Sink { get; }

        public static VectorConfig Of(Manifest manifest)
        {
            var daemonSet = manifest.One<V1DaemonSet>("vector");
            var container = Assert.Single(daemonSet.Spec.Template.Spec.Containers);
            var configName = Assert.Single(daemonSet.Spec.Template.Spec.Volumes, v => v.ConfigMap is not null).ConfigMap.Name;
            var settingsName = Assert.Single(container.EnvFrom).ConfigMapRef.Name;
            var yaml = manifest.One<V1ConfigMap>(configName).Data["vector.yaml"];
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return new VectorConfig((YamlMappingNode)stream.Documents[0].RootNode, manifest.One<V1ConfigMap>(settingsName).Data.AsReadOnly());
        }

        /// <summary>The object key of the batch holding <paramref name="input"/>, as the aws_s3 sink names it.</summary>
        public string KeyFor(Dictionary<string, object?> input, IReadOnlyDictionary<string, string>? environment = null)
        {
            var variables = environment ?? Settings;
            var fields = VrlSubset.Run(Remap, input, name => variables.TryGetValue(name, out var value) ? value : null);
            var prefixTemplate = Text(Sink, "key_prefix")!;
            Assert.DoesNotContain("%", prefixTemplate, StringComparison.Ordinal);
            var prefix = TemplateField().Replace(prefixTemplate, m => fields.TryGetValue(m.Groups[1].Value, out var value)
                ? value
                : throw new InvalidOperationException($"key_prefix uses {{{{ {m.Groups[1].Value} }}}}, which the remap does not set: Vector would drop the event"));
            Assert.Equal("%s", Text(Sink, "filename_time_format") ?? "%s");
            Assert.Equal("true", Text(Sink, "filename_append_uuid") ?? "true");
            var extension = Text(Sink, "filename_extension");
            return $"{prefix}{BatchTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid()}.{extension}";
        }

        [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")]
        private static partial Regex TemplateField();
    }
}
