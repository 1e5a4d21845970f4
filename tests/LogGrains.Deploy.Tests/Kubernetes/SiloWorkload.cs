using System.Globalization;
using k8s.Models;

namespace LogGrains.Deploy.Tests.Kubernetes;

/// <summary>The silo Deployment of a rendered manifest, with its container's environment resolved as the kubelet would.</summary>
internal sealed class SiloWorkload
{
    public const string DeploymentName = "loggrains-silo";

    private SiloWorkload(Manifest manifest, V1Deployment deployment)
    {
        Manifest = manifest;
        Deployment = deployment;
        Pod = deployment.Spec.Template;
        Container = Assert.Single(Pod.Spec.Containers);
        Environment = ResolveEnvironment();
    }

    public Manifest Manifest { get; }

    public V1Deployment Deployment { get; }

    public V1PodTemplateSpec Pod { get; }

    public V1Container Container { get; }

    public string Namespace => Deployment.Metadata.NamespaceProperty;

    /// <summary>Each variable's source: a literal, a downward-API field (<c>field:…</c>) or a Secret (<c>secret:name/key</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public static SiloWorkload Of(Manifest manifest) => new(manifest, manifest.One<V1Deployment>(DeploymentName));

    /// <summary>A setting's value, or its documented default when the manifest leaves it out.</summary>
    public string Setting(string name, string defaultValue) => Environment.GetValueOrDefault(name) ?? defaultValue;

    public int WebPort => int.Parse(Setting("LogGrains__Web__Port", "8080"), CultureInfo.InvariantCulture);

    /// <summary>A probe's or Service's port: a number, or the name of one of the container's ports.</summary>
    public int PortNumber(IntOrString port)
    {
        if (int.TryParse(port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var named = Assert.Single(Container.Ports, p => p.Name == port.Value);
        return named.ContainerPort;
    }

    private Dictionary<string, string> ResolveEnvironment()
    {
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in Container.EnvFrom ?? [])
        {
            Assert.NotNull(source.ConfigMapRef);
            var configMap = Manifest.All<V1ConfigMap>().SingleOrDefault(c => c.Metadata.Name == source.ConfigMapRef.Name && c.Metadata.NamespaceProperty == Namespace);
            Assert.True(configMap is not null, $"envFrom names ConfigMap {source.ConfigMapRef.Name}, which is not in namespace {Namespace}");
            foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
            {
                resolved[key] = value;
            }
        }

        // Kubernetes lets env override envFrom.
        foreach (var variable in Container.Env ?? [])
        {
            resolved[variable.Name] = variable switch
            {
                { ValueFrom.FieldRef.FieldPath: var path } when LabelOf(path) is { } label =>
                    Pod.Metadata.Labels.TryGetValue(label, out var value) ? value : throw new InvalidOperationException($"{variable.Name} reads the label {label}, which the pod does not have"),
                { ValueFrom.FieldRef.FieldPath: var path } => "field:" + path,
                { ValueFrom.SecretKeyRef: { } secret } => $"secret:{secret.Name}/{secret.Key}",
                { ValueFrom: null } => variable.Value ?? string.Empty,
                _ => throw new InvalidOperationException($"{variable.Name} has a source this test does not resolve"),
            };
        }

        return resolved;
    }

    private static string? LabelOf(string fieldPath) =>
        fieldPath.StartsWith("metadata.labels['", StringComparison.Ordinal) && fieldPath.EndsWith("']", StringComparison.Ordinal)
            ? fieldPath["metadata.labels['".Length..^2]
            : null;
}
