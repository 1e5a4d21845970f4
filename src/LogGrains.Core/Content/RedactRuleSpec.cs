namespace LogGrains.Core.Content;

/// <summary>One entry of a delivery's <c>redact</c> list: a built-in rule by name, or a custom rule.</summary>
/// <param name="Name">The rule's name: a built-in name (<see cref="BuiltInRules.Names"/>) when <paramref name="Pattern"/> is null, else the custom rule's name, shown in <c>[REDACTED:name]</c> and in the counters.</param>
/// <param name="Pattern">The custom rule's .NET regular expression (run with <c>RegexOptions.NonBacktracking</c>); null for a built-in.</param>
/// <param name="Replacement">The custom rule's literal replacement text; null = <c>[REDACTED:name]</c>. Not used by built-ins.</param>
public sealed record RedactRuleSpec(string Name, string? Pattern = null, string? Replacement = null)
{
    /// <summary>Whether this entry names a built-in rule.</summary>
    public bool IsBuiltIn => Pattern is null;
}
