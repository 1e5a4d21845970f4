namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>A stack that reached CREATE_COMPLETE: its parameters as given, its outputs, and its resources by logical id.</summary>
public sealed record StackDeployment(
    string Name,
    string AccountId,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyDictionary<string, StackResource> Resources)
{
    /// <summary>An output; fails naming the stack when the template has no such output.</summary>
    public string Output(string key) =>
        Outputs.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"Stack {Name} has no output {key}; it has {string.Join(", ", Outputs.Keys)}.");
}

/// <summary>One resource of a stack as CloudFormation reports it.</summary>
public sealed record StackResource(string LogicalId, string PhysicalId, string Type);
