using System.Text.Json;
using System.Text.RegularExpressions;

namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>
/// The Allow statements of a deployed identity policy, enough to ask whether an action on a resource is allowed:
/// actions and resources with IAM's <c>*</c> and <c>?</c> wildcards. Conditions and Deny statements are not evaluated
/// (the policies checked here have none); a statement with NotAction or NotResource is refused.
/// </summary>
internal sealed class IamPolicy
{
    private readonly List<(Regex[] Actions, Regex[] Resources, string Sid)> _allows = [];

    public IamPolicy(string name, JsonElement document)
    {
        Name = name;
        foreach (var statement in document.GetProperty("Statement").EnumerateArray())
        {
            if (statement.TryGetProperty("NotAction", out _) || statement.TryGetProperty("NotResource", out _))
            {
                throw new NotSupportedException($"{name}: NotAction/NotResource are not evaluated here.");
            }

            if (statement.GetProperty("Effect").GetString() != "Allow")
            {
                continue;
            }

            _allows.Add((
                Strings(statement.GetProperty("Action")).Select(a => Pattern(a, RegexOptions.IgnoreCase)).ToArray(),
                Strings(statement.GetProperty("Resource")).Select(r => Pattern(r, RegexOptions.None)).ToArray(),
                statement.TryGetProperty("Sid", out var sid) ? sid.GetString()! : "?"));
        }
    }

    public string Name { get; }

    public bool Allows(string action, string resource) =>
        _allows.Any(s => s.Actions.Any(a => a.IsMatch(action)) && s.Resources.Any(r => r.IsMatch(resource)));

    private static IEnumerable<string> Strings(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString()!) : [value.GetString()!];

    private static Regex Pattern(string wildcard, RegexOptions options) =>
        new("^" + Regex.Escape(wildcard).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", options | RegexOptions.CultureInvariant);
}
