namespace LogGrains.Core.Content;

/// <summary>
/// The content rules of one delivery as the tenant table states them: <c>include_patterns</c>, <c>exclude_patterns</c>
/// and <c>redact</c>. Not yet validated: <see cref="ContentRules.TryCompile"/> turns it into a rule set or reasons.
/// </summary>
/// <remarks>Two specs with the same entries in the same order are equal, so that a compiled rule set can be reused.</remarks>
/// <param name="Include">Keep an event only if its message matches one of these (empty = keep every event).</param>
/// <param name="Exclude">Drop an event if its message matches one of these.</param>
/// <param name="Redact">The redaction rules, built-in names and custom rules, applied to every kept event.</param>
public sealed record ContentRuleSpec(IReadOnlyList<string> Include, IReadOnlyList<string> Exclude, IReadOnlyList<RedactRuleSpec> Redact)
{
    /// <summary>No rules: every event is kept unchanged.</summary>
    public static ContentRuleSpec None { get; } = new([], [], []);

    /// <summary>Whether there is no rule at all.</summary>
    public bool IsEmpty => Include.Count == 0 && Exclude.Count == 0 && Redact.Count == 0;

    /// <inheritdoc/>
    public bool Equals(ContentRuleSpec? other) =>
        other is not null
        && Include.SequenceEqual(other.Include, StringComparer.Ordinal)
        && Exclude.SequenceEqual(other.Exclude, StringComparer.Ordinal)
        && Redact.SequenceEqual(other.Redact);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var pattern in Include)
        {
            hash.Add(pattern, StringComparer.Ordinal);
        }

        hash.Add(-1);
        foreach (var pattern in Exclude)
        {
            hash.Add(pattern, StringComparer.Ordinal);
        }

        hash.Add(-2);
        foreach (var rule in Redact)
        {
            hash.Add(rule);
        }

        return hash.ToHashCode();
    }
}
