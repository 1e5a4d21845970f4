using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>
/// A template read with YamlDotNet's representation model, which keeps CloudFormation's short-form tags
/// (<c>!Ref</c>, <c>!Sub</c>, ...) on the nodes instead of refusing them. <see cref="Resolve"/> evaluates the
/// intrinsics a test needs against a deployed stack, and refuses any other, so that a test applying a part of the
/// template never applies something other than what the template says.
/// </summary>
internal sealed partial class CfnTemplate
{
    private readonly YamlMappingNode _root;

    private CfnTemplate(YamlMappingNode root) => _root = root;

    public static CfnTemplate Load(string name)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(CfnTemplates.Read(name));
        stream.Load(reader);
        return new CfnTemplate((YamlMappingNode)stream.Documents[0].RootNode);
    }

    /// <summary>A resource's property, or null when the resource does not declare it.</summary>
    public YamlNode? Property(string logicalId, string property)
    {
        var resource = (YamlMappingNode)((YamlMappingNode)_root["Resources"])[logicalId];
        var properties = (YamlMappingNode)resource["Properties"];
        return properties.Children.TryGetValue(new YamlScalarNode(property), out var value) ? value : null;
    }

    /// <summary>The logical ids of the resources that have no <c>Condition</c>: those every deployment creates.</summary>
    public IReadOnlyList<string> UnconditionalResources() =>
        [.. ((YamlMappingNode)_root["Resources"]).Children
            .Where(r => !((YamlMappingNode)r.Value).Children.ContainsKey(new YamlScalarNode("Condition")))
            .Select(r => ((YamlScalarNode)r.Key).Value!)];

    /// <summary>A parameter's default, or null.</summary>
    public string? Default(string parameter)
    {
        var parameters = (YamlMappingNode)_root["Parameters"];
        var declared = (YamlMappingNode)parameters[parameter];
        return declared.Children.TryGetValue(new YamlScalarNode("Default"), out var value) ? ((YamlScalarNode)value).Value : null;
    }

    /// <summary>
    /// The node as plain values (string, list, dictionary) with <c>Ref</c> and <c>Sub</c> evaluated against
    /// <paramref name="stack"/>: parameters as given or defaulted, pseudo parameters, resources' physical ids.
    /// </summary>
    public object Resolve(YamlNode node, StackDeployment stack)
    {
        ArgumentNullException.ThrowIfNull(node);
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        switch (tag)
        {
            case "!Ref":
                return Ref(((YamlScalarNode)node).Value!, stack);
            case "!Sub" when node is YamlScalarNode sub:
                return Sub(sub.Value!, stack);
            case not null when tag.StartsWith('!'):
                throw new NotSupportedException($"The test does not evaluate {tag} (at {node.Start}); extend {nameof(CfnTemplate)} or apply it differently.");
        }

        return node switch
        {
            YamlScalarNode scalar => scalar.Value ?? string.Empty,
            YamlSequenceNode sequence => sequence.Children.Select(c => Resolve(c, stack)).ToList(),
            YamlMappingNode { Children.Count: 1 } mapping when IsLongFormIntrinsic(mapping) =>
                throw new NotSupportedException($"The test does not evaluate the long-form intrinsic at {node.Start}."),
            YamlMappingNode mapping => mapping.Children.ToDictionary(
                kv => ((YamlScalarNode)kv.Key).Value!, kv => Resolve(kv.Value, stack), StringComparer.Ordinal),
            _ => throw new NotSupportedException($"Unexpected YAML node at {node.Start}."),
        };
    }

    private static bool IsLongFormIntrinsic(YamlMappingNode mapping) =>
        ((YamlScalarNode)mapping.Children.Keys.Single()).Value is { } key && (key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal));

    private string Ref(string name, StackDeployment stack) => name switch
    {
        "AWS::AccountId" => stack.AccountId,
        "AWS::Region" => Testing.Moto.MotoServer.Region,
        "AWS::Partition" => "aws",
        "AWS::StackName" => stack.Name,
        _ when stack.Parameters.TryGetValue(name, out var given) => given,
        _ when ((YamlMappingNode)_root["Parameters"]).Children.ContainsKey(new YamlScalarNode(name)) =>
            Default(name) ?? throw new InvalidOperationException($"Parameter {name} has no default and was not given."),
        _ when stack.Resources.TryGetValue(name, out var resource) => resource.PhysicalId,
        _ => throw new InvalidOperationException($"!Ref {name}: no parameter or resource of that name in stack {stack.Name}."),
    };

    private string Sub(string text, StackDeployment stack) =>
        SubVariable().Replace(text, m => m.Groups[1].Value.Contains('.', StringComparison.Ordinal)
            ? throw new NotSupportedException($"The test does not evaluate ${{{m.Groups[1].Value}}} in !Sub.")
            : Ref(m.Groups[1].Value, stack));

    [GeneratedRegex(@"\$\{([^}!]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex SubVariable();

    /// <summary>A resolved value as a whole number.</summary>
    public static int Int(object value) => int.Parse((string)value, CultureInfo.InvariantCulture);
}
