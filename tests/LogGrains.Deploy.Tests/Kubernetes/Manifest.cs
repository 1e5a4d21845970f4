using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace LogGrains.Deploy.Tests.Kubernetes;

/// <summary>
/// The documents <c>kubectl kustomize</c> rendered, each parsed strictly into KubernetesClient's typed model (an unknown
/// or misspelt field throws), except custom resources that the model does not know, which keep their YAML only.
/// </summary>
internal sealed partial class Manifest
{
    /// <summary>API groups of custom resources, checked field by field as YAML (KEDA, OpenShift).</summary>
    public static readonly IReadOnlyList<string> CustomResourceGroups = ["keda.sh/", "security.openshift.io/"];

    private Manifest(IReadOnlyList<ManifestDocument> documents) => Documents = documents;

    public IReadOnlyList<ManifestDocument> Documents { get; }

    /// <summary>Splits and parses a rendered stream; throws naming the document that does not fit the typed model.</summary>
    public static Manifest Parse(string rendered)
    {
        var documents = new List<ManifestDocument>();
        foreach (var text in DocumentSeparator().Split(rendered).Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var node = (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
            var apiVersion = Scalar(node, "apiVersion") ?? throw new InvalidOperationException($"A document has no apiVersion:\n{text}");
            var kind = Scalar(node, "kind") ?? throw new InvalidOperationException($"A document has no kind:\n{text}");
            var metadata = (YamlMappingNode)node.Children[new YamlScalarNode("metadata")];
            var name = Scalar(metadata, "name") ?? throw new InvalidOperationException($"A {kind} has no name.");
            object? typed = null;
            if (!CustomResourceGroups.Any(g => apiVersion.StartsWith(g, StringComparison.Ordinal)))
            {
                typed = Strict(text, $"{kind} {name}");
            }

            documents.Add(new ManifestDocument(apiVersion, kind, name, Scalar(metadata, "namespace"), text, node, typed));
        }

        return new Manifest(documents);
    }

    /// <summary>Parses one document into its typed model; an unknown field, a wrong type or an unknown kind throws.</summary>
    public static object Strict(string yaml, string what)
    {
        try
        {
            var objects = KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);
            var typed = Assert.Single(objects);
            Assert.IsAssignableFrom<IKubernetesObject>(typed);
            return typed;
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{what} does not parse into the Kubernetes model: {e.Message}", e);
        }
    }

    public IEnumerable<T> All<T>() => Documents.Select(d => d.Typed).OfType<T>();

    public T One<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        Assert.Single(All<T>(), o => o.Metadata.Name == name);

    public ManifestDocument Custom(string kind, string name) =>
        Assert.Single(Documents, d => d.Kind == kind && d.Name == name);

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    [GeneratedRegex(@"^---\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}

/// <summary>One rendered document: its identity, its YAML, and its typed model when Kubernetes' model knows its kind.</summary>
internal sealed record ManifestDocument(
    string ApiVersion,
    string Kind,
    string Name,
    string? Namespace,
    string Yaml,
    YamlMappingNode Node,
    object? Typed);
